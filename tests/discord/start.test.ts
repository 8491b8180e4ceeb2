/**
 * The entry points as a user runs them: `scripts/start.ts` and `scripts/deploy-commands.ts` spawned as child
 * processes with DISCORD_API_URL pointing at the loopback fake, exactly as `npm start` would run them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { commandPayloads } from "../../src/discord/commands/index.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { type FakeDiscord, isOriginalEdit, startFakeDiscord } from "../fakes/discord/fake-discord.ts";
import { copyCorpus, REPO_ROOT, tempDir, testConfig, testEnv } from "../helpers/env.js";

const TSX = path.join(REPO_ROOT, "node_modules/.bin/tsx");

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Child {
  proc: ChildProcess;
  exited: Promise<Exit>;
}

let dir: string;
let cleanup: (() => void) | undefined;
const fakes: FakeDiscord[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  const tmp = tempDir("quotebot-start-");
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  copyCorpus(dir);
  // A lexical index is enough here: these tests are about the process, not retrieval.
  await buildIndex({ config: testConfig(dir, "synthetic"), log: silentLogger, embedder: null });
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const f of fakes.splice(0)) await f.close();
});

afterAll(() => cleanup?.());

async function fakeDiscord(options: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const f = await startFakeDiscord(options);
  fakes.push(f);
  return f;
}

function run(script: string, env: Record<string, string>): Child {
  const proc = spawn(TSX, [script], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      ...testEnv(dir, "synthetic"),
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  let stdout = "";
  let stderr = "";
  proc.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<Exit>((resolve) =>
    proc.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { proc, exited };
}

/** The one line an expected failure prints, and nothing that looks like a stack trace or the token. */
function expectOneCleanLine(exit: Exit, token: string, pattern: RegExp): void {
  expect(exit.code).toBe(1);
  const lines = exit.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(exit.stderr).not.toMatch(/^\s+at /m);
  if (token) expect(exit.stderr + exit.stdout).not.toContain(token);
}

describe("npm start", () => {
  it("given DISCORD_API_URL pointing at the fake, when the bot starts, then it answers a slash command like the real thing and exits 0 on SIGTERM", async () => {
    const fake = await fakeDiscord();
    const bot = run("scripts/start.ts", { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    await fake.waitForIdentify(30_000);
    expect(fake.requests.find((r) => r.path === "/gateway/bot")?.status).toBe(200);

    const ix = fake.sendSlashCommand({ name: "ask", options: { question: "What did China do about ICOs?" } });
    const edit = await fake.waitForRequest(isOriginalEdit(ix), 20_000);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });

    bot.proc.kill("SIGTERM");
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).not.toContain(fake.token);
    expect(exit.stderr).toContain("quotebot is online");
  }, 60_000);

  it("given no DISCORD_TOKEN, when the bot starts, then it prints one clear line and exits 1", async () => {
    const exit = await run("scripts/start.ts", { DISCORD_TOKEN: "" }).exited;
    expectOneCleanLine(exit, "", /^error: DISCORD_TOKEN is not set/);
  }, 30_000);

  it("given a token Discord's REST rejects (401 on /gateway/bot), when the bot starts, then it prints one clear line without the token and exits 1", async () => {
    const fake = await fakeDiscord({ token: "the-right-token" });
    const token = "MTIzNDU2.wrong.token-that-must-never-be-printed";
    const exit = await run("scripts/start.ts", { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl }).exited;
    expect(fake.requests.find((r) => r.path === "/gateway/bot")?.status).toBe(401);
    expectOneCleanLine(exit, token, /^error: Discord rejected DISCORD_TOKEN/);
  }, 30_000);

  it("given a token the gateway rejects (close 4004), when the bot starts, then it prints one clear line without the token and exits 1", async () => {
    const fake = await fakeDiscord({ token: "the-right-token" });
    // REST lets the token through; the gateway then closes with 4004 "Authentication failed".
    fake.override("GET /gateway/bot", () => ({
      status: 200,
      body: {
        url: fake.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      },
    }));
    const token = "MTIzNDU2.gateway.token-that-must-never-be-printed";
    const exit = await run("scripts/start.ts", { DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl }).exited;
    expectOneCleanLine(exit, token, /^error: Discord rejected DISCORD_TOKEN/);
  }, 30_000);

  it("given MESSAGE_CONTENT_INTENT=true and an application without that intent (close 4014), when the bot starts, then it names the switch to flip and exits 1", async () => {
    const fake = await fakeDiscord({ privilegedIntents: { messageContent: false } });
    const exit = await run("scripts/start.ts", {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      MESSAGE_CONTENT_INTENT: "true",
    }).exited;
    expectOneCleanLine(exit, fake.token, /^error: Discord refused the Message Content intent.*Developer Portal/);
  }, 30_000);
});

describe("npm run deploy-commands", () => {
  const names = commandPayloads()
    .map((c) => c.name)
    .sort();

  it("given DISCORD_GUILD_ID, when commands are deployed, then the loader's list is registered in that guild", async () => {
    const fake = await fakeDiscord();
    const exit = await run("scripts/deploy-commands.ts", {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.ids.guildId,
    }).exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain(`in guild ${fake.ids.guildId}`);
    expect([...(fake.guildCommands.get(fake.ids.guildId)?.keys() ?? [])].sort()).toEqual(names);
    expect(fake.globalCommands.size).toBe(0);
    const reindex = fake.guildCommands.get(fake.ids.guildId)?.get("reindex");
    expect(reindex.default_member_permissions).toBe("32");
  }, 30_000);

  it("given no DISCORD_GUILD_ID, when commands are deployed, then they are registered globally", async () => {
    const fake = await fakeDiscord();
    const exit = await run("scripts/deploy-commands.ts", {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: "",
    }).exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain("globally");
    expect([...fake.globalCommands.keys()].sort()).toEqual(names);
  }, 30_000);
});
