/**
 * Politeness per host: at most `concurrency` requests to one host at a time, and at least `delayMs` between the
 * start of one request to a host and the next (longer where the host's robots.txt asks, see `slowDown`). Other hosts
 * are not held up.
 */
export interface HostLimiter {
  run<T>(url: URL, task: () => Promise<T>): Promise<T>;
  /** Space this host's requests at least `delayMs` apart from now on (a robots.txt Crawl-delay), capped. */
  slowDown(url: URL, delayMs: number): void;
}

/** The longest Crawl-delay honoured: a robots.txt asking for more would stall an import for minutes per page. */
export const MAX_CRAWL_DELAY_MS = 30_000;

export function createHostLimiter(concurrency: number, delayMs: number): HostLimiter {
  const hosts = new Map<string, { active: number; lastStart: number; delayMs: number; waiting: (() => void)[] }>();
  const stateOf = (url: URL) => {
    const key = url.host.toLowerCase();
    const state = hosts.get(key) ?? { active: 0, lastStart: 0, delayMs, waiting: [] };
    hosts.set(key, state);
    return state;
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  return {
    async run(url, task) {
      const state = stateOf(url);
      while (state.active >= concurrency) await new Promise<void>((resolve) => state.waiting.push(resolve));
      state.active++;
      try {
        // Reserve this start time before sleeping, so requests queued behind it space out from it.
        const start = Math.max(Date.now(), state.lastStart + state.delayMs);
        state.lastStart = start;
        if (start > Date.now()) await sleep(start - Date.now());
        return await task();
      } finally {
        state.active--;
        state.waiting.shift()?.();
      }
    },
    slowDown(url, ms) {
      const state = stateOf(url);
      if (Number.isFinite(ms)) state.delayMs = Math.max(state.delayMs, Math.min(ms, MAX_CRAWL_DELAY_MS));
    },
  };
}
