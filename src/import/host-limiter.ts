/**
 * Politeness per host: at most `concurrency` requests to one host at a time, and at least `delayMs` between the
 * start of one request to a host and the next. Other hosts are not held up.
 */
export interface HostLimiter {
  run<T>(url: URL, task: () => Promise<T>): Promise<T>;
}

export function createHostLimiter(concurrency: number, delayMs: number): HostLimiter {
  const hosts = new Map<string, { active: number; lastStart: number; waiting: (() => void)[] }>();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  return {
    async run(url, task) {
      const key = url.host.toLowerCase();
      const state = hosts.get(key) ?? { active: 0, lastStart: 0, waiting: [] };
      hosts.set(key, state);
      while (state.active >= concurrency) await new Promise<void>((resolve) => state.waiting.push(resolve));
      state.active++;
      try {
        // Reserve this start time before sleeping, so requests queued behind it space out from it.
        const start = Math.max(Date.now(), state.lastStart + delayMs);
        state.lastStart = start;
        if (start > Date.now()) await sleep(start - Date.now());
        return await task();
      } finally {
        state.active--;
        state.waiting.shift()?.();
      }
    },
  };
}
