import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHostLimiter, type HostLimiter, MAX_CRAWL_DELAY_MS } from "../../src/import/host-limiter.js";
import { createImporter } from "../../src/import/importer.js";
import { silentLogger } from "../../src/log.js";
import { tempDir, testConfig } from "../helpers/env.js";
import { serve, startServer, type TestServer } from "./server.js";

/** Start times of tasks on one host, under fake timers (no real waiting, no timing thresholds). */
async function startTimes(limiter: HostLimiter, url: URL, n: number, runFor: number): Promise<number[]> {
  const t0 = Date.now();
  const starts: number[] = [];
  const all = Array.from({ length: n }, () =>
    limiter.run(url, async () => {
      starts.push(Date.now() - t0);
    }),
  );
  await vi.advanceTimersByTimeAsync(runFor);
  await Promise.all(all);
  return starts;
}

describe("createHostLimiter", () => {
  beforeAll(() => {
    vi.useFakeTimers();
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it("given a Crawl-delay slower than the configured delay then that host's requests start that far apart, and other hosts keep the configured delay", async () => {
    const limiter = createHostLimiter(1, 100);
    const slow = new URL("https://slow.example/a");
    limiter.slowDown(slow, 5_000);
    expect(await startTimes(limiter, slow, 3, 20_000)).toEqual([0, 5_000, 10_000]);
    expect(await startTimes(limiter, new URL("https://fast.example/a"), 3, 1_000)).toEqual([0, 100, 200]);
  });

  it("given a Crawl-delay of an hour or one faster than configured then it is capped, and never speeds a host up", async () => {
    const limiter = createHostLimiter(1, 1_000);
    const greedy = new URL("https://greedy.example/");
    limiter.slowDown(greedy, 3_600_000);
    const starts = await startTimes(limiter, greedy, 2, MAX_CRAWL_DELAY_MS * 2);
    expect(starts[1]! - starts[0]!).toBe(MAX_CRAWL_DELAY_MS);
    const eager = new URL("https://eager.example/");
    limiter.slowDown(eager, 10);
    const eagerStarts = await startTimes(limiter, eager, 2, 5_000);
    expect(eagerStarts[1]! - eagerStarts[0]!).toBe(1_000);
  });
});

describe("robots.txt Crawl-delay", () => {
  let server: TestServer;
  let done: () => void;
  beforeAll(async () => {
    server = await startServer({
      "/robots.txt": serve("text/plain", "User-agent: *\nCrawl-delay: 7\nDisallow: /x/\n"),
    });
  });
  afterAll(async () => {
    await server.close();
    done?.();
  });
  afterEach(() => vi.restoreAllMocks());

  it("given a robots.txt with Crawl-delay then the host limiter is asked to space that host's requests by it", async () => {
    const t = tempDir();
    done = t.cleanup;
    const config = testConfig(t.dir, "offline", { IMPORT_ALLOW_PRIVATE_ADDRESSES: "true" });
    const importer = createImporter(config, silentLogger);
    const slowDown = vi.spyOn(importer.limiter, "slowDown");
    expect(await importer.robots(new URL(`${server.origin}/page`))).toBeUndefined();
    expect(slowDown).toHaveBeenCalledWith(new URL(server.origin), 7_000);
  });
});
