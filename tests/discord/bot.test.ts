/**
 * End to end: the real bot (real discord.js Client, real Engine on a synthetic-model hybrid index) against the
 * loopback fake Discord. Every assertion reads the REST bodies Discord would have received; expected quotes and
 * titles are derived from the same Engine, never hard-coded.
 */
import { createHmac } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { REFUSAL } from "../../src/discord/commands/reindex.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import { boldsKeySentence, escapeText, LIMITS, limitViolations, quoteLine } from "../../src/discord/render.js";
import { GENERIC_ERROR } from "../../src/discord/respond.js";
import { Engine } from "../../src/engine.js";
import { describeError } from "../../src/errors.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { loadInstallSecret } from "../../src/store/secret.js";
import type { Answer } from "../../src/types.js";
import {
  type FakeDiscord,
  isInteractionCallback,
  isOriginalEdit,
  type RecordedRequest,
  type SentInteraction,
} from "../fakes/discord/fake-discord.ts";
import { copyCorpus, tempDir, testConfig } from "../helpers/env.js";
import {
  boldMarkers,
  buttonId,
  buttonsOf,
  isChannelMessage,
  overlongArticle,
  type RunningBot,
  startBot,
} from "./helpers.js";
import { brokenLinks, realWorldArticle } from "./real-world-metadata.js";

const QUESTION = "What did China do about ICOs and blockchain?";
/** Page size 2 (ANSWER_TOP_K=2), so an ordinary question has several pages. */
const PAGE = 2;
const FETCHED = PAGE * 4;
const EPHEMERAL = 64;

let cleanup: (() => void) | undefined;
let config: Config;
let engine: Engine;
let holder: EngineHolder;
let main: RunningBot;
let fake: FakeDiscord;

beforeAll(async () => {
  const tmp = tempDir("quotebot-discord-");
  cleanup = tmp.cleanup;
  const corpus = copyCorpus(tmp.dir);
  for (let i = 0; i < 5; i++) writeFileSync(path.join(corpus, `zz-overlong-${i}.md`), overlongArticle(i));
  for (let i = 0; i < 12; i++) writeFileSync(path.join(corpus, `zz-real-world-${i}.md`), realWorldArticle(i));
  config = testConfig(tmp.dir, "synthetic", {
    COOLDOWN_SECONDS: "0",
    ANSWER_TOP_K: String(PAGE),
    MAX_QUESTION_CHARS: "6000",
  });
  await buildIndex({ config, log: silentLogger });
  engine = await Engine.open(config);
  holder = new EngineHolder(engine, { config, log: silentLogger });
  main = await startBot(config, holder);
  fake = main.fake;
});

afterAll(async () => {
  await main?.stop();
  await engine?.close();
  cleanup?.();
});

function ask(f: FakeDiscord, question: string, extra: Record<string, unknown> = {}): SentInteraction {
  return f.sendSlashCommand({ name: "ask", options: { question }, ...extra });
}

/** The stored message an interaction's reply became (to click its buttons). */
function originalMessage(f: FakeDiscord, ix: SentInteraction) {
  const id = f.interactions.get(ix.id)?.originalMessageId;
  const msg = id ? f.messages.get(id) : undefined;
  if (!msg) throw new Error(`no original message for interaction ${ix.id}`);
  return msg;
}

const keySentence = (a: Answer, i: number) => {
  const q = a.results[i]!.quote;
  return q.text.slice(q.highlight.start, q.highlight.end).trim();
};

/** How result `i` must appear: its key sentence in bold when it is part of a longer quote, else the plain quote. */
const shownQuote = (a: Answer, i: number) => {
  const q = a.results[i]!.quote;
  return boldsKeySentence(q.text, q.highlight)
    ? `**${escapeText(keySentence(a, i))}**`
    : escapeText(q.text.trim()).slice(0, 60);
};

/** The embed that quotes result `i` (an answer has one embed per article). */
const embedOf = (body: { embeds: { title: string; description: string }[] }, a: Answer, i: number) =>
  body.embeds.find((e) => e.title === escapeText(a.results[i]!.passage.article.title))!;

