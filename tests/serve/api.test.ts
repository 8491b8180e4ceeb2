/**
 * The query service's API against real HTTP requests: answers identical to the in-process Engine's, the same error
 * codes and messages the CLI prints, oversized input refused before the engine runs, API keys and per-key rate
 * limits, the OpenAPI document and the Prometheus metrics.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.js";
import { ErrorCode, type QuotebotError } from "../../src/errors.js";
import { bodyLimitFor, checkBind } from "../../src/serve/app.js";
import { indexedCorpus, testConfig } from "../helpers/env.js";
import { memoryLogger } from "../helpers/log.js";
import { type RunningService, request, startService } from "./helpers.js";

const QUESTION = "What did China do about ICOs and blockchain?";
const KEY_A = "key-a-0123456789abcdef";
const KEY_B = "key-b-fedcba9876543210";

let config: Config;
let dir: string;
let cleanup: (() => void) | undefined;
let open: RunningService;

beforeAll(async () => {
  ({ config, dir, cleanup } = await indexedCorpus("synthetic"));
  open = await startService(config);
});

afterAll(async () => {
  await open?.stop();
  cleanup?.();
});

/** What the CLI prints for a refused question: the engine's own error. */
async function engineError(question: string): Promise<{ code: string; message: string }> {
  const e = (await open.served.current.ask(question).catch((x: unknown) => x)) as QuotebotError;
  return { code: e.code, message: e.message };
}

