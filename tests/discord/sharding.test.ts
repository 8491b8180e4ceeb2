/**
 * Sharding with discord.js' own machinery, on the loopback fake: every gateway shard owns a server that Discord's
 * rule ((guild_id >> 22) % shards) routes to it. Two internal shards in one process; then four shards in two
 * processes of two, started by two ShardingManagers as on two machines (`--process-ids`), answering through
 * QUERY_URL. Every question is answered exactly once, and one shard's disconnect and resume leaves the other alone.
 */
import { Events, Status } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { type Bot, createBot } from "../../src/discord/client.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import {
  applyShards,
  parseStartArgs,
  processCount,
  shardOfGuild,
  shardsOfProcess,
  startShardingManager,
} from "../../src/discord/sharding.js";
import { Engine } from "../../src/engine.js";
import { silentLogger } from "../../src/log.js";
import { isInteractionCallback, isOriginalEdit, type SentInteraction } from "../fakes/discord/fake-discord.ts";
import { type ShardedFake, startShardedFake } from "../fakes/discord/sharded-fake.ts";
import { indexedCorpus, testEnv } from "../helpers/env.js";
import { type RunningService, startService } from "../serve/helpers.js";

const QUESTION = "What did China do about ICOs and blockchain?";

let config: Config;
let dir: string;
let cleanup: (() => void) | undefined;

beforeAll(async () => {
  ({ config, dir, cleanup } = await indexedCorpus("synthetic", { COOLDOWN_SECONDS: "0" }));
});

afterAll(() => cleanup?.());

/** Ask in shard i's server; resolves once the answer is edited in, with every callback any shard's fake got for it. */
async function askIn(fake: ShardedFake, i: number) {
  const ix: SentInteraction = fake.shards[i]!.sendSlashCommand({ name: "ask", options: { question: QUESTION } });
  const edit = await fake.shards[i]!.waitForRequest(isOriginalEdit(ix), 60_000);
  const callbacks = fake.shards.flatMap((f) => f.findRequests(isInteractionCallback(ix)));
  return { edit, callbacks };
}

