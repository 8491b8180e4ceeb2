/**
 * The query service: Fastify over the same Engine the terminal and the bot use. Every route has JSON schemas
 * (validation, serialisation and the OpenAPI document at /openapi.json), /metrics serves Prometheus metrics, and
 * requests are authenticated by API key and rate limited per key before any work is done.
 */
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Config } from "../config.js";
import { ErrorCode, QuotebotError } from "../errors.js";
import type { Logger } from "../log.js";
import { isLoopbackHost, keyRing, presentedKey } from "./auth.js";
import { errorReply, notFound } from "./error-reply.js";
import { createMetrics, type ServeMetrics } from "./metrics.js";
import {
  askSchema,
  healthSchema,
  reloadSchema,
  searchSchema,
  sharedSchemas,
  sourceSchema,
  sourcesSchema,
} from "./schemas.js";
import { generationOf, type ServedIndex } from "./served-index.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Short digest of the API key the request carried ("" when keys are not required). */
    keyId: string;
  }
  interface FastifyContextConfig {
    /** Served without an API key (health checks, the OpenAPI document). */
    public?: boolean;
  }
}

export interface ServeOptions {
  config: Config;
  served: ServedIndex;
  log: Logger;
  metrics?: ServeMetrics;
}

/** Room for a question of MAX_QUESTION_CHARS even if every character arrives as a 6-byte JSON escape. */
export const bodyLimitFor = (maxQuestionChars: number): number => maxQuestionChars * 6 + 4096;

/** Refuse to start on a non-loopback bind without API keys: the service would answer anyone who can reach it. */
export function checkBind(config: Config): void {
  if (config.serve.apiKeys.length === 0 && !isLoopbackHost(config.serve.host))
    throw new QuotebotError(
      ErrorCode.ServeBindUnsafe,
      `SERVE_HOST is ${config.serve.host}, which other machines can reach, but QUERY_API_KEYS is not set.`,
      "Set QUERY_API_KEYS (comma-separated keys) in the environment, or bind to 127.0.0.1.",
    );
}

export async function buildServer(options: ServeOptions): Promise<FastifyInstance> {
  const { config, served, log } = options;
  checkBind(config);
  const metrics = options.metrics ?? createMetrics();
  const keys = keyRing(config.serve.apiKeys);
  const maxQuestionChars = config.retrieval.maxQuestionChars;
  const bodyLimit = bodyLimitFor(maxQuestionChars);
  const limits = { maxQuestionChars, bodyLimit };

  const app = Fastify({
    // Keys travel in the authorization header: redacted even if a request is ever logged with its headers.
    loggerInstance: log.child(
      { component: "serve" },
      { redact: { paths: ["req.headers.authorization", "headers.authorization"], censor: "[redacted]" } },
    ) as FastifyBaseLogger,
    // One log line per request would cost more than answering at load; /metrics counts requests instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    // A number is not a question: no type coercion (Fastify's default would turn 42 into "42").
    ajv: { customOptions: { coerceTypes: false } },
    // Route parameters (article ids) may be long; ids over this get 404 like any unknown id.
    routerOptions: { maxParamLength: 1000 },
  });
  app.decorateRequest("keyId", "");

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "quotebot query service", version: "1", description: "Quoted answers from an article corpus." },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
      security: keys.size > 0 ? [{ apiKey: [] }] : [],
    },
  });
  for (const schema of sharedSchemas) app.addSchema(schema);

  app.addHook("onRequest", async (request) => {
    if (keys.size === 0 || request.routeOptions.config.public) return;
    const id = keys.match(presentedKey(request.headers.authorization) ?? "");
    if (!id)
      throw new QuotebotError(
        ErrorCode.ApiKeyInvalid,
        "Missing or unknown API key.",
        "Send `Authorization: Bearer <key>` with one of QUERY_API_KEYS.",
      );
    request.keyId = id;
  });
  await app.register(rateLimit, {
    max: config.serve.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.keyId || request.ip,
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new QuotebotError(
          ErrorCode.RateLimited,
          `Too many requests: at most ${context.max} a minute per key. Retry in ${context.after}.`,
        ),
        { statusCode: 429 },
      ),
  });

  app.addHook("onResponse", async (request, reply) => {
    metrics.observe(
      request.routeOptions.url ?? "unmatched",
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.setErrorHandler((error, request, reply) => {
    const input = request.body as { question?: unknown; query?: unknown } | undefined;
    const { status, body } = errorReply(error, input?.question ?? input?.query, limits);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return reply.code(status).send(body);
  });

  const publish = () => {
    const engine = served.current;
    metrics.serving(generationOf(engine), engine.mode, engine.index.store.chunks.length);
  };
  publish();

  app.post("/v1/ask", { schema: askSchema(maxQuestionChars) }, async (request) => {
    const { question, k } = request.body as { question: string; k?: number };
    return served.use((engine) => engine.ask(question, { k }));
  });

  app.post("/v1/search", { schema: searchSchema(maxQuestionChars) }, async (request) => {
    const { query, k } = request.body as { query: string; k: number };
    return served.use(async (engine) => ({ query, results: await engine.lookup(query, k), mode: engine.mode }));
  });

  app.get("/v1/sources", { schema: sourcesSchema }, async () => {
    const engine = served.current;
    return { generation: generationOf(engine), articles: engine.index.store.articles };
  });

  app.get("/v1/sources/:id", { schema: sourceSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const article = served.current.article(id);
    if (!article) throw notFound(id);
    return article;
  });

  app.post("/v1/reload", { schema: reloadSchema }, async () => {
    const result = await served.reload();
    if (result.swapped) {
      metrics.swapped();
      publish();
    }
    return result;
  });

  app.get("/health", { schema: healthSchema, config: { public: true, rateLimit: false } }, async () => {
    const engine = served.current;
    return {
      status: "ok",
      mode: engine.mode,
      generation: generationOf(engine),
      articles: engine.index.store.articles.length,
      chunks: engine.index.store.chunks.length,
      degradedReason: engine.degradedReason ?? null,
    };
  });

  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    publish();
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get("/openapi.json", { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  return app;
}