describe("/ask", () => {
  it("given a question, when /ask runs, then the bot defers at once and edits in bold key sentences with citations, a header, the mode and buttons", async () => {
    const expected = await engine.ask(QUESTION, { k: FETCHED });
    expect(expected.answered).toBe(true);

    const ix = ask(fake, QUESTION);
    const callback = await fake.waitForRequest(isInteractionCallback(ix));
    const edit = await fake.waitForRequest(isOriginalEdit(ix));

    expect(callback.body.type).toBe(5);
    expect((callback.body.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(fake.requests.indexOf(callback)).toBeLessThan(fake.requests.indexOf(edit));
    expect(edit.status).toBe(200);
    const body = edit.body;
    expect(body.content).toContain(QUESTION);
    const firstPage = expected.results.slice(0, PAGE);
    expect(body.embeds).toHaveLength(new Set(firstPage.map((r) => r.passage.article.id)).size);
    firstPage.forEach((r, i) => {
      const embed = embedOf(body, expected, i);
      expect(embed.description).toContain(`**${r.rank}.** “`);
      expect(embed.description).toContain(shownQuote(expected, i));
      const a = r.passage.article;
      for (const known of [a.publisher, a.published?.slice(0, 10)])
        if (known) expect(embed.description).toContain(known);
      if (!a.url) expect(embed.description).toContain(a.source);
    });
    expect(body.embeds.at(-1).footer.text).toContain(expected.mode);
    const labels = buttonsOf(body).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(["More sources", "Full passage 1", "Helpful", "Not helpful"]));
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(limitViolations(body)).toEqual([]);
  });

  it("given private:true, when /ask runs, then the deferral is ephemeral (flag 64) and the answer is edited in", async () => {
    const ix = fake.sendSlashCommand({ name: "ask", options: { question: QUESTION, private: true } });
    const callback = await fake.waitForRequest(isInteractionCallback(ix));
    const edit = await fake.waitForRequest(isOriginalEdit(ix));

    expect(callback.body.type).toBe(5);
    expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(originalMessage(fake, ix).flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it("given a question with no searchable words or over the length limit, when /ask or /search runs, then the user alone gets the validator's reason and nothing is deferred or posted publicly", async () => {
    const tooLong = `KICKICO ${"x".repeat(config.retrieval.maxQuestionChars)}`;
    for (const [name, option, question] of [
      ["ask", "question", "the of and"],
      ["ask", "question", tooLong],
      ["search", "query", "the of and"],
      ["ask", "question", "@everyone <@456> https://example.com/x"],
    ] as const) {
      const reason = await engine.ask(question).then(
        () => undefined,
        (e: unknown) => describeError(e),
      );
      expect(reason).toBeDefined();

      const ix = fake.sendSlashCommand({ name, options: { [option]: question } });
      const callback = await fake.waitForRequest(isInteractionCallback(ix));

      expect(callback.body.type).toBe(4);
      expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(callback.body.data.content).toBe(reason);
      expect(fake.findRequests(isOriginalEdit(ix))).toEqual([]);
    }
    const empty = fake.sendMessageContextMenu({ name: "Find sources", message: { content: "the of and 🚀" } });
    const refusal = await fake.waitForRequest(isInteractionCallback(empty));
    expect(refusal.body.type).toBe(4);
    expect(refusal.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.body.data.content).toMatch(/no searchable words/);
  });

  it("given a question the corpus does not answer, when /ask runs, then the reply says so explicitly and suggests the closest titles", async () => {
    const question = "banana smoothie recipe with oat milk";
    const expected = await engine.ask(question, { k: FETCHED });
    expect(expected.answered).toBe(false);

    const ix = ask(fake, question);
    const edit = await fake.waitForRequest(isOriginalEdit(ix));

    expect(edit.body.content).toMatch(/nothing in the corpus/i);
    const description: string = edit.body.embeds[0].description;
    expect(expected.suggestions.length).toBeGreaterThan(0);
    for (const s of expected.suggestions) expect(description).toContain(escapeText(s.title).slice(0, 60));
    expect(limitViolations(edit.body)).toEqual([]);
  });
});

describe("answer buttons", () => {
  it("given an answer with more results than a page, when More sources, Full passage and the feedback buttons are clicked, then the page turns, the chunk is shown privately and one hashed feedback line per vote is written", async () => {
    const expected = await engine.ask(QUESTION, { k: FETCHED });
    expect(expected.results.length).toBeGreaterThan(PAGE);
    const ix = ask(fake, QUESTION);
    const edit = await fake.waitForRequest(isOriginalEdit(ix));
    const message = originalMessage(fake, ix);

    // More sources → the same message shows the next page.
    const more = fake.sendButton({ customId: buttonId(edit.body, "More sources"), message });
    const page2 = await fake.waitForRequest(isInteractionCallback(more));
    expect(page2.body.type).toBe(7);
    const page2Titles = page2.body.data.embeds.map((e: { title: string }) => e.title);
    expect(page2Titles[0]).toBe(escapeText(expected.results[PAGE]!.passage.article.title));
    expect(page2.body.data.embeds[0].description).toMatch(new RegExp(`^\\*\\*${PAGE + 1}\\.\\*\\* “`));
    expect(buttonsOf(page2.body.data).map((b) => b.label)).toContain("Previous");
    expect(limitViolations(page2.body.data)).toEqual([]);

    // Full passage → the whole chunk, ephemeral.
    const fullId = buttonId(page2.body.data, `Full passage ${PAGE + 1}`);
    const full = fake.sendButton({ customId: fullId, message });
    const fullReply = await fake.waitForRequest(isInteractionCallback(full));
    expect(fullReply.body.type).toBe(4);
    expect(fullReply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const chunk = expected.results[PAGE]!.passage.chunk.text;
    const plain = (s: string) => s.replace(/\\|\*\*/g, "").replace(/\s+/g, " ");
    expect(plain(fullReply.body.data.embeds[0].description)).toContain(plain(chunk).slice(0, 120));

    // 👍 twice and 👎 once from one user → two lines, hashed user, the question and the result ids.
    const userId = "1399999999999999999";
    const vote = async (label: string) => {
      const click = fake.sendButton({ customId: buttonId(edit.body, label), message, user: { id: userId } });
      return (await fake.waitForRequest(isInteractionCallback(click))).body;
    };
    expect((await vote("Helpful")).data.content).toMatch(/thanks/i);
    expect((await vote("Helpful")).data.content).toMatch(/already/i);
    const down = await vote("Not helpful");
    expect(down.data.flags & EPHEMERAL).toBe(EPHEMERAL);

    const raw = readFileSync(config.discord.feedbackFile, "utf8");
    expect(raw).not.toContain(userId);
    // Keyed with the installation's secret (DATA_DIR/secret), never a plain sha256 of the public id.
    const hashed = createHmac("sha256", loadInstallSecret(config.dataDir)).update(userId).digest("hex");
    const lines = raw
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((l) => l.user === hashed);
    expect(lines.map((l) => l.vote)).toEqual(["up", "down"]);
    for (const l of lines) {
      expect(l.question).toBe(expected.question);
      expect(l.resultIds).toEqual(expected.results.map((r) => r.passage.chunk.id));
    }
  });

  it("given someone else's public answer, when they click More sources, then they get the next page privately and the answer stays as it was; its asker turns it in place", async () => {
    const asker = { id: "1366666666666666666" };
    const reader = { id: "1355555555555555555" };
    const ix = ask(fake, QUESTION, { user: asker });
    const edit = await fake.waitForRequest(isOriginalEdit(ix));
    const message = originalMessage(fake, ix);
    const before = JSON.stringify(message.embeds);

    const click = fake.sendButton({ customId: buttonId(edit.body, "More sources"), message, user: reader });
    const reply = await fake.waitForRequest(isInteractionCallback(click));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.body.data.embeds[0].description).toMatch(new RegExp(`^\\*\\*${PAGE + 1}\\.\\*\\* “`));
    expect(JSON.stringify(originalMessage(fake, ix).embeds)).toBe(before);
    expect(limitViolations(reply.body.data)).toEqual([]);

    const own = fake.sendButton({ customId: buttonId(edit.body, "More sources"), message, user: asker });
    expect((await fake.waitForRequest(isInteractionCallback(own))).body.type).toBe(7);
  });

  it("given /sources over more than ten articles, when Next is clicked, then the list turns to page two", async () => {
    const all = engine.articles();
    expect(all.length).toBeGreaterThan(10);
    const ix = fake.sendSlashCommand({ name: "sources" });
    const reply = await fake.waitForRequest(isInteractionCallback(ix));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.embeds[0].description).toContain(escapeText(all[0]!.title).slice(0, 60));

    const next = fake.sendButton({ customId: buttonId(reply.body.data, "Next"), message: originalMessage(fake, ix) });
    const page2 = await fake.waitForRequest(isInteractionCallback(next));
    expect(page2.body.type).toBe(7);
    expect(page2.body.data.embeds[0].description).toContain("**11.**");
    expect(page2.body.data.embeds[0].footer.text).toContain("Page 2");

    // Someone else's click shows them page two privately; the list stays as its invoker left it.
    const other = fake.sendButton({
      customId: buttonId(reply.body.data, "Next"),
      message: originalMessage(fake, ix),
      user: { id: "1344444444444444444" },
    });
    const mine = await fake.waitForRequest(isInteractionCallback(other));
    expect(mine.body.type).toBe(4);
    expect(mine.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(mine.body.data.embeds[0].description).toContain("**11.**");
  });
});

describe("lookups", () => {
  it("given /search with k:3, when it runs, then the reply is a ranked list of three titles with one-line quotes and scores", async () => {
    const query = "blockchain Russia fund";
    const expected = await engine.lookup(query, 3);
    const ix = fake.sendSlashCommand({ name: "search", options: { query, k: 3 } });
    const callback = await fake.waitForRequest(isInteractionCallback(ix));
    const edit = await fake.waitForRequest(isOriginalEdit(ix));

    expect(callback.body.type).toBe(5);
    const description: string = edit.body.embeds[0].description;
    expected.forEach(({ passage: p, quote }, i) => {
      expect(description).toContain(`**${i + 1}.**`);
      expect(description).toContain(escapeText(p.article.title).slice(0, 60));
      expect(description).toContain(`score ${p.score.toFixed(2)}`);
      // The one-line quote is the part an answer would put in bold.
      expect(description).toContain(`> ${escapeText(quoteLine(quote)).slice(0, 40)}`);
    });
    expect(description).not.toContain(`**${expected.length + 1}.**`);
    expect(limitViolations(edit.body)).toEqual([]);
  });

  it("given a partial title, when /source autocompletes, then at most 25 choices within 100 characters come back, and picking one shows the article", async () => {
    const ac = fake.sendAutocomplete({ name: "source", options: { article: "zyzzyva" } });
    const callback = await fake.waitForRequest(isInteractionCallback(ac));
    expect(callback.status).toBe(204);
    expect(callback.body.type).toBe(8);
    const choices: { name: string; value: string }[] = callback.body.data.choices;
    const expected = engine.findArticles("zyzzyva", 25);
    expect(choices.map((c) => c.value)).toEqual(expected.map((a) => a.id));
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);

    const china = fake.sendAutocomplete({ name: "source", options: { article: "chin" } });
    const chinaChoices = (await fake.waitForRequest(isInteractionCallback(china))).body.data.choices;
    const picked = chinaChoices[0];
    const article = engine.article(picked.value)!;
    const show = fake.sendSlashCommand({ name: "source", options: { article: picked.value } });
    const reply = await fake.waitForRequest(isInteractionCallback(show));
    expect(reply.body.type).toBe(4);
    const embed = reply.body.data.embeds[0];
    expect(embed.title).toBe(escapeText(article.title));
    expect(embed.description.startsWith(escapeText(article.lead).slice(0, 80))).toBe(true);
    expect(limitViolations(reply.body.data)).toEqual([]);
  });
});

describe("mentions and context menu", () => {
  it("given a message mentioning the bot, when it arrives without the Message Content intent, then the bot replies to it with quotes", async () => {
    const question = "What did China do about ICOs?";
    expect((await engine.ask(question, { k: FETCHED })).answered).toBe(true);
    expect(fake.identify.intents & (1 << 15)).toBe(0);

    const chatter = fake.sendMessage({ content: "just chatting about ICOs, no mention" });
    const mid = fake.sendMessage({ content: question, mentionsBot: true });
    const post = await fake.waitForRequest(
      (r) => isChannelMessage(fake.ids.channelId)(r) && r.body?.message_reference?.message_id === mid,
    );

    // Messages are handled in order, so the chatter was seen (and ignored) before the mention was answered.
    expect(fake.findRequests((r) => r.body?.message_reference?.message_id === chatter)).toEqual([]);
    expect(post.status).toBe(200);
    expect(post.body.content).toContain(question);
    expect(post.body.content).not.toContain(fake.ids.botUserId);
    expect(post.body.embeds.length).toBeGreaterThan(0);
    expect(post.body.allowed_mentions.parse).toEqual([]);
  });

  it("given a mention token appended to a question, when it is asked with /ask and in a mention, then it is answered exactly like the clean question", async () => {
    const clean = "What did Huawei do in the metaverse?";
    const noisy = `${clean} <@456>`;
    const expected = await engine.ask(clean, { k: FETCHED });
    expect(expected.answered).toBe(true);

    const cleanEdit = (await fake.waitForRequest(isOriginalEdit(ask(fake, clean)))).body;
    const noisyEdit = (await fake.waitForRequest(isOriginalEdit(ask(fake, noisy)))).body;
    const mid = fake.sendMessage({ content: `<@friend> ${noisy}`, mentionsBot: true });
    const post = await fake.waitForRequest(
      (r) => isChannelMessage(fake.ids.channelId)(r) && r.body?.message_reference?.message_id === mid,
    );

    expect(cleanEdit.embeds.length).toBeGreaterThan(0);
    for (const body of [noisyEdit, post.body]) {
      expect(body.content).toBe(cleanEdit.content);
      expect(body.embeds).toEqual(cleanEdit.embeds);
      expect(body.content).not.toContain("456");
    }
  });

  it("given REPLY_IN_THREAD, when the bot is mentioned, then it opens a thread on the question and answers there", async () => {
    const threaded = await startBot({ ...config, discord: { ...config.discord, replyInThread: true } }, holder);
    try {
      const f = threaded.fake;
      const mid = f.sendMessage({ content: "What did China do about ICOs?", mentionsBot: true });
      const thread = await f.waitForRequest(
        (r) => r.method === "POST" && r.path === `/channels/${f.ids.channelId}/messages/${mid}/threads`,
      );
      expect(thread.status).toBe(201);
      expect(thread.body.name.length).toBeLessThanOrEqual(100);
      const answer = await f.waitForRequest(isChannelMessage(thread.response.id));
      expect(answer.body.embeds.length).toBeGreaterThan(0);
      expect(answer.body.allowed_mentions.parse).toEqual([]);
    } finally {
      await threaded.stop();
    }
  });

  it("given a message, when Find sources is used on it, then the bot defers and edits in quotes and citations for its text", async () => {
    const text = "Chinese blockchain leaders created a fund with Russian help to support ICO projects.";
    const expected = await engine.ask(text, { k: FETCHED });
    expect(expected.answered).toBe(true);

    const ix = fake.sendMessageContextMenu({ name: "Find sources", message: { content: text } });
    const callback = await fake.waitForRequest(isInteractionCallback(ix));
    const edit = await fake.waitForRequest(isOriginalEdit(ix));

    expect(callback.body.type).toBe(5);
    expect(edit.body.content).toMatch(/^Sources for \[this message\]/);
    expect(edit.body.embeds[0].title).toContain(escapeText(expected.results[0]!.passage.article.title));
    expect(edit.body.embeds[0].description).toContain(shownQuote(expected, 0));

    const empty = fake.sendMessageContextMenu({ name: "Find sources", message: { content: "" } });
    const refusal = await fake.waitForRequest(isInteractionCallback(empty));
    expect(refusal.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.body.data.content).toMatch(/no text/i);
  });
});

describe("permissions and safety", () => {
  it("given a member without Manage Server, when /reindex runs, then they get a polite ephemeral refusal and nothing is rebuilt", async () => {
    const ix = fake.sendSlashCommand({ name: "reindex" });
    const reply = await fake.waitForRequest(isInteractionCallback(ix));

    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe(REFUSAL);
    expect(holder.rebuilding).toBe(false);
    expect(holder.current).toBe(engine);
  });

  it("given @everyone and role/user mentions in a question, when the bot answers, then every body carries allowed_mentions with an empty parse and echoes no mention syntax", async () => {
    const question = `@everyone <@&${fake.ids.botRoleId}> <@${fake.ids.userId}> what did China do about ICOs?`;
    const live = /<(?:@|#|\/|a?:|t:)|@(?:everyone|here)/;
    const ix = ask(fake, question);
    const edit = await fake.waitForRequest(isOriginalEdit(ix));
    expect(edit.body.content).toContain("what did China do about ICOs?");
    expect(JSON.stringify(edit.body)).not.toMatch(live);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });

    const mid = fake.sendMessage({ content: question, mentionsBot: true });
    const post = await fake.waitForRequest(
      (r) => isChannelMessage(fake.ids.channelId)(r) && r.body?.message_reference?.message_id === mid,
    );
    expect(post.body.allowed_mentions.parse).toEqual([]);
    expect(JSON.stringify({ content: post.body.content, embeds: post.body.embeds })).not.toMatch(live);

    const search = fake.sendSlashCommand({ name: "search", options: { query: question } });
    const found = await fake.waitForRequest(isOriginalEdit(search));
    expect(found.body.content).toContain("what did China do about ICOs?");
    expect(JSON.stringify(found.body)).not.toMatch(live);
  });

  it("given an answer far over Discord's limits, when it is rendered, then every body respects all the limits and quotes are cut at word boundaries with balanced bold", async () => {
    const question = Array(300).fill("zyzzyva quasar").join(" ");
    const wide = await startBot({ ...config, retrieval: { ...config.retrieval, topK: 5 } }, holder);
    try {
      const expected = await engine.ask(question, { k: 20 });
      expect(expected.answered).toBe(true);
      const top = expected.results.slice(0, 5);
      expect(top).toHaveLength(5);
      const rawSize = top.reduce(
        (n, r) =>
          n +
          r.passage.article.title.length +
          escapeText(r.quote.text).length +
          (r.passage.article.publisher?.length ?? 0),
        0,
      );
      expect(rawSize).toBeGreaterThan(LIMITS.embedsTotal);
      expect(question.length).toBeGreaterThan(LIMITS.content);

      const f = wide.fake;
      const ix = ask(f, question);
      const edit = await f.waitForRequest(isOriginalEdit(ix));
      expect(edit.status).toBe(200);
      expect(limitViolations(edit.body)).toEqual([]);
      // One embed per article: quotes of the same article share one.
      expect(edit.body.embeds).toHaveLength(new Set(top.map((r) => r.passage.article.id)).size);
      expect(edit.body.embeds.some((e: { title: string }) => e.title.endsWith("…"))).toBe(true);
      expect(edit.body.content.length).toBeLessThan(question.length);
      let cuts = 0;
      for (const embed of edit.body.embeds as { description: string }[]) {
        expect(boldMarkers(embed.description) % 2).toBe(0);
        const quoteLine = embed.description.split("\n")[0]!.replace(/^\*\*\d+\.\*\* /, "");
        expect(quoteLine.startsWith("“") && quoteLine.endsWith("”")).toBe(true);
        // A cut ends at a whole word of the original text.
        const cut = /(\S+)\s?…/.exec(quoteLine.replace(/\\(.)/g, "$1"));
        if (cut) {
          cuts++;
          const word = cut[1]!.replace(/^[“*]+|[*”]+$/g, "");
          const wordEnd = new RegExp(`${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`);
          expect(top.some((r) => wordEnd.test(r.quote.text))).toBe(true);
        }
      }
      expect(cuts).toBeGreaterThan(0); // the quotes are too long for the limits: some must be cut

      const full = f.sendButton({ customId: buttonId(edit.body, "Full passage 1"), message: originalMessage(f, ix) });
      const fullReply = await f.waitForRequest(isInteractionCallback(full));
      expect(fullReply.status).toBe(204);
      expect(limitViolations(fullReply.body.data)).toEqual([]);
    } finally {
      await wide.stop();
    }
  });
});

describe("real-world metadata", () => {
  it("given articles with tracking URLs, 1,000 characters of tags and 300-character names, when /ask, Full passage, /search k:10, /source and /sources run, then every body fits every Discord limit with whole links", async () => {
    const bodies: { what: string; body: Record<string, unknown> & { embeds?: { description?: string }[] } }[] = [];
    const wide = await startBot({ ...config, retrieval: { ...config.retrieval, topK: 5 } }, holder);
    try {
      const f = wide.fake;
      const question = "Why did the quokkafest markets rally after regulators approved the exchange?";
      const expected = await engine.ask(question, { k: 20 });
      expect(expected.answered).toBe(true);
      expect(expected.results.some((r) => r.alsoReportedBy.length > 0)).toBe(true);
      const ix = ask(f, question);
      const answer = (await f.waitForRequest(isOriginalEdit(ix))).body;
      bodies.push({ what: "/ask", body: answer });
      const full = f.sendButton({ customId: buttonId(answer, "Full passage"), message: originalMessage(f, ix) });
      bodies.push({ what: "Full passage", body: (await f.waitForRequest(isInteractionCallback(full))).body.data });

      const search = f.sendSlashCommand({ name: "search", options: { query: "quokkafest markets", k: 10 } });
      const found = (await f.waitForRequest(isOriginalEdit(search))).body;
      bodies.push({ what: "/search", body: found });
      expect(found.embeds[0].footer.text).toMatch(/· 10 passages$/);
      expect(found.embeds[0].description.match(/^> /gm)).toHaveLength(10);

      const real = engine.articles().filter((a) => a.title.startsWith("Quokkafest"));
      expect(real).toHaveLength(12);
      const source = f.sendSlashCommand({ name: "source", options: { article: real[0]!.id } });
      bodies.push({ what: "/source", body: (await f.waitForRequest(isInteractionCallback(source))).body.data });
      const index = engine.articles().indexOf(real[0]!);
      const list = f.sendSlashCommand({ name: "sources", options: { page: Math.floor(index / 10) + 1 } });
      bodies.push({ what: "/sources", body: (await f.waitForRequest(isInteractionCallback(list))).body.data });

      for (const { what, body } of bodies) {
        expect({ what, violations: limitViolations(body) }).toEqual({ what, violations: [] });
        for (const e of body.embeds ?? [])
          expect({ what, broken: brokenLinks(e.description ?? "") }).toEqual({ what, broken: [] });
      }
      expect(answer.embeds.map((e: { description: string }) => e.description).join("\n")).toMatch(/Also reported by: /);
      expect(answer.embeds[0].description).toContain("[Read the article](https://www.example-news.com/");
    } finally {
      await wide.stop();
    }
  });
});

describe("failures", () => {
  it("given Discord rejects the first edit, when /ask runs, then the user gets an error message, the error is logged and the bot keeps answering", async () => {
    fake.failNext("PATCH /webhooks/:app/:token/messages/@original", 400, { message: "Invalid Form Body", code: 50035 });
    const logged = main.entries.length; // the shared bot's log holds the whole file's entries: look at this test's
    const ix = ask(fake, QUESTION);
    const edits = await fake.waitForRequests(isOriginalEdit(ix), 2);

    expect(edits[0]!.status).toBe(400);
    expect(edits[1]!.body.content).toBe(GENERIC_ERROR);
    expect(main.entries.slice(logged).some((e) => e.level === 50 && e.msg === "handler failed")).toBe(true);
    expect(JSON.stringify(main.entries)).not.toContain(ix.token);

    const again = ask(fake, QUESTION);
    expect((await fake.waitForRequest(isOriginalEdit(again))).body.embeds.length).toBeGreaterThan(0);
  });

  it("given a feedback file that cannot be written, when 👍 is clicked, then the user gets an error, and the next click is recorded rather than called a repeat", async () => {
    const t = tempDir();
    const blocked = path.join(t.dir, "blocked"); // a file where the feedback folder should be: mkdir fails
    writeFileSync(blocked, "");
    const feedbackFile = path.join(blocked, "feedback.jsonl");
    const b = await startBot({ ...config, discord: { ...config.discord, feedbackFile } }, holder);
    try {
      const ix = ask(b.fake, QUESTION);
      const edit = await b.fake.waitForRequest(isOriginalEdit(ix));
      const message = originalMessage(b.fake, ix);
      const vote = async () => {
        const click = b.fake.sendButton({ customId: buttonId(edit.body, "Helpful"), message, user: { id: "42" } });
        return (await b.fake.waitForRequest(isInteractionCallback(click))).body.data.content as string;
      };
      expect(await vote()).toBe(GENERIC_ERROR);
      rmSync(blocked);
      expect(await vote()).toMatch(/recorded/);
      expect(readFileSync(feedbackFile, "utf8").trim().split("\n")).toHaveLength(1);
    } finally {
      await b.stop();
      t.cleanup();
    }
  });

  it("given an engine that throws, when /ask runs, then the user gets an error reply, the error is logged, and the bot keeps serving", async () => {
    const broken = await Engine.open(config);
    await broken.close(); // a closed engine refuses questions: asking throws a real error
    const brokenHolder = new EngineHolder(broken, { config, log: silentLogger });
    const b = await startBot(config, brokenHolder);
    try {
      const ix = ask(b.fake, QUESTION);
      const edit = await b.fake.waitForRequest(isOriginalEdit(ix));
      expect(edit.body.content).toBe(GENERIC_ERROR);
      expect(b.entries.some((e) => e.level === 50 && e.msg === "handler failed")).toBe(true);

      const help = b.fake.sendSlashCommand({ name: "help" });
      expect((await b.fake.waitForRequest(isInteractionCallback(help))).body.data.embeds).toHaveLength(1);

      brokenHolder.swap(engine);
      const again = ask(b.fake, QUESTION);
      expect((await b.fake.waitForRequest(isOriginalEdit(again))).body.embeds.length).toBeGreaterThan(0);
    } finally {
      await b.stop();
    }
  });

  it("given a 429 on the edit, when /ask answers, then discord.js waits and retries and the answer arrives", async () => {
    fake.rateLimitNext("PATCH /webhooks/:app/:token/messages/@original", { retryAfterSeconds: 0.1 });
    const ix = ask(fake, QUESTION);
    const edits = await fake.waitForRequests(isOriginalEdit(ix), 2);

    expect(edits[0]!.status).toBe(429);
    expect(edits[1]!.status).toBe(200);
    expect(edits[1]!.body).toEqual(edits[0]!.body);
    expect(edits[1]!.body.embeds.length).toBeGreaterThan(0);
  });

  it("given a cooldown, when one user asks twice quickly, then the second gets an ephemeral slow-down while others are served", async () => {
    const slow = await startBot({ ...config, discord: { ...config.discord, cooldownSeconds: 60 } }, holder);
    try {
      const f = slow.fake;
      const user = { id: "1388888888888888888" };
      const first = ask(f, QUESTION, { user });
      await f.waitForRequest(isOriginalEdit(first));
      const second = ask(f, QUESTION, { user });
      const refused = await f.waitForRequest(isInteractionCallback(second));
      expect(refused.body.type).toBe(4);
      expect(refused.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(refused.body.data.content).toMatch(/slow down/i);

      const other = ask(f, QUESTION, { user: { id: "1377777777777777777" } });
      expect((await f.waitForRequest(isInteractionCallback(other))).body.type).toBe(5);

      const mid = f.sendMessage({ content: QUESTION, mentionsBot: true, author: user });
      const post = await f.waitForRequest(
        (r) => isChannelMessage(f.ids.channelId)(r) && r.body?.message_reference?.message_id === mid,
      );
      expect(post.body.content).toMatch(/slow down/i);
    } finally {
      await slow.stop();
    }
  });
});

describe("load", () => {
  it("given 200 concurrent /ask interactions, when they arrive at once, then every one is acknowledged and every one is answered", async () => {
    const questions = [
      QUESTION,
      "What is KICKICO?",
      "Who charged two Russians over Mt. Gox?",
      "ZA Bank crypto trading",
    ];
    const sent = Array.from({ length: 200 }, (_, i) =>
      ask(fake, questions[i % questions.length]!, { user: { id: `14${String(i).padStart(17, "0")}` } }),
    );
    const ids = new Set(sent.map((s) => s.id));
    const tokens = new Set(sent.map((s) => s.token));
    const isOurs = (r: RecordedRequest) => r.path.startsWith("/webhooks/") && tokens.has(r.path.split("/")[3]!);

    const callbacks = await fake.waitForRequests(
      (r) => r.method === "POST" && r.path.endsWith("/callback") && ids.has(r.path.split("/")[2]!),
      200,
      60_000,
    );
    const edits = await fake.waitForRequests((r) => r.method === "PATCH" && r.status === 200 && isOurs(r), 200, 60_000);

    expect(new Set(callbacks.map((c) => c.path)).size).toBe(200);
    expect(callbacks.every((c) => c.status === 204 && c.body.type === 5)).toBe(true);
    expect(new Set(edits.map((e) => e.path)).size).toBe(200);
    for (const e of edits) expect(e.body.embeds.length + (e.body.content ? 1 : 0)).toBeGreaterThan(0);
  }, 90_000);
});
