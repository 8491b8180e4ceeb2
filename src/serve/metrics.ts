/**
 * Prometheus metrics of the query service (prom-client), on a registry of its own so two services in one process
 * (tests) do not collide: request counts and latencies per route, the serving index generation and the mode.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { IndexMode } from "../types.js";

export interface ServeMetrics {
  registry: Registry;
  observe(route: string, method: string, status: number, seconds: number): void;
  /** Record which index generation serves, in which mode, with how many chunks. */
  serving(generation: string, mode: IndexMode, chunks: number): void;
  swapped(): void;
}

export function createMetrics(): ServeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "quotebot_" });
  const requests = new Counter({
    name: "quotebot_http_requests_total",
    help: "HTTP requests answered, by route, method and status code",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "quotebot_http_request_duration_seconds",
    help: "Time from receiving a request to sending its response",
    labelNames: ["route", "method"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const generation = new Gauge({
    name: "quotebot_index_generation_info",
    help: "1 for the index generation that serves new requests",
    labelNames: ["generation"] as const,
    registers: [registry],
  });
  const mode = new Gauge({
    name: "quotebot_mode",
    help: "1 for the retrieval mode in use (hybrid or lexical)",
    labelNames: ["mode"] as const,
    registers: [registry],
  });
  const chunks = new Gauge({
    name: "quotebot_index_chunks",
    help: "Chunks in the serving index",
    registers: [registry],
  });
  const swaps = new Counter({
    name: "quotebot_index_swaps_total",
    help: "Index generations swapped in",
    registers: [registry],
  });
  return {
    registry,
    observe(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      latency.observe({ route, method }, seconds);
    },
    serving(gen, m, n) {
      generation.reset();
      generation.set({ generation: gen }, 1);
      mode.set({ mode: "hybrid" }, m === "hybrid" ? 1 : 0);
      mode.set({ mode: "lexical" }, m === "lexical" ? 1 : 0);
      chunks.set(n);
    },
    swapped() {
      swaps.inc();
    },
  };
}
