/**
 * The fake's forum channels, forum posts and Message Content emulation over REST, driven by the real discord.js
 * Client: what a forum auto-answer bot sees on Discord.
 */
import {
  type AnyThreadChannel,
  ChannelType,
  Client,
  Events,
  type ForumChannel,
  GatewayIntentBits,
  type Message,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "./fake-discord.ts";

const FORUM = "1500000000000000003";
const SOLVED = "1600000000000000001";

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

async function start(messageContent: boolean): Promise<{ f: FakeDiscord; c: Client }> {
  const f = await startFakeDiscord({
    extraChannels: [{ id: FORUM, name: "help", type: 15, availableTags: [{ id: SOLVED, name: "Solved" }] }],
  });
  fake = f;
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (messageContent) intents.push(GatewayIntentBits.MessageContent);
  const c = new Client({ intents, rest: { api: f.apiUrl } });
  client = c;
  const ready = new Promise<void>((r) => c.once(Events.ClientReady, () => r()));
  await c.login(f.token);
  await ready;
  return { f, c };
}

const nextThread = (c: Client) =>
  new Promise<{ thread: AnyThreadChannel; newlyCreated: boolean }>((r) =>
    c.once(Events.ThreadCreate, (thread, newlyCreated) => r({ thread, newlyCreated })),
  );

describe("fake Discord forum posts", () => {
  it("given a forum channel with tags, when a member posts, then discord.js sees a new public thread under the forum with its tags, then the starter message in it", async () => {
    const { f, c } = await start(true);
    const forum = c.channels.cache.get(FORUM) as ForumChannel;
    expect(forum.type).toBe(ChannelType.GuildForum);
    expect(forum.availableTags.map((t) => t.name)).toEqual(["Solved"]);

    const created = nextThread(c);
    const starterSeen = new Promise<Message>((r) => c.on(Events.MessageCreate, (m) => r(m)));
    const post = f.createForumPost({
      forumId: FORUM,
      title: "How?",
      content: "How does it work?",
      appliedTags: [SOLVED],
    });
    const { thread, newlyCreated } = await created;
    expect(newlyCreated).toBe(true);
    expect(thread.id).toBe(post.threadId);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(FORUM);
    expect(thread.ownerId).toBe(f.ids.userId);
    expect(thread.appliedTags).toEqual([SOLVED]);
    const starter = await starterSeen;
    expect(starter.id).toBe(post.threadId);
    expect(starter.channelId).toBe(post.threadId);
    expect(starter.content).toBe("How does it work?");

    const fetched = await thread.fetchStarterMessage({ force: true });
    expect(fetched?.content).toBe("How does it work?");
    expect(f.findRequests((r) => r.path === `/channels/${post.threadId}/messages/${post.threadId}`)).toHaveLength(1);
  });

  it("given no Message Content intent, then the starter message's text is empty over the gateway and over REST, like on Discord", async () => {
    const { f, c } = await start(false);
    const created = nextThread(c);
    const starterSeen = new Promise<Message>((r) => c.on(Events.MessageCreate, (m) => r(m)));
    f.createForumPost({ forumId: FORUM, title: "How?", content: "How does it work?" });
    const { thread } = await created;
    expect((await starterSeen).content).toBe("");
    expect((await thread.fetchStarterMessage({ force: true }))?.content).toBe("");
  });

  it("given an archived thread, then a new connection's GUILD_CREATE leaves it out (Discord lists active threads only)", async () => {
    const { f, c } = await start(true);
    const created = nextThread(c);
    const post = f.createForumPost({ forumId: FORUM, title: "How?", content: "How does it work?" });
    await created;
    await c.destroy();
    f.setThreadArchived(post.threadId, true);
    const again = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: f.apiUrl } });
    client = again;
    const ready = new Promise<void>((r) => again.once(Events.ClientReady, () => r()));
    await again.login(f.token);
    await ready;
    expect(again.channels.cache.has(post.threadId)).toBe(false);
    expect(again.channels.cache.has(FORUM)).toBe(true);
  });
});
