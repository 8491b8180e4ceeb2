/**
 * robots.txt, fetched once per origin and read with robots-parser; its Crawl-delay spaces that host's requests. As
 * RFC 9309 says: a missing robots.txt (4xx) allows everything; one that cannot be fetched (5xx, timeout, network
 * error) is treated as "disallow all", since the site may be down or overloaded.
 */
import robotsParserModule from "robots-parser";
import { ErrorCode } from "../errors.js";
import { type FetchSettings, fetchResource } from "./fetch-page.js";
import type { HostLimiter } from "./host-limiter.js";
import type { ImportProblem } from "./types.js";

interface Robots {
  isDisallowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// The package is CommonJS (`module.exports = fn`) but its types declare an ES default export.
const robotsParser = robotsParserModule as unknown as (url: string, contents: string) => Robots;

export type RobotsCheck = (url: URL) => Promise<ImportProblem | undefined>;

/** A checker that caches each origin's robots.txt for its lifetime (one import run, or one watch poll). */
export function createRobotsCheck(settings: FetchSettings, limiter: HostLimiter): RobotsCheck {
  const byOrigin = new Map<string, Promise<(url: URL) => ImportProblem | undefined>>();
  const agent = settings.userAgent.split(/[\s/]/)[0] || "quotebot";
  const load = async (origin: string) => {
    const robotsUrl = `${origin}/robots.txt`;
    const fetched = await fetchResource(robotsUrl, settings, { expect: "robots", limiter });
    if (!fetched.ok) {
      const { code, reason } = fetched.error;
      const missing = code === ErrorCode.ImportHttpStatus && /^HTTP 4/.test(reason);
      // A robots.txt served as HTML (a soft 404 page) or another type says nothing about crawling.
      if (missing || code === ErrorCode.ImportWrongContentType) return () => undefined;
      return () => ({
        code: ErrorCode.ImportRobotsBlocked,
        reason: `robots.txt could not be read (${reason}), so the site is treated as disallowing everything`,
      });
    }
    const body = fetched.value.notModified ? "" : fetched.value.body;
    const robots = robotsParser(robotsUrl, body);
    // Crawl-delay is not in RFC 9309, but many sites set it: their pages are spaced that far apart (up to a cap).
    const crawlDelay = robots.getCrawlDelay(agent);
    if (crawlDelay !== undefined && crawlDelay > 0) limiter.slowDown(new URL(origin), crawlDelay * 1000);
    return (url: URL) =>
      robots.isDisallowed(url.href, agent)
        ? { code: ErrorCode.ImportRobotsBlocked, reason: "blocked by robots.txt" }
        : undefined;
  };
  return async (url) => {
    let check = byOrigin.get(url.origin);
    if (!check) {
      check = load(url.origin);
      byOrigin.set(url.origin, check);
    }
    return (await check)(url);
  };
}
