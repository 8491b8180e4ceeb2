/**
 * `npm run serve`: the HTTP query service over the index in INDEX_DIR (see src/serve/). Binds SERVE_HOST:SERVE_PORT
 * (127.0.0.1:8787 by default); any other bind needs QUERY_API_KEYS. It watches INDEX_DIR and swaps in each new
 * generation a build publishes. SIGINT/SIGTERM stop accepting requests, let running ones finish, and exit 0.
 */
import { type Config, loadConfig } from "../src/config.js";
import { Engine } from "../src/engine.js";
import { ExitCode, explainError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { buildServer, checkBind } from "../src/serve/app.js";
import { createMetrics } from "../src/serve/metrics.js";
import { ServedIndex } from "../src/serve/served-index.js";

function fail(line: string): never {
  process.stderr.write(`error: ${line.replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(ExitCode.failure);
}

let config: Config;
try {
  config = loadConfig();
  checkBind(config);
} catch (e) {
  fail(explainError(e));
}
const log = createLogger(config.logLevel);
let engine: Engine;
try {
  engine = await Engine.open(config, { log });
} catch (e) {
  fail(explainError(e));
}
const metrics = createMetrics();
const served = new ServedIndex(engine, { config, log, onSwap: () => metrics.swapped() });
const app = await buildServer({ config, served, log, metrics });
served.watch();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "serve: shutting down");
  await app.close();
  await served.close();
  process.exit(ExitCode.ok);
}
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));

try {
  const address = await app.listen({ host: config.serve.host, port: config.serve.port });
  log.info({ address, generation: served.generation, mode: engine.mode }, "serve: listening");
} catch (e) {
  fail(`could not listen on ${config.serve.host}:${config.serve.port}: ${explainError(e)}`);
}