async function until(probe: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("shard plans", () => {
  it("given N shards and M per process, then processes take consecutive ranges and the last one what is left", () => {
    expect(processCount(5, 2)).toBe(3);
    expect([0, 1, 2].map((p) => shardsOfProcess(p, 5, 2))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it("given start flags, then they parse, and bad ones are refused with a message", () => {
    expect(parseStartArgs(["--shards", "4", "--shards-per-process", "2"])).toEqual({
      ok: true,
      value: { shards: 4, perProcess: 2, gatewayShards: undefined, processIds: undefined },
    });
    expect(parseStartArgs([])).toEqual({
      ok: true,
      value: { shards: undefined, perProcess: 1, gatewayShards: undefined, processIds: undefined },
    });
    expect(parseStartArgs(["--shards", "8", "--shards-per-process", "2", "--process-ids", "2,3"])).toMatchObject({
      ok: true,
      value: { processIds: [2, 3] },
    });
    for (const bad of [
      ["--shards", "0"],
      ["--shards", "two"],
      ["--shards-per-process", "2"],
      ["--shard", "2"],
      ["--shards", "4", "--shards-per-process", "2", "--process-ids", "2"],
      ["--process-ids", "0"],
    ])
      expect(parseStartArgs(bad).ok).toBe(false);
  });
});

describe("internal shards (one process, DISCORD_SHARDS=2)", () => {
  let fake: ShardedFake;
  let bot: Bot;
  let engine: Engine;
  const resumed: number[] = [];

  beforeAll(async () => {
    fake = await startShardedFake(2);
    engine = await Engine.open(config);
    const cfg: Config = { ...config, discord: { ...config.discord, apiUrl: fake.apiUrl, shards: 2 } };
    bot = createBot({
      config: cfg,
      log: silentLogger,
      holder: new EngineHolder(engine, { config: cfg, log: silentLogger }),
    });
    applyShards(bot.client, cfg, { perProcess: 1 });
    bot.client.on(Events.ShardResume, (id) => resumed.push(id));
    const ready = new Promise<void>((resolve) => bot.client.once(Events.ClientReady, () => resolve()));
    await bot.login(fake.token);
    await ready;
  });

  afterAll(async () => {
    await bot?.destroy();
    await fake?.close();
    await engine?.close();
  });

  it("given two shards, then each identifies as [i, 2] with the fake whose server routes to it, and the client sees both servers", () => {
    for (let i = 0; i < 2; i++) {
      expect(shardOfGuild(fake.shards[i]!.ids.guildId, 2)).toBe(i);
      expect(fake.shards[i]!.identify?.shard).toEqual([i, 2]);
      expect(bot.client.guilds.cache.get(fake.shards[i]!.ids.guildId)?.shardId).toBe(i);
    }
  });

  it("given a question in each server, then each is answered exactly once, by its own shard", async () => {
    for (let i = 0; i < 2; i++) {
      const { edit, callbacks } = await askIn(fake, i);
      expect(edit.status).toBe(200);
      expect(edit.body.embeds.length).toBeGreaterThan(0);
      expect(callbacks).toHaveLength(1);
    }
  });

  it("given shard 0 is disconnected, then shard 1 keeps answering while shard 0 resumes, and shard 0 answers again", async () => {
    const handshakesOf = (shard: number) => fake.handshakes.filter((h) => h.shard === shard);
    const before1 = handshakesOf(1).length;
    fake.shards[0]!.disconnectGateway(4000);
    const during = await askIn(fake, 1);
    expect(during.callbacks).toHaveLength(1);
    await until(() => handshakesOf(0).some((h) => h.op === 6), "shard 0 to send RESUME");
    await until(() => bot.client.ws.shards.get(0)?.status === Status.Ready && resumed.includes(0), "shard 0 resumed");
    const after = await askIn(fake, 0);
    expect(after.edit.status).toBe(200);
    expect(after.callbacks).toHaveLength(1);
    // Shard 1 never reconnected: no new IDENTIFY or RESUME, and no resume event for it.
    expect(handshakesOf(1).length).toBe(before1);
    expect(resumed).toEqual([0]);
  });
});

describe("ShardingManager (npm start -- --shards 4 --shards-per-process 2) on two machines through QUERY_URL", () => {
  let fake: ShardedFake;
  let svc: RunningService;
  /** Two managers, as on two machines: `--process-ids 0` and `--process-ids 1`. */
  const managers: Awaited<ReturnType<typeof startShardingManager>>[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    fake = await startShardedFake(4);
    svc = await startService(config);
    // The shard processes read their settings from the environment, as `npm start` does.
    Object.assign(process.env, testEnv(dir, "synthetic"), {
      COOLDOWN_SECONDS: "0",
      DISCORD_API_URL: fake.apiUrl,
      QUERY_URL: svc.url,
      LOG_LEVEL: "warn",
    });
    const start = (processIds: number[]) =>
      startShardingManager({
        token: fake.token,
        total: 4,
        perProcess: 2,
        processIds,
        log: silentLogger,
        spawnDelayMs: 0,
      });
    managers.push(...(await Promise.all([start([0]), start([1])])));
  }, 180_000);

  afterAll(async () => {
    for (const manager of managers) {
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.kill();
    }
    process.env = saved;
    await svc?.stop();
    await fake?.close();
  });

  it("given each machine runs one process of two shards, then every shard identifies once as [i, 4] and answers its own server's question exactly once", async () => {
    expect(managers.map((m) => [...m.shards.keys()])).toEqual([[0], [1]]);
    for (let i = 0; i < 4; i++) {
      expect(fake.handshakes.filter((h) => h.shard === i && h.op === 2)).toHaveLength(1);
      expect(fake.shards[i]!.identify?.shard).toEqual([i, 4]);
      const { edit, callbacks } = await askIn(fake, i);
      expect(edit.status).toBe(200);
      expect(edit.body.embeds.length).toBeGreaterThan(0);
      expect(callbacks).toHaveLength(1);
    }
  }, 120_000);
});
