import zlib from "node:zlib";
import {
  AttachmentBuilder,
  Client,
  type ClientOptions,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  type ThreadChannel,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  type FakeDiscord,
  isFollowUp,
  isInteractionCallback,
  isOriginalEdit,
  type RecordedRequest,
  startFakeDiscord,
} from "./fake-discord.ts";

let fake: FakeDiscord;
let client: Client | undefined;
const handlerErrors: unknown[] = [];

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms}ms: ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function nextEvent<T>(c: Client, event: string, filter: (arg: T) => boolean = () => true, ms = 5000): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const listener = (arg: T) => {
        if (!filter(arg)) return;
        c.off(event, listener);
        resolve(arg);
      };
      c.on(event, listener);
    }),
    ms,
    `client event ${event}`,
  );
}

async function startClient(extra: Partial<ClientOptions> = {}): Promise<Client> {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    allowedMentions: { parse: [] },
    ...extra,
    rest: { api: fake.apiUrl, ...(extra.rest ?? {}) },
  });
  client = c;
  const ready = nextEvent(c, Events.ClientReady, () => true, 10_000);
  await withTimeout(c.login(fake.token), 10_000, "client.login");
  await ready;
  await fake.waitForIdentify();
  return c;
}

/** Register an interaction handler whose failures fail the test instead of becoming unhandled rejections. */
function onInteraction(c: Client, handler: (i: Interaction) => Promise<void>) {
  c.on(Events.InteractionCreate, (i) => {
    handler(i).catch((err: unknown) => handlerErrors.push(err));
  });
}

beforeEach(async () => {
  handlerErrors.length = 0;
  fake = await startFakeDiscord();
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.close();
  expect(handlerErrors).toEqual([]);
});

