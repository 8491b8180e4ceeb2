/**
 * Fetch one URL the way a good citizen and a careful server should: a User-Agent naming quotebot, gzip/brotli,
 * connect and total timeouts, a streamed size cap (the download is aborted past it), redirects followed by hand up
 * to a limit (each hop's scheme, address and robots.txt checked again), and only the expected content types.
 * Every failure is a value with one clear line, never a throw.
 */
import { fetch } from "undici";
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import { addressRefusal, isIpLiteral, urlRefusal } from "./address-guard.js";
import type { HostLimiter } from "./host-limiter.js";
import { type AddressPolicy, AddressRefusedError, pinnedAgent, type Resolver } from "./pinned-agent.js";
import type { ConditionalFetch, ImportProblem } from "./types.js";

export interface FetchSettings {
  userAgent: string;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Which addresses may be reached (default: public unicast only). */
  policy: AddressPolicy;
  /** Host name resolution (default: the system resolver). */
  resolve?: Resolver;
}

/** What a caller will accept: article pages, feeds, or robots.txt. */
export type ExpectedContent = "page" | "feed" | "robots";

const CONTENT_TYPES: Record<ExpectedContent, RegExp> = {
  page: /^(text\/html|application\/xhtml\+xml)$/,
  feed: /^(application\/(rss|atom|rdf|feed)\+(xml|json)|application\/(xml|json)|text\/xml)$/,
  robots: /^text\/plain$/,
};
const DESCRIPTIONS: Record<ExpectedContent, string> = {
  page: "an HTML page",
  feed: "an RSS, Atom or JSON feed",
  robots: "a robots.txt",
};

export interface FetchOptions {
  expect: ExpectedContent;
  /** Conditional request validators from an earlier fetch. */
  etag?: string;
  lastModified?: string;
  /** Checked before every hop (robots.txt); returns why the URL must not be fetched. */
  beforeHop?: (url: URL) => Promise<ImportProblem | undefined>;
  /** Per-host politeness; each hop takes a slot of its own host (never while waiting for robots.txt). */
  limiter?: HostLimiter;
}

/** The policy used outside tests: public unicast addresses only, or anything when private addresses are allowed. */
export const defaultPolicy =
  (allowPrivate: boolean): AddressPolicy =>
  (address) =>
    allowPrivate ? undefined : addressRefusal(address);

const problem = (code: ImportProblem["code"], reason: string): ImportProblem => ({ code, reason });
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;
const megabytes = (bytes: number) => `${Number((bytes / 1048576).toFixed(2))} MB`;

/** Fetch `input`, following redirects by hand. A 304 (when validators were given) is `notModified`. */
export async function fetchResource(
  input: string,
  settings: FetchSettings,
  options: FetchOptions,
): Promise<Result<ConditionalFetch, ImportProblem>> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return err(problem(ErrorCode.ImportBadUrl, "not a valid URL"));
  }
  // The total timeout starts with the first request, not while waiting for the host's turn or for robots.txt: a
  // feed of 50 entries on one polite host must not time out in the queue.
  let deadline: AbortSignal | undefined;
  for (let hop = 0; ; hop++) {
    const refused = urlRefusal(url);
    if (refused) return err(problem(ErrorCode.ImportBadUrl, refused));
    // An IP literal never goes through DNS, so the connection's lookup never sees it: check it here.
    if (isIpLiteral(url.hostname)) {
      const why = settings.policy(url.hostname.replace(/^\[|\]$/g, ""), url);
      if (why) return err(problem(ErrorCode.ImportAddressRefused, `refused: ${why}`));
    }
    const blocked = await options.beforeHop?.(url);
    if (blocked) return err(blocked);
    const hopUrl = url;
    const once = () => {
      deadline ??= AbortSignal.timeout(settings.timeoutMs);
      return fetchOnce(hopUrl, settings, options, deadline);
    };
    const outcome = await (options.limiter ? options.limiter.run(hopUrl, once) : once());
    if (!outcome.ok) return outcome;
    if (outcome.value.kind !== "redirect") return ok(outcome.value.result);
    if (hop >= settings.maxRedirects)
      return err(problem(ErrorCode.ImportTooManyRedirects, `more than ${settings.maxRedirects} redirects`));
    url = outcome.value.location;
  }
}

type Hop = { kind: "redirect"; location: URL } | { kind: "done"; result: ConditionalFetch };

