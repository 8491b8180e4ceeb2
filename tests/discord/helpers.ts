/**
 * Shared plumbing for the Discord end-to-end tests: a test index, the real bot (real discord.js Client, real
 * Engine) connected to the loopback fake Discord, and a logger whose entries the tests can read.
 */
import { Events } from "discord.js";
import type { Config } from "../../src/config.js";
import { type Bot, type BotOptions, createBot } from "../../src/discord/client.js";
import type { EngineHolder } from "../../src/discord/engine-holder.js";
import { createRng } from "../../src/eval/rng.js";
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type RecordedRequest,
  startFakeDiscord,
} from "../fakes/discord/fake-discord.ts";
import { type LogEntry, memoryLogger } from "../helpers/log.js";

export { type LogEntry, memoryLogger };

export interface RunningBot {
  fake: FakeDiscord;
  bot: Bot;
  entries: LogEntry[];
  stop(): Promise<void>;
}

/** Extra createBot options for a test (tuning such as the forum retry delays). */
export type TestBotOptions = Omit<BotOptions, "config" | "log" | "holder">;

/** Start a fake Discord and the real bot against it; resolves once the client is ready. */
export async function startBot(
  config: Config,
  holder: EngineHolder,
  fakeOptions: FakeDiscordOptions = {},
  botOptions: TestBotOptions = {},
): Promise<RunningBot> {
  const fake = await startFakeDiscord(fakeOptions);
  const running = await connectBot(fake, config, holder, botOptions);
  return {
    ...running,
    async stop() {
      await running.stop();
      await fake.close();
    },
  };
}

/**
 * Connect a new bot process's Client to an existing fake (a restart: the fake keeps its channels, threads and
 * messages). `stop` destroys this bot only.
 */
export async function connectBot(
  fake: FakeDiscord,
  config: Config,
  holder: EngineHolder,
  botOptions: TestBotOptions = {},
): Promise<RunningBot> {
  const { log, entries } = memoryLogger();
  const bot = createBot({
    ...botOptions,
    config: { ...config, discord: { ...config.discord, apiUrl: fake.apiUrl } },
    log,
    holder,
  });
  const ready = new Promise<void>((resolve) => bot.client.once(Events.ClientReady, () => resolve()));
  await bot.login(fake.token);
  await ready;
  await fake.waitForIdentify();
  return {
    fake,
    bot,
    entries,
    async stop() {
      await bot.destroy();
    },
  };
}

/** Predicate: a POST of a message into a channel. */
export const isChannelMessage =
  (channelId: string) =>
  (r: RecordedRequest): boolean =>
    r.method === "POST" && r.path === `/channels/${channelId}/messages`;

interface ButtonJson {
  custom_id?: string;
  label?: string;
  disabled?: boolean;
  emoji?: { name?: string };
}

/** Every button of a recorded message body. */
export function buttonsOf(body: { components?: { components?: ButtonJson[] }[] } | undefined): ButtonJson[] {
  return (body?.components ?? []).flatMap((row) => row.components ?? []);
}

/** The custom id of the button whose label starts with `label`. */
export function buttonId(body: Parameters<typeof buttonsOf>[0], label: string): string {
  const b = buttonsOf(body).find((x) => x.label?.startsWith(label));
  if (!b?.custom_id) throw new Error(`no button "${label}" in ${JSON.stringify(body?.components)}`);
  return b.custom_id;
}

/** Deterministic pseudo-random numbers in [0, 1) (the bench's seeded mulberry32), for generated test articles. */
export function rng(seed: number): () => number {
  return createRng(seed).next;
}

/** A made-up word, e.g. "velotran": distinct per article so generated articles never look like duplicates. */
export function pseudoWord(next: () => number): string {
  const syllables = ["ka", "lo", "vre", "mi", "tan", "su", "por", "el", "qui", "dra", "nex", "bo", "fi", "gu", "zen"];
  const n = 2 + Math.floor(next() * 3);
  let w = "";
  for (let i = 0; i < n; i++) w += syllables[Math.floor(next() * syllables.length)];
  return w;
}

/**
 * A generated article built to overflow Discord's limits: a ~700-character title and publisher, markdown
 * characters and `@everyone` all through the text (escaping makes it longer still), a URL with parentheses and a
 * space, and the rare words "zyzzyva quasar" so one question matches every such article.
 */
export function overlongArticle(n: number): string {
  const next = rng(1000 + n);
  const marks = ["*", "_", "~~", "||", "`", "\\"];
  const words: string[] = [];
  for (let i = 0; i < 150; i++) {
    if (i % 25 === 7) words.push("zyzzyva");
    else if (i % 25 === 19) words.push("quasar");
    else if (i % 40 === 11) words.push("@everyone");
    else {
      const m = marks[Math.floor(next() * marks.length)]!;
      words.push(`${m}${pseudoWord(next)}${m}`);
    }
  }
  const phrase = (count: number) => Array.from({ length: count }, () => pseudoWord(next)).join(" ");
  return [
    "---",
    `title: ${JSON.stringify(`The zyzzyva quasar dossier ${n}: ${phrase(80)} *bold* _it_`)}`,
    `publisher: ${JSON.stringify(`The ${phrase(80)} Gazette`)}`,
    `author: ${JSON.stringify(`Ada ${pseudoWord(next)}`)}`,
    `published: 2024-01-0${n + 1}`,
    `url: "https://example.com/zyzzyva/(dossier)-${n}?q=a b"`,
    "---",
    "",
    words.join(" "),
    "",
  ].join("\n");
}

/** Count "**" markers as Discord's parser sees them: a backslash escapes the next character. */
export function boldMarkers(md: string): number {
  let n = 0;
  for (let i = 0; i < md.length; i++) {
    if (md[i] === "\\") i++;
    else if (md[i] === "*" && md[i + 1] === "*") {
      n++;
      i++;
    }
  }
  return n;
}