describe("fake Discord with the real discord.js Client", () => {
  it("given a fake token, when the client logs in, then clientReady fires with the bot user and the guild cached", async () => {
    const c = await startClient();

    expect(c.user?.id).toBe(fake.ids.botUserId);
    expect(c.application?.id).toBe(fake.ids.applicationId);
    const guild = c.guilds.cache.get(fake.ids.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.ids.channelId)?.isTextBased()).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.ids.botUserId);
    expect(fake.identify?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(fake.identify?.compress).toBe(false);
    const gw = fake.requests.find((r) => r.path === "/gateway/bot");
    expect(gw?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(gw?.status).toBe(200);
  });

  it("given a slash command, when the handler defers then edits, then the fake records callback type 5 and the PATCH of @original", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: `answer to ${i.options.getString("question", true)}` });
    });

    const ix = fake.sendSlashCommand({ name: "ask", options: { question: "why?" } });

    const callback = await fake.waitForRequest(isInteractionCallback(ix));
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(callback.status).toBe(204);
    expect(callback.query.get("with_response")).toBe("false");
    const edit = await fake.waitForRequest(isOriginalEdit(ix));
    expect(edit.path).toBe(`/webhooks/${fake.ids.applicationId}/${ix.token}/messages/@original`);
    expect(edit.rawPath).toContain("%40original");
    expect(edit.body.content).toBe("answer to why?");
    expect(edit.status).toBe(200);
    expect(edit.response.content).toBe("answer to why?");
    expect(fake.interactions.get(ix.id)?.callbackType).toBe(5);
  });

  it("given a reply with withResponse, then the callback answers 200 with the interaction callback response", async () => {
    const c = await startClient();
    const got = new Promise<string | undefined>((resolve, reject) => {
      c.on(Events.InteractionCreate, (i) => {
        if (!i.isChatInputCommand()) return;
        i.reply({ content: "hi", withResponse: true })
          .then((r) => resolve(r.resource?.message?.content))
          .catch(reject);
      });
    });
    const ix = fake.sendSlashCommand({ name: "ask" });

    expect(await withTimeout(got, 5000, "reply")).toBe("hi");
    const cb = await fake.waitForRequest(isInteractionCallback(ix));
    expect(cb.status).toBe(200);
    expect(cb.response.interaction.response_message_id).toBe(fake.interactions.get(ix.id)?.originalMessageId);
  });

  it("given a button interaction, when the handler calls update(), then callback type 7 carries the new content", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (!i.isButton()) return;
      expect(i.customId).toBe("more:1");
      expect(i.message.author.id).toBe(fake.ids.botUserId);
      await i.update({ content: "page 2", components: [] });
    });

    const ix = fake.sendButton({ customId: "more:1", message: { content: "page 1" } });

    const cb = await fake.waitForRequest(isInteractionCallback(ix));
    expect(cb.body.type).toBe(7);
    expect(cb.body.data.content).toBe("page 2");
    const sourceId = fake.interactions.get(ix.id)?.sourceMessageId;
    expect(sourceId && fake.messages.get(sourceId)?.content).toBe("page 2");
  });

  it("given a message mentioning the bot without the MessageContent intent, then messageCreate still has content and mentions the bot", async () => {
    const c = await startClient();
    const received = nextEvent<Message>(c, Events.MessageCreate);

    const id = fake.sendMessage({ content: "what is a quote?", mentionsBot: true });

    const msg = await received;
    expect(msg.id).toBe(id);
    expect(msg.mentions.has(c.user!)).toBe(true);
    expect(msg.content).toBe(`<@${fake.ids.botUserId}> what is a quote?`);
    expect(msg.inGuild()).toBe(true);
  });

  it("given a message not mentioning the bot without the MessageContent intent, then its content arrives empty like on Discord", async () => {
    const c = await startClient();
    const received = nextEvent<Message>(c, Events.MessageCreate);

    fake.sendMessage({ content: "just chatting" });

    const msg = await received;
    expect(msg.content).toBe("");
    expect(msg.mentions.has(c.user!)).toBe(false);
  });

  it("given rateLimitNext on the @original PATCH, then discord.js retries after Retry-After and the edit still arrives", async () => {
    const c = await startClient();
    fake.rateLimitNext("PATCH /webhooks/:app/:token/messages/@original", { retryAfterSeconds: 0.1 });
    const edited = new Promise<string>((resolve, reject) => {
      c.on(Events.InteractionCreate, (i) => {
        if (!i.isChatInputCommand()) return;
        i.deferReply()
          .then(() => i.editReply({ content: "after 429" }))
          .then((m) => resolve(m.content))
          .catch(reject);
      });
    });

    const ix = fake.sendSlashCommand({ name: "ask" });

    expect(await withTimeout(edited, 5000, "editReply")).toBe("after 429");
    const patches = fake.findRequests(isOriginalEdit(ix));
    expect(patches.map((p) => p.status)).toEqual([429, 200]);
    expect(patches[0]?.response).toMatchObject({ message: "You are being rate limited.", retry_after: 0.1 });
    expect(patches[1]!.at - patches[0]!.at).toBeGreaterThanOrEqual(100);
  });

  it("given 200 concurrent slash commands, then 200 callbacks and 200 edits are recorded", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: `done ${i.id}` });
    });

    const started = Date.now();
    const sent = Array.from({ length: 200 }, (_, n) =>
      fake.sendSlashCommand({ name: "ask", options: { question: `q${n}` } }),
    );

    const callbacks = await fake.waitForRequests((r) => r.path.endsWith("/callback"), 200, 15_000);
    const edits = await fake.waitForRequests((r) => r.method === "PATCH" && r.status === 200, 200, 20_000);
    const elapsed = Date.now() - started;
    expect(new Set(callbacks.map((r) => r.path)).size).toBe(200);
    expect(new Set(edits.map((r) => r.body.content)).size).toBe(200);
    for (const ix of sent) expect(fake.interactions.get(ix.id)?.callbackType).toBe(5);
    // discord.js' own global limit (50 req/s for non-interaction-callback routes) dominates: ~4 s for 200 edits
    expect(elapsed).toBeLessThan(15_000);
  }, 30_000);

  it("given editReply with a file, then the multipart payload_json and file are parsed", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({
        content: "see attached",
        files: [new AttachmentBuilder(Buffer.from("quote text"), { name: "quotes.txt" })],
      });
    });

    const ix = fake.sendSlashCommand({ name: "ask" });

    const edit = await fake.waitForRequest(isOriginalEdit(ix));
    expect(String(edit.headers["content-type"])).toMatch(/^multipart\/form-data/);
    expect(edit.body.content).toBe("see attached");
    expect(edit.files.map((f) => [f.field, f.name, f.data.toString()])).toEqual([
      ["files[0]", "quotes.txt", "quote text"],
    ]);
    expect(edit.response.attachments[0].filename).toBe("quotes.txt");
  });

  it("given a mention, when the bot starts a thread and posts in it, then the fake returns a type 11 thread and dispatches THREAD_CREATE", async () => {
    const c = await startClient();
    const threadCreated = nextEvent<ThreadChannel>(c, Events.ThreadCreate);
    c.on(Events.MessageCreate, (m) => {
      if (m.author.bot) return;
      (async () => {
        await m.channel.sendTyping();
        const thread = await m.startThread({ name: "Answer" });
        await thread.send({ content: "in thread" });
      })().catch((err: unknown) => handlerErrors.push(err));
    });

    const mid = fake.sendMessage({ content: "question", mentionsBot: true });

    const created = await fake.waitForRequest(
      (r) => r.method === "POST" && r.path === `/channels/${fake.ids.channelId}/messages/${mid}/threads`,
    );
    expect(created.response).toMatchObject({ id: mid, type: 11, parent_id: fake.ids.channelId, name: "Answer" });
    const post = await fake.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${mid}/messages`);
    expect(post.body.content).toBe("in thread");
    expect(fake.findRequests((r) => r.path.endsWith("/typing")).map((r) => r.status)).toEqual([204]);
    expect((await threadCreated).id).toBe(mid);
  });

  it("given autocomplete and a message context menu, then respond() and reply() reach the fake", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (i.isAutocomplete()) {
        expect(i.options.getFocused()).toBe("ph");
        await i.respond([{ name: "philosophy", value: "philosophy" }]);
      } else if (i.isMessageContextMenuCommand()) {
        await i.reply({ content: `quoted: ${i.targetMessage.content}`, flags: 64 });
      }
    });

    const ac = fake.sendAutocomplete({ name: "ask", options: { question: "x", topic: "ph" } });
    const cm = fake.sendMessageContextMenu({ name: "Find quotes", message: { content: "to be or not" } });

    const acCb = await fake.waitForRequest(isInteractionCallback(ac));
    expect(acCb.body).toEqual({ type: 8, data: { choices: [{ name: "philosophy", value: "philosophy" }] } });
    const cmCb = await fake.waitForRequest(isInteractionCallback(cm));
    expect(cmCb.body).toMatchObject({ type: 4, data: { content: "quoted: to be or not", flags: 64 } });
  });

  it("given a follow-up before any response, then the fake answers Unknown Webhook like Discord", async () => {
    const c = await startClient();
    const failure = new Promise<unknown>((resolve) => {
      c.on(Events.InteractionCreate, (i) => {
        if (!i.isChatInputCommand()) return;
        // bypass discord.js' own guard to hit the REST route directly
        i.webhook.send({ content: "too early" }).then(resolve, resolve);
      });
    });
    const ix = fake.sendSlashCommand({ name: "ask" });

    const err = await withTimeout(failure, 5000, "follow-up");
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10015);
    expect(fake.findRequests(isFollowUp(ix)).map((r) => r.status)).toEqual([404]);
  });

  it("given content over 2000 characters, then the edit fails with Invalid Form Body 50035", async () => {
    const c = await startClient();
    const failure = new Promise<unknown>((resolve) => {
      c.on(Events.InteractionCreate, (i) => {
        if (!i.isChatInputCommand()) return;
        i.deferReply()
          .then(() => i.editReply({ content: "x".repeat(2001) }))
          .then(resolve, resolve);
      });
    });
    fake.sendSlashCommand({ name: "ask" });

    const err = await withTimeout(failure, 5000, "editReply");
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(50035);
    expect((err as DiscordAPIError).message).toContain("content[BASE_TYPE_MAX_LENGTH]");
  });

  it("given application commands are set, then they are echoed with ids and slash commands reuse those ids", async () => {
    const c = await startClient();
    const set = await c.application!.commands.set([{ name: "ask", description: "Ask a question" }], fake.ids.guildId);
    const askId = set.first()?.id;
    expect(askId).toMatch(/^\d{17,19}$/);
    const fetched = await c.application!.commands.fetch({ guildId: fake.ids.guildId });
    expect(fetched.map((cmd) => cmd.name)).toEqual(["ask"]);

    const ix = fake.sendSlashCommand({ name: "ask" });
    expect(ix.payload.data.id).toBe(askId);
  });

  it("given an unknown route, then the fake answers 404 with a Discord error body and records it", async () => {
    const c = await startClient();
    const err = await c.rest.get("/oauth2/applications/@me/nonsense").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    const rec = fake.requests.at(-1) as RecordedRequest;
    expect(rec).toMatchObject({ method: "GET", path: "/oauth2/applications/@me/nonsense", status: 404 });
    expect(rec.response).toEqual({ message: "404: Not Found", code: 0 });
  });

  it("given failNext with a 500, then discord.js retries and the request succeeds", async () => {
    const c = await startClient();
    fake.failNext("POST /channels/:id/messages", 500);
    const channel = await c.channels.fetch(fake.ids.channelId);
    if (!channel?.isSendable()) throw new Error("channel not sendable");
    const sent = await channel.send({ content: "hello" });
    expect(sent.content).toBe("hello");
    expect(
      fake.findRequests((r) => r.path === `/channels/${fake.ids.channelId}/messages`).map((r) => r.status),
    ).toEqual([500, 200]);
  });
});

describe("fake Discord error injection", () => {
  it("given callbackDeadlineMs, when the handler acknowledges too late, then Discord's Unknown interaction 10062 comes back", async () => {
    await fake.close();
    fake = await startFakeDiscord({ callbackDeadlineMs: 50 });
    const c = await startClient();
    const failure = new Promise<unknown>((resolve) => {
      c.on(Events.InteractionCreate, (i) => {
        if (!i.isChatInputCommand()) return;
        setTimeout(() => {
          i.deferReply().then(resolve, resolve);
        }, 150);
      });
    });
    const ix = fake.sendSlashCommand({ name: "ask" });

    const err = await withTimeout(failure, 5000, "deferReply");
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10062);
    expect(fake.interactions.get(ix.id)?.callbackType).toBeUndefined();
  });

  it("given a global rate limit on channel messages, then discord.js waits it out and the message is sent", async () => {
    const c = await startClient();
    fake.rateLimitNext("POST /channels/:id/messages", { global: true, retryAfterSeconds: 0.05 });
    const channel = await c.channels.fetch(fake.ids.channelId);
    if (!channel?.isSendable()) throw new Error("channel not sendable");

    const sent = await channel.send({ content: "hello" });

    expect(sent.content).toBe("hello");
    const posts = fake.findRequests(
      (r) => r.method === "POST" && r.path === `/channels/${fake.ids.channelId}/messages`,
    );
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[0]?.response.global).toBe(true);
  });
});

describe("fake Discord other interaction kinds and reconnects", () => {
  it("given a modal submit and a user context menu, then fields and target arrive and deferReply/followUp work", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (i.isModalSubmit()) {
        await i.reply({ content: `topic=${i.fields.getTextInputValue("topic")}` });
      } else if (i.isUserContextMenuCommand()) {
        await i.deferReply({ flags: 64 });
        await i.followUp({ content: `user=${i.targetUser.username}`, flags: 64 });
      }
    });

    const modal = fake.sendModalSubmit({ customId: "ask-modal", fields: { topic: "stoicism" } });
    const userCm = fake.sendUserContextMenu({
      name: "Quotes by user",
      target: { id: "1555555555555555555", username: "bob" },
    });

    expect((await fake.waitForRequest(isInteractionCallback(modal))).body.data.content).toBe("topic=stoicism");
    const follow = await fake.waitForRequest(isFollowUp(userCm));
    expect(follow.body).toMatchObject({ content: "user=bob", flags: 64 });
    expect(follow.query.get("wait")).toBe("true");
    expect(follow.response.flags & 64).toBe(64);
  });

  it("given the gateway drops with 4000, then discord.js resumes and interactions keep arriving", async () => {
    const c = await startClient();
    onInteraction(c, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: "still here" });
    });

    fake.disconnectGateway(4000);
    await fake.waitForGatewayFrame((f) => f.op === 6, 5000);
    await withTimeout(
      (async () => {
        while (c.ws.status !== 0) await new Promise((r) => setTimeout(r, 10));
      })(),
      5000,
      "client resumed",
    );
    const ix = fake.sendSlashCommand({ name: "ask" });

    expect((await fake.waitForRequest(isInteractionCallback(ix))).body.data.content).toBe("still here");
  });
});

describe("fake Discord gateway protocol", () => {
  it("given compress=zlib-stream, then every payload is a zlib-stream chunk ending in 00 00 ff ff", async () => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = zlib.createInflate();
    const decoded: Array<{ op: number; t?: string }> = [];
    let pending = "";
    inflate.on("data", (c: Buffer) => {
      pending += c.toString();
      try {
        decoded.push(JSON.parse(pending));
        pending = "";
      } catch {
        // partial JSON: wait for more
      }
    });
    const frames: Buffer[] = [];
    ws.on("message", (data: Buffer) => {
      frames.push(data);
      inflate.write(data);
    });
    await withTimeout(new Promise((r) => ws.once("open", r)), 3000, "ws open");
    await withTimeout(
      (async () => {
        while (!decoded.some((p) => p.op === 10)) await new Promise((r) => setTimeout(r, 10));
      })(),
      3000,
      "HELLO",
    );
    ws.send(JSON.stringify({ op: 2, d: { token: "t", intents: 1, properties: {}, compress: false } }));
    await fake.waitForIdentify(3000);
    await withTimeout(
      (async () => {
        while (!decoded.some((p) => p.t === "GUILD_CREATE")) await new Promise((r) => setTimeout(r, 10));
      })(),
      3000,
      "GUILD_CREATE",
    );
    ws.close();
    expect(decoded.map((p) => p.t ?? p.op)).toEqual([10, "READY", "GUILD_CREATE"]);
    for (const f of frames) expect([...f.subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
  });

  it("given a heartbeat, then the fake acks with op 11", async () => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const ops: number[] = [];
    ws.on("message", (data: Buffer) => ops.push(JSON.parse(data.toString()).op));
    await withTimeout(new Promise((r) => ws.once("open", r)), 3000, "ws open");
    ws.send(JSON.stringify({ op: 1, d: null }));
    await withTimeout(
      (async () => {
        while (!ops.includes(11)) await new Promise((r) => setTimeout(r, 10));
      })(),
      3000,
      "HEARTBEAT_ACK",
    );
    ws.close();
    expect(ops).toEqual([10, 11]);
  });
});