async function fetchOnce(
  url: URL,
  settings: FetchSettings,
  options: FetchOptions,
  deadline: AbortSignal,
): Promise<Result<Hop, ImportProblem>> {
  const agent = pinnedAgent(
    url,
    settings.policy,
    { connectMs: settings.connectTimeoutMs, totalMs: settings.timeoutMs },
    settings.resolve,
  );
  const abort = new AbortController();
  const signal = AbortSignal.any([deadline, abort.signal]);
  const headers: Record<string, string> = {
    "user-agent": settings.userAgent,
    "accept-encoding": "gzip, br",
    accept:
      options.expect === "page"
        ? "text/html,application/xhtml+xml;q=0.9"
        : options.expect === "feed"
          ? "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, application/json;q=0.8"
          : "text/plain",
  };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  try {
    const response = await fetch(url, { headers, redirect: "manual", signal, dispatcher: agent });
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      abort.abort();
      const location = response.headers.get("location");
      if (!location) return err(problem(ErrorCode.ImportHttpStatus, `HTTP ${response.status} without a Location`));
      try {
        return ok({ kind: "redirect", location: new URL(location, url) });
      } catch {
        return err(problem(ErrorCode.ImportBadUrl, `redirect to an invalid URL (${location.slice(0, 200)})`));
      }
    }
    if (response.status === 304 && (options.etag || options.lastModified)) {
      abort.abort();
      return ok({ kind: "done", result: { notModified: true } });
    }
    if (!response.ok) {
      abort.abort();
      return err(problem(ErrorCode.ImportHttpStatus, `HTTP ${response.status}${statusName(response.status)}`));
    }
    const rawType = response.headers.get("content-type") ?? "";
    const mediaType = rawType.split(";")[0]!.trim().toLowerCase();
    if (!CONTENT_TYPES[options.expect].test(mediaType)) {
      abort.abort();
      return err(
        problem(
          ErrorCode.ImportWrongContentType,
          `not ${DESCRIPTIONS[options.expect]} (content type ${mediaType || "missing"})`,
        ),
      );
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > settings.maxBytes && !response.headers.get("content-encoding")) {
      abort.abort();
      return err(tooLarge(settings.maxBytes));
    }
    const bytes = await readCapped(response.body, settings.maxBytes);
    if (!bytes) {
      abort.abort();
      return err(tooLarge(settings.maxBytes));
    }
    return ok({
      kind: "done",
      result: {
        notModified: false,
        url: url.href,
        contentType: mediaType,
        body: decode(bytes, rawType),
        etag: response.headers.get("etag") ?? undefined,
        lastModified: response.headers.get("last-modified") ?? undefined,
      },
    });
  } catch (e) {
    if (deadline.aborted)
      return err(problem(ErrorCode.ImportTimeout, `timed out after ${seconds(settings.timeoutMs)}`));
    return err(networkProblem(e, settings));
  } finally {
    abort.abort();
    agent.destroy().catch(() => undefined);
  }
}

const tooLarge = (max: number) => problem(ErrorCode.ImportTooLarge, `too large (over ${megabytes(max)})`);

/** The body, or undefined as soon as it passes `max` bytes (the rest is never downloaded). */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | undefined> {
  if (!body) return Buffer.alloc(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** The charset the bytes declare: the Content-Type header, else a <meta charset> or the XML declaration. */
function declaredCharset(bytes: Buffer, contentType: string): string | undefined {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromHeader) return fromHeader;
  const head = bytes.subarray(0, 2048).toString("latin1");
  return (
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1]
  );
}

function decode(bytes: Buffer, contentType: string): string {
  const charset = declaredCharset(bytes, contentType);
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    401: " Unauthorized",
    403: " Forbidden",
    404: " Not Found",
    410: " Gone",
    429: " Too Many Requests",
    500: " Internal Server Error",
    502: " Bad Gateway",
    503: " Service Unavailable",
  };
  return names[status] ?? "";
}

/** undici wraps the real reason in `cause`; name the common ones plainly. */
function networkProblem(e: unknown, settings: FetchSettings): ImportProblem {
  const causes: unknown[] = [];
  for (let c: unknown = e; c && causes.length < 5; c = (c as { cause?: unknown }).cause) causes.push(c);
  const refused = causes.find((c) => c instanceof AddressRefusedError) as AddressRefusedError | undefined;
  if (refused) return problem(ErrorCode.ImportAddressRefused, `refused: ${refused.message}`);
  const code = causes.map((c) => (c as { code?: string }).code).find(Boolean);
  if (code === "UND_ERR_CONNECT_TIMEOUT")
    return problem(ErrorCode.ImportTimeout, `timed out connecting after ${seconds(settings.connectTimeoutMs)}`);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
    return problem(ErrorCode.ImportTimeout, `timed out after ${seconds(settings.timeoutMs)}`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return problem(ErrorCode.ImportNetwork, "the host name does not resolve");
  if (code === "ECONNREFUSED") return problem(ErrorCode.ImportNetwork, "the connection was refused");
  if (code === "ECONNRESET") return problem(ErrorCode.ImportNetwork, "the connection was reset");
  const last = causes.at(-1);
  return problem(ErrorCode.ImportNetwork, `network error (${last instanceof Error ? last.message : String(last)})`);
}
