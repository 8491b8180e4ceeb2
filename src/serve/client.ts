/**
 * The bot's side of QUERY_URL: a QueryService that asks `npm run serve` over HTTP instead of holding a model and an
 * index. The catalogue (articles and their first paragraphs) is fetched once per index generation and kept, so
 * `/sources`, `/source` and autocomplete stay synchronous like the Engine's. When the service cannot be reached,
 * calls throw QUERY_SERVICE_UNAVAILABLE (the bot says so politely) and a health check retries with backoff until it
 * answers again; every question also tries the service itself, so recovery needs no restart.
 */
import { ErrorCode, errorMessage, QuotebotError } from "../errors.js";
import type { StoredArticle } from "../indexing/chunk-store.js";
import type { Logger } from "../log.js";
import { silentLogger } from "../log.js";
import type { QueryService } from "../query-service.js";
import { matchTitles } from "../retrieval/match-titles.js";
import type { Answer, ArticleMeta, IndexMode, QuotedPassage } from "../types.js";
import type { ErrorBody } from "./error-reply.js";

export interface RemoteOptions {
  url: string;
  apiKey?: string;
  log?: Logger;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Health check period while the service answers (default 10 s). */
  healthEveryMs?: number;
  /** First retry delay after a failure, doubled up to `maxBackoffMs` (defaults 500 ms and 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

interface Health {
  mode: IndexMode;
  generation: string;
  degradedReason: string | null;
}

export const unavailable = (why: string): QuotebotError =>
  new QuotebotError(
    ErrorCode.QueryServiceUnavailable,
    "Sorry, I can't reach the search service right now, so I can't look anything up.",
    `Please try again in a minute; I reconnect by myself. (${why})`,
  );

export class RemoteQueryService implements QueryService {
  private health: Health | undefined;
  private catalogue: StoredArticle[] | undefined;
  private byId = new Map<string, StoredArticle>();
  private state: "unknown" | "up" | "down" = "unknown";
  private timer: NodeJS.Timeout | undefined;
  private delay: number;
  private closed = false;
  private readonly base: string;
  private readonly log: Logger;

  private constructor(private readonly options: RemoteOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.log = options.log ?? silentLogger;
    this.delay = options.backoffMs ?? 500;
  }

  /** Connect: one health check and catalogue fetch now (a service that is down is retried in the background). */
  static async connect(options: RemoteOptions): Promise<RemoteQueryService> {
    const service = new RemoteQueryService(options);
    await service.check();
    return service;
  }

  /** Whether the last call reached the service. */
  get reachable(): boolean {
    return this.state === "up";
  }

  get mode(): IndexMode {
    return this.health?.mode ?? "lexical";
  }

  get degradedReason(): string | undefined {
    if (this.state === "down") return "The search service cannot be reached.";
    return this.health?.degradedReason ?? undefined;
  }

  async ask(question: string, options: { k?: number } = {}): Promise<Answer> {
    const answer = await this.call<Answer>("POST", "/v1/ask", { question, k: options.k });
    this.noteMode(answer.mode);
    return answer;
  }

  async lookup(query: string, k: number): Promise<QuotedPassage[]> {
    const found = await this.call<{ mode: IndexMode; results: QuotedPassage[] }>("POST", "/v1/search", { query, k });
    this.noteMode(found.mode);
    return found.results;
  }

  /** Empty until the service has answered once (a bot may start while it is down; the list fills in then). */
  articles(): ArticleMeta[] {
    return (this.catalogue ?? []).map(({ contentHash: _h, lead: _l, ...meta }) => meta);
  }

  article(id: string): StoredArticle | undefined {
    return this.byId.get(id);
  }

  /** Titles matching what the user typed so far: prefix matches first, then substring (as the Engine ranks them). */
  findArticles(typed: string, limit = 25): ArticleMeta[] {
    return matchTitles(this.articles(), typed, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private noteMode(mode: IndexMode): void {
    if (this.health) this.health = { ...this.health, mode };
  }

  /** Health check: refresh the catalogue when the generation changed, then schedule the next check. */
  private async check(): Promise<void> {
    try {
      const health = await this.call<Health>("GET", "/health");
      if (!this.catalogue || health.generation !== this.health?.generation) {
        const sources = await this.call<{ generation: string; articles: StoredArticle[] }>("GET", "/v1/sources");
        this.catalogue = sources.articles;
        this.byId = new Map(sources.articles.map((a) => [a.id, a]));
      }
      this.health = health;
    } catch (e) {
      if (!(e instanceof QuotebotError) || e.code !== ErrorCode.QueryServiceUnavailable) this.log.warn({ err: e });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const up = this.state === "up";
    const wait = up ? (this.options.healthEveryMs ?? 10_000) : this.delay;
    if (!up) this.delay = Math.min(this.delay * 2, this.options.maxBackoffMs ?? 30_000);
    this.timer = setTimeout(() => void this.check(), wait);
    this.timer.unref();
  }

  private markUp(): void {
    if (this.state === "down") this.log.info({ url: this.base }, "query service reachable again");
    this.state = "up";
    this.delay = this.options.backoffMs ?? 500;
  }

  private markDown(why: string): void {
    const wasUp = this.state === "up";
    if (this.state !== "down")
      this.log.warn({ url: this.base, why }, "query service unreachable; retrying with backoff");
    this.state = "down";
    // A failure seen by a question starts the backoff now instead of at the next periodic check.
    if (wasUp) this.schedule();
  }

  private async call<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (e) {
      const why = errorMessage((e as { cause?: unknown }).cause ?? e);
      this.markDown(why);
      throw unavailable(why);
    }
    const payload = (await response.json().catch(() => undefined)) as (T & Partial<ErrorBody>) | undefined;
    if (response.ok && payload !== undefined) {
      this.markUp();
      return payload;
    }
    const error = payload?.error;
    // The service answered: a refused question is the user's (same code and message as the CLI), not an outage.
    if (response.status === 400 && error) {
      this.markUp();
      throw new QuotebotError(error.code as ErrorCode, error.message, error.hint);
    }
    if (response.status === 401) this.log.error({ url: this.base }, "the query service refused QUERY_API_KEY");
    const why = `HTTP ${response.status}${error ? ` ${error.code}` : ""}`;
    if (response.status >= 500) this.markDown(why);
    throw unavailable(why);
  }
}
