/** A real query service (Fastify on 127.0.0.1, a real Engine over a synthetic-model index) for the serve tests. */
import type { FastifyInstance } from "fastify";
import type { Config } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import type { Logger } from "../../src/log.js";
import { silentLogger } from "../../src/log.js";
import { buildServer } from "../../src/serve/app.js";
import { ServedIndex } from "../../src/serve/served-index.js";

export interface RunningService {
  app: FastifyInstance;
  served: ServedIndex;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Start the service on `port` (0: any free port). */
export async function startService(
  config: Config,
  options: { port?: number; log?: Logger } = {},
): Promise<RunningService> {
  const log = options.log ?? silentLogger;
  const served = new ServedIndex(await Engine.open(config), { config, log });
  const app = await buildServer({ config, served, log });
  await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    app,
    served,
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app.close();
      await served.close();
    },
  };
}

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
  body: any;
  headers: Headers;
}

/** One real HTTP request; JSON bodies are parsed. */
export async function request(
  url: string,
  method: "GET" | "POST",
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const raw = typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body);
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { ...(raw !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: raw,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers };
}
