/**
 * `/import url:<url>` and the feed watch in a running bot: real discord.js Client against the loopback fake, real
 * build and Engine swap, pages served by a loopback HTTP server. One bot has the address guard ON (as in
 * production) and proves the refusals; the other turns it off with IMPORT_ALLOW_PRIVATE_ADDRESSES=true to reach
 * the test server, imports, and answers about the new articles.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { Events } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { type Bot, createBot } from "../../src/discord/client.js";
import { importExecute } from "../../src/discord/commands/import.js";
import { commands } from "../../src/discord/commands/index.js";
import type { Command } from "../../src/discord/context.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import { escapeText } from "../../src/discord/render.js";
import { Engine } from "../../src/engine.js";
import { startBotFeedWatch } from "../../src/import/bot-watch.js";
import { defaultPolicy } from "../../src/import/fetch-page.js";
import type { AddressPolicy } from "../../src/import/pinned-agent.js";
import type { FeedWatch } from "../../src/import/watch.js";
import { silentLogger } from "../../src/log.js";
import {
  type FakeDiscord,
  isInteractionCallback,
  isOriginalEdit,
  Perm,
  startFakeDiscord,
} from "../fakes/discord/fake-discord.ts";
import { indexedCorpus } from "../helpers/env.js";
import {
  articlePage,
  paragraphsAbout,
  redirect,
  rssFeed,
  serve,
  startServer,
  type TestServer,
} from "../import/server.js";
import { memoryLogger, type RunningBot, startBot } from "./helpers.js";

const MANAGE_GUILD = Perm.ManageGuild.toString();
const HTML = "text/html; charset=utf-8";
const PAGE_TITLE = "Marrowby ferry gets a solar roof";
const FEED_TITLE = "Tidewell bakery wins the county loaf prize";

let pages: TestServer;
let front: TestServer;
let cleanups: (() => void)[] = [];
let open: { config: Config; holder: EngineHolder; running: RunningBot };
let guarded: { config: Config; holder: EngineHolder; fake: FakeDiscord; bot: Bot };
let watch: FeedWatch | undefined;

async function botWith(config: Config, holder: EngineHolder, policy: AddressPolicy) {
  // The registered command list, with /import's address policy replaced (the only difference from production).
  const list = commands.map(
    (c): Command => (c.kind === "slash" && c.data.name === "import" ? { ...c, execute: importExecute({ policy }) } : c),
  );
  const fake = await startFakeDiscord();
  const bot = createBot({
    config: { ...config, discord: { ...config.discord, apiUrl: fake.apiUrl } },
    log: memoryLogger().log,
    holder,
    commands: list,
  });
  const ready = new Promise<void>((resolve) => bot.client.once(Events.ClientReady, () => resolve()));
  await bot.login(fake.token);
  await ready;
  await fake.waitForIdentify();
  return { fake, bot };
}

beforeAll(async () => {
  pages = await startServer({
    "/news/ferry": serve(
      HTML,
      articlePage({
        title: PAGE_TITLE,
        publisher: "Marrowby Mercury",
        author: "Jo Keel",
        published: "2026-11-20",
        canonical: "https://mercury.example/ferry",
        paragraphs: paragraphsAbout("The Marrowby ferry", "got a solar roof that powers its lights"),
      }),
    ),
    "/news/bakery": serve(
      HTML,
      articlePage({
        title: FEED_TITLE,
        publisher: "Tidewell Times",
        author: "Bea Crust",
        published: "2026-11-21",
        canonical: "https://times.example/bakery",
        paragraphs: paragraphsAbout("The Tidewell bakery", "won the county loaf prize with a rye sourdough"),
      }),
    ),
    "/feed.xml": serve(
      "application/rss+xml",
      rssFeed("Times", [{ link: "/news/bakery", pubDate: "Sat, 21 Nov 2026 06:00:00 GMT" }]),
    ),
  });
  front = await startServer({ "/moved": redirect(`${pages.origin}/news/ferry`) });

  const a = await indexedCorpus("tokenizer-only", { COOLDOWN_SECONDS: "0" });
  cleanups.push(a.cleanup);
  const guardedHolder = new EngineHolder(await Engine.open(a.config), { config: a.config, log: silentLogger });
  // Guard on; only the front server's port passes as if it were a public address, so its redirect is followed
  // to the loopback page server, where the real guard must refuse it.
  const frontIsPublic: AddressPolicy = (address, url) =>
    url.port === String(front.port) ? undefined : defaultPolicy(false)(address, url);
  guarded = { config: a.config, holder: guardedHolder, ...(await botWith(a.config, guardedHolder, frontIsPublic)) };

  const b = await indexedCorpus("tokenizer-only", {
    COOLDOWN_SECONDS: "0",
    IMPORT_ALLOW_PRIVATE_ADDRESSES: "true",
    IMPORT_HOST_DELAY_MS: "0",
  });
  cleanups.push(b.cleanup);
  const holder = new EngineHolder(await Engine.open(b.config), { config: b.config, log: silentLogger });
  open = { config: b.config, holder, running: await startBot(b.config, holder) };
}, 120_000);

afterAll(async () => {
  watch?.stop();
  await guarded?.bot.destroy();
  await guarded?.fake.close();
  await guarded?.holder.close();
  await open?.running.stop();
  await open?.holder.close();
  await pages?.close();
  await front?.close();
  for (const c of cleanups) c();
  cleanups = [];
});

const corpusFiles = (config: Config) => readdirSync(config.corpusDir).sort();

describe("/import with the address guard on", () => {
  it("given a member without Manage Server, then the handler refuses (not only the registration) and fetches nothing", async () => {
    const { fake } = guarded;
    const before = pages.requests.length;
    const ix = fake.sendSlashCommand({ name: "import", options: { url: `${front.origin}/moved` }, permissions: "0" });
    const reply = await fake.waitForRequest(isInteractionCallback(ix));
    expect(reply.body.data.content).toMatch(/only members with the \*\*Manage Server\*\* permission/);
    expect(reply.body.data.flags & 64).toBe(64);
    expect(pages.requests.length).toBe(before);
    expect(front.requests).toEqual([]);
  });

  it("given a page that redirects to 127.0.0.1, then the redirect is refused, the page never asked for, and nothing written", async () => {
    const { fake, config } = guarded;
    const before = corpusFiles(config);
    const ix = fake.sendSlashCommand({
      name: "import",
      options: { url: `${front.origin}/moved` },
      permissions: MANAGE_GUILD,
    });
    const done = await fake.waitForRequest(isOriginalEdit(ix), 30_000);
    expect(done.body.content).toContain("Not imported");
    expect(done.body.content).toContain("127.0.0.1 is a loopback address");
    expect(front.requests.map((r) => r.path)).toContain("/moved");
    expect(pages.requests.some((r) => r.path === "/news/ferry")).toBe(false);
    expect(corpusFiles(config)).toEqual(before);
  }, 60_000);

  it("given a loopback address typed directly, a name that resolves to loopback, and a file: URL, then each is refused", async () => {
    const { fake } = guarded;
    // Refused after a deferral (the address is known only once DNS answers) …
    const deferred: [string, RegExp][] = [
      [`${pages.origin}/news/ferry`, /127\.0\.0\.1 is a loopback address/],
      [`http://localhost:${pages.port}/news/ferry`, /localhost resolves to .* loopback address/],
    ];
    for (const [url, reason] of deferred) {
      const ix = fake.sendSlashCommand({ name: "import", options: { url }, permissions: MANAGE_GUILD });
      const reply = (await fake.waitForRequest(isOriginalEdit(ix), 30_000)).body.content as string;
      expect(reply).toMatch(/Not imported/);
      expect(reply).toMatch(reason);
    }
    // … and a scheme that is not http(s) at once, without deferring.
    const ix = fake.sendSlashCommand({
      name: "import",
      options: { url: "file:///etc/passwd" },
      permissions: MANAGE_GUILD,
    });
    const direct = await fake.waitForRequest(isInteractionCallback(ix));
    expect(direct.body.type).toBe(4);
    expect(direct.body.data.content).toMatch(/Not imported: only http and https/);
    expect(pages.requests.some((r) => r.path === "/news/ferry")).toBe(false);
  }, 60_000);
});

describe("/import and the feed watch (IMPORT_ALLOW_PRIVATE_ADDRESSES=true for the test server)", () => {
  it("given an admin and an article page, then it is imported, the index swapped, the reply names its title and citation, and /ask quotes it", async () => {
    const { running, holder, config } = open;
    const before = holder.current;
    const ix = running.fake.sendSlashCommand({
      name: "import",
      options: { url: `${pages.origin}/news/ferry` },
      permissions: MANAGE_GUILD,
    });
    const ack = await running.fake.waitForRequest(isInteractionCallback(ix));
    expect(ack.body.type).toBe(5);
    const done = await running.fake.waitForRequest(isOriginalEdit(ix), 60_000);
    expect(done.body.content).toContain(`Imported **${escapeText(PAGE_TITLE)}**`);
    expect(done.body.content).toContain("Marrowby Mercury");
    expect(done.body.content).toContain("https://mercury.example/ferry");
    expect(done.body.content).toMatch(/new index is serving: 9 articles/);
    expect(holder.current).not.toBe(before);
    expect(existsSync(path.join(config.corpusDir, "marrowby-ferry-gets-a-solar-roof.md"))).toBe(true);

    const asked = running.fake.sendSlashCommand({
      name: "ask",
      options: { question: "What powers the lights of the Marrowby ferry?" },
    });
    const edit = await running.fake.waitForRequest(isOriginalEdit(asked), 30_000);
    expect(edit.body.embeds.map((e: { title: string }) => e.title).join("\n")).toContain(escapeText(PAGE_TITLE));
  }, 90_000);

  it("given a watched feed with a new entry, then the running bot answers about the article after the watch imports it", async () => {
    const { running, holder, config } = open;
    const before = holder.current;
    // The same hook `npm start` calls, with IMPORT_FEEDS pointing at the test server.
    watch = startBotFeedWatch(
      { ...config, import: { ...config.import, feeds: [`${pages.origin}/feed.xml`] } },
      silentLogger,
      holder,
    );
    if (!watch) throw new Error("the watch did not start");
    const poll = await watch.lastPoll;
    expect(poll?.imported.map((a) => a.title)).toEqual([FEED_TITLE]);
    expect(holder.current).not.toBe(before);

    const asked = running.fake.sendSlashCommand({
      name: "ask",
      options: { question: "Which bakery won the county loaf prize?" },
    });
    const edit = await running.fake.waitForRequest(isOriginalEdit(asked), 30_000);
    const embeds = edit.body.embeds as { title: string; description?: string }[];
    expect(embeds.map((e) => e.title).join("\n")).toContain(escapeText(FEED_TITLE));
    expect(JSON.stringify(embeds)).toContain("https://times.example/bakery");
  }, 90_000);
});