describe("valid requests", () => {
  it("given a question, when POST /v1/ask, then the answer equals the in-process engine's, field for field", async () => {
    const reply = await request(open.url, "POST", "/v1/ask", { question: QUESTION, k: 4 });
    expect(reply.status).toBe(200);
    const direct = JSON.parse(JSON.stringify(await open.served.current.ask(QUESTION, { k: 4 })));
    expect(reply.body.answered).toBe(true);
    expect(reply.body).toEqual(direct);
  });

  it("given a query, when POST /v1/search, then the quoted passages equal the engine's lookup", async () => {
    const reply = await request(open.url, "POST", "/v1/search", { query: "blockchain Russia", k: 3 });
    expect(reply.status).toBe(200);
    const direct = JSON.parse(JSON.stringify(await open.served.current.lookup("blockchain Russia", 3)));
    expect(reply.body.results).toEqual(direct);
    expect(reply.body.mode).toBe(open.served.current.mode);
  });

  it("given the index, when GET /v1/sources and /v1/sources/:id, then every article comes back with its lead", async () => {
    const list = await request(open.url, "GET", "/v1/sources");
    expect(list.status).toBe(200);
    expect(list.body.articles).toEqual(open.served.current.index.store.articles);
    const first = list.body.articles[0];
    const one = await request(open.url, "GET", `/v1/sources/${encodeURIComponent(first.id)}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    const missing = await request(open.url, "GET", "/v1/sources/no-such-article");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe(ErrorCode.SourceNotFound);
  });

  it("given the service, when GET /health, then it names the serving generation, the mode and the counts", async () => {
    const reply = await request(open.url, "GET", "/health");
    const engine = open.served.current;
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: "ok",
      mode: engine.mode,
      generation: path.basename(engine.index.folder),
      articles: engine.index.store.articles.length,
      chunks: engine.index.store.chunks.length,
      degradedReason: null,
    });
  });
});

describe("invalid requests", () => {
  it.each([
    ["nothing to search", "the of and"],
    ["empty", "   "],
  ])(
    "given a question with %s, when POST /v1/ask, then 400 with the CLI's code and message",
    async (_what, question) => {
      const reply = await request(open.url, "POST", "/v1/ask", { question });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toEqual(await engineError(question));
    },
  );

  it("given a question over MAX_QUESTION_CHARS, when POST /v1/ask, then 400 QUESTION_TOO_LONG with the CLI's message, and the engine never runs", async () => {
    const spy = vi.spyOn(open.served, "use");
    const question = `blockchain ${"x".repeat(config.retrieval.maxQuestionChars)}`;
    const reply = await request(open.url, "POST", "/v1/ask", { question });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual(await engineError(question));
    expect(reply.body.error.code).toBe(ErrorCode.QuestionTooLong);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("given a body over the body limit, when POST /v1/ask, then 413 REQUEST_TOO_LARGE before the engine runs", async () => {
    const spy = vi.spyOn(open.served, "use");
    const question = "y".repeat(bodyLimitFor(config.retrieval.maxQuestionChars) + 10);
    const reply = await request(open.url, "POST", "/v1/ask", { question });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe(ErrorCode.RequestTooLarge);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it.each([
    ["no question", { k: 2 }],
    ["a number for the question", { question: 42 }],
    ["k out of range", { question: QUESTION, k: 0 }],
    ["k not a number", { question: QUESTION, k: "many" }],
  ])("given %s, when POST /v1/ask, then 400 REQUEST_INVALID naming the problem", async (_what, body) => {
    const reply = await request(open.url, "POST", "/v1/ask", body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe(ErrorCode.RequestInvalid);
    expect(reply.body.error.message).toMatch(/question|k/);
  });

  it("given malformed JSON, when POST /v1/ask, then 400 REQUEST_INVALID", async () => {
    const reply = await request(open.url, "POST", "/v1/ask", '{"question": "unterminated');
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe(ErrorCode.RequestInvalid);
  });
});

describe("API keys and rate limits", () => {
  let keyed: RunningService;
  let entries: ReturnType<typeof memoryLogger>["entries"];

  beforeAll(async () => {
    const logger = memoryLogger();
    entries = logger.entries;
    const c = testConfig(dir, "synthetic", { QUERY_API_KEYS: `${KEY_A}, ${KEY_B}`, SERVE_RATE_LIMIT_PER_MINUTE: "3" });
    keyed = await startService(c, { log: logger.log });
  });

  afterAll(async () => {
    await keyed?.stop();
  });

  it("given keys are configured, when a request has no key or a wrong one, then 401 API_KEY_INVALID; /health stays open", async () => {
    const none = await request(keyed.url, "POST", "/v1/ask", { question: QUESTION });
    const wrong = await request(keyed.url, "POST", "/v1/ask", { question: QUESTION }, { authorization: "Bearer nope" });
    const almost = await request(keyed.url, "GET", "/v1/sources", undefined, { authorization: `Bearer ${KEY_A}x` });
    for (const r of [none, wrong, almost]) {
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe(ErrorCode.ApiKeyInvalid);
    }
    expect((await request(keyed.url, "GET", "/health")).status).toBe(200);
  });

  it("given a valid key, when it sends more than the per-minute limit, then 429 RATE_LIMITED for it while the other key still answers", async () => {
    const asA = { authorization: `Bearer ${KEY_A}` };
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof request>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await request(keyed.url, "POST", "/v1/search", { query: "blockchain" }, asA);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.body.error.code).toBe(ErrorCode.RateLimited);
    expect(last?.headers.get("retry-after")).toBeTruthy();
    const b = await request(
      keyed.url,
      "POST",
      "/v1/search",
      { query: "blockchain" },
      { authorization: `Bearer ${KEY_B}` },
    );
    expect(b.status).toBe(200);
  });

  it("given requests with keys, and even a request logged with its headers, then no log entry contains a key", () => {
    keyed.app.log.info({ headers: { authorization: `Bearer ${KEY_A}` } }, "a request's headers");
    expect(entries.at(-1)?.headers).toEqual({ authorization: "[redacted]" });
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(KEY_A);
    expect(logged).not.toContain(KEY_B);
  });

  it("given a bind other than loopback, then the service refuses to start without keys, and starts with them", () => {
    const exposed = testConfig(dir, "synthetic", { SERVE_HOST: "0.0.0.0" });
    expect(() => checkBind(exposed)).toThrow(expect.objectContaining({ code: ErrorCode.ServeBindUnsafe }));
    expect(() =>
      checkBind(testConfig(dir, "synthetic", { SERVE_HOST: "0.0.0.0", QUERY_API_KEYS: KEY_A })),
    ).not.toThrow();
    expect(() => checkBind(testConfig(dir, "synthetic", { SERVE_HOST: "::1" }))).not.toThrow();
  });
});

describe("documents", () => {
  it("given the service, when GET /openapi.json, then every route is described with its request schema", async () => {
    const reply = await request(open.url, "GET", "/openapi.json");
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toMatch(/^3\./);
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining(["/v1/ask", "/v1/search", "/v1/sources", "/v1/sources/{id}", "/health", "/v1/reload"]),
    );
    const ask = reply.body.paths["/v1/ask"].post.requestBody.content["application/json"].schema;
    expect(ask.required).toEqual(["question"]);
    expect(ask.properties.question.maxLength).toBe(config.retrieval.maxQuestionChars);
  });

  it("given answered requests, when GET /metrics, then request counts, latencies, the generation and the mode are there", async () => {
    await request(open.url, "POST", "/v1/ask", { question: QUESTION });
    const text = (await request(open.url, "GET", "/metrics")).body as string;
    expect(text).toMatch(/quotebot_http_requests_total\{route="\/v1\/ask",method="POST",status="200"\} [1-9]/);
    expect(text).toMatch(/quotebot_http_request_duration_seconds_bucket\{le="[^"]+",route="\/v1\/ask",method="POST"\}/);
    const generation = path.basename(open.served.current.index.folder);
    expect(text).toContain(`quotebot_index_generation_info{generation="${generation}"} 1`);
    expect(text).toContain(`quotebot_mode{mode="${open.served.current.mode}"} 1`);
  });
});
