/**
 * Sharding with discord.js' own machinery. One process can run several gateway shards itself (internal sharding:
 * `DISCORD_SHARDS=auto` or a count); past one process, discord.js' ShardingManager spawns processes
 * (`npm start -- --shards N --shards-per-process M`), each running M consecutive gateway shards of N. Discord sends
 * each server's events to shard (guild_id >> 22) % N, so every question reaches exactly one process.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Client, ShardingManager } from "discord.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { err, ok, type Result } from "../types.js";

export interface StartArgs {
  /** `--shards N`: run a ShardingManager over N gateway shards. */
  shards?: number;
  /** `--shards-per-process M` (default 1). */
  perProcess: number;
  /** Set in a ShardingManager child: the gateway shards of all processes (`--gateway-shards N`). */
  gatewayShards?: number;
  /** `--process-ids 0,1`: run only these of the ⌈N/M⌉ processes (the rest run on other machines). */
  processIds?: number[];
}

const positive = (name: string, raw: string | undefined): Result<number | undefined, string> => {
  if (raw === undefined) return ok(undefined);
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000
    ? ok(n)
    : err(`${name} must be a whole number from 1 to 10000 (got ${JSON.stringify(raw)}).`);
};

/** `npm start` flags, or a message saying what is wrong with them. */
export function parseStartArgs(argv: readonly string[]): Result<StartArgs, string> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        shards: { type: "string" },
        "shards-per-process": { type: "string" },
        "gateway-shards": { type: "string" },
        "process-ids": { type: "string" },
      },
      strict: true,
    }));
  } catch (e) {
    return err((e as Error).message);
  }
  const shards = positive("--shards", values.shards);
  if (!shards.ok) return shards;
  const perProcess = positive("--shards-per-process", values["shards-per-process"]);
  if (!perProcess.ok) return perProcess;
  const gatewayShards = positive("--gateway-shards", values["gateway-shards"]);
  if (!gatewayShards.ok) return gatewayShards;
  if (perProcess.value !== undefined && shards.value === undefined && gatewayShards.value === undefined)
    return err("--shards-per-process needs --shards N.");
  let processIds: number[] | undefined;
  if (values["process-ids"] !== undefined) {
    if (shards.value === undefined) return err("--process-ids needs --shards N.");
    const processes = processCount(shards.value, perProcess.value ?? 1);
    processIds = values["process-ids"].split(",").map((p) => Number(p.trim()));
    if (processIds.some((p) => !Number.isInteger(p) || p < 0 || p >= processes))
      return err(`--process-ids must list process numbers from 0 to ${processes - 1}, separated by commas.`);
  }
  return ok({
    shards: shards.value,
    perProcess: perProcess.value ?? 1,
    gatewayShards: gatewayShards.value,
    processIds,
  });
}

/** Processes needed for `total` shards at `perProcess` each. */
export const processCount = (total: number, perProcess: number): number => Math.ceil(total / perProcess);

/** The gateway shards process `index` runs: M consecutive ids, the last process taking what is left. */
export function shardsOfProcess(index: number, total: number, perProcess: number): number[] {
  const first = index * perProcess;
  return Array.from({ length: Math.max(0, Math.min(perProcess, total - first)) }, (_, i) => first + i);
}

/** The shard Discord routes a server's events to. */
export const shardOfGuild = (guildId: string, total: number): number =>
  Number((BigInt(guildId) >> 22n) % BigInt(total));

/**
 * Point the client at its shards before login: in a ShardingManager child, its process' range of the gateway
 * shards (discord.js put the process index in `options.shards`); otherwise DISCORD_SHARDS, if set.
 */
export function applyShards(client: Client, config: Config, args: StartArgs): void {
  if (args.gatewayShards !== undefined) {
    const index = ([] as number[]).concat(client.options.shards as number | number[])[0] ?? 0;
    client.options.shards = shardsOfProcess(index, args.gatewayShards, args.perProcess);
    client.options.shardCount = args.gatewayShards;
  } else if (config.discord.shards === "auto") client.options.shards = "auto";
  else if (config.discord.shards !== undefined) {
    client.options.shards = Array.from({ length: config.discord.shards }, (_, i) => i);
    client.options.shardCount = config.discord.shards;
  }
}

export const SHARD_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/shard.ts");

export interface ManagerOptions {
  token: string;
  total: number;
  perProcess: number;
  log: Logger;
  /** Wait between process spawns (default 5.5 s, discord.js' default, so identifies respect Discord's limit). */
  spawnDelayMs?: number;
  /** The child script (default scripts/shard.ts). */
  file?: string;
  /** Run only these processes (default all): the others run on other machines. */
  processIds?: number[];
}

/**
 * Spawn one process per M gateway shards with discord.js' ShardingManager (processes that exit are respawned).
 * Each child runs scripts/shard.ts, that is `npm start` restricted to its shards.
 */
export async function startShardingManager(options: ManagerOptions): Promise<ShardingManager> {
  const processes = processCount(options.total, options.perProcess);
  const manager = new ShardingManager(options.file ?? SHARD_SCRIPT, {
    token: options.token,
    totalShards: processes,
    shardList: options.processIds ?? "auto",
    mode: "process",
    execArgv: ["--import", "tsx"],
    shardArgs: ["--gateway-shards", String(options.total), "--shards-per-process", String(options.perProcess)],
  });
  manager.on("shardCreate", (shard) =>
    options.log.info(
      { process: shard.id, shards: shardsOfProcess(shard.id, options.total, options.perProcess) },
      "shard process started",
    ),
  );
  await manager.spawn({ amount: processes, delay: options.spawnDelayMs ?? 5500, timeout: 120_000 });
  return manager;
}
