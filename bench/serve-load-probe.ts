/**
 * One measured process of the serve load bench (bench/serve-load.ts), configured by the environment like
 * `npm start`. Prints one JSON line on stdout and exits.
 *
 * - `engine <questions.json>`: the in-process Engine: open, warm up, answer every question in turn; latencies, CPU
 *   time and RSS.
 * - `bot-local` / `bot-remote`: what one more shard process costs: the bot (discord.js Client and its handlers,
 *   no gateway login) with a local Engine, or with QUERY_URL; a few questions through it, then RSS. Like
 *   scripts/start.ts, the engine's modules are imported only when the process holds an Engine.
 */
import { readFile } from "node:fs/promises";
import { loadConfig } from "../src/config.js";
import { createBot } from "../src/discord/client.js";
import { EngineHolder } from "../src/discord/engine-holder.js";
import { silentLogger } from "../src/log.js";
import type { QueryService } from "../src/query-service.js";
import { RemoteQueryService } from "../src/serve/client.js";

export interface ProbeReport {
  mode: string;
  rssBytes: number;
  maxRssBytes: number;
  heapUsedBytes: number;
  /** engine mode: per-question wall times (ms), total wall and CPU time of the loop (ms). */
  latenciesMs?: number[];
  wallMs?: number;
  cpuMs?: number;
  chunks?: number;
}

const WARM_UP = 5;

const [mode, questionsFile] = process.argv.slice(2);
const config = loadConfig({ dotenv: false });
const questions = JSON.parse(await readFile(questionsFile ?? "", "utf8")) as string[];

function settle(): { rssBytes: number; maxRssBytes: number; heapUsedBytes: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssBytes: m.rss, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: m.heapUsed };
}

let report: ProbeReport;
if (mode === "engine") {
  const { Engine } = await import("../src/engine.js");
  const engine = await Engine.open(config, { log: silentLogger });
  for (const q of questions.slice(0, WARM_UP)) await engine.ask(q);
  const latenciesMs: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const q of questions) {
    const t = performance.now();
    await engine.ask(q);
    latenciesMs.push(performance.now() - t);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  report = {
    mode,
    ...settle(),
    latenciesMs,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    chunks: engine.index.store.chunks.length,
  };
} else if (mode === "bot-local" || mode === "bot-remote") {
  const url = config.query.url;
  const service: QueryService =
    mode === "bot-remote" && url
      ? await RemoteQueryService.connect({ url, apiKey: config.query.apiKey })
      : await (await import("../src/engine.js")).Engine.open(config, { log: silentLogger });
  const holder = new EngineHolder(service, { config, log: silentLogger });
  const bot = createBot({ config, log: silentLogger, holder });
  for (const q of questions.slice(0, WARM_UP)) await holder.use((s) => s.ask(q));
  report = { mode, ...settle() };
  await bot.destroy();
} else throw new Error(`unknown probe mode ${mode}`);

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
