/**
 * Hot swap: one reference to the serving Engine. `/reindex` builds a new index in the background, opens a fresh
 * Engine on it and swaps the reference; questions already running keep the Engine they started with, which is
 * closed once the last of them finishes. A failed rebuild leaves the old Engine serving and says why.
 */
import type { Config } from "../config.js";
import { Engine } from "../engine.js";
import { explainError } from "../errors.js";
import type { BuildSummary } from "../indexing/build-index.js";
import type { Logger } from "../log.js";
import type { QueryService } from "../query-service.js";
import { err, ok, type Result } from "../types.js";

export interface ReindexReport {
  summary: BuildSummary;
  /** Retrieval mode of the new Engine (may be lexical although the index is hybrid, when the model failed). */
  mode: Engine["mode"];
}

export interface EngineHolderOptions {
  config: Config;
  log: Logger;
  /** Build the index (default: the real incremental build into INDEX_DIR). */
  build?: (config: Config, log: Logger) => Promise<BuildSummary>;
  /** Open an Engine on a freshly built index folder. */
  open?: (config: Config, folder: string, log: Logger) => Promise<Engine>;
  /** Set when the index lives elsewhere (QUERY_URL): `/reindex` then answers with this instead of building. */
  rebuildElsewhere?: string;
}

export class EngineHolder {
  private engine: QueryService;
  private readonly inFlight = new Map<QueryService, number>();
  private readonly retired = new Set<QueryService>();
  private running: Promise<Result<ReindexReport, string>> | undefined;
  private readonly build: NonNullable<EngineHolderOptions["build"]>;
  private readonly open: NonNullable<EngineHolderOptions["open"]>;

  constructor(
    engine: QueryService,
    private readonly options: EngineHolderOptions,
  ) {
    this.engine = engine;
    // Loaded on first use: the build pulls in transformers.js and ONNX Runtime (~150 MB), which a bot answering
    // through QUERY_URL never needs.
    this.build =
      options.build ??
      (async (config, log) => (await import("../indexing/build-index.js")).buildIndex({ config, log }));
    this.open = options.open ?? ((config, folder, log) => Engine.open(config, { log, folder }));
  }

  /** The Engine new questions go to. Prefer `use`, which keeps a swapped-out Engine open until you are done. */
  get current(): QueryService {
    return this.engine;
  }

  get rebuilding(): boolean {
    return this.running !== undefined;
  }

  /** Run `fn` against the current Engine, pinning it so a hot swap cannot close it underneath. */
  async use<T>(fn: (engine: QueryService) => Promise<T> | T): Promise<T> {
    const engine = this.engine;
    this.inFlight.set(engine, (this.inFlight.get(engine) ?? 0) + 1);
    try {
      return await fn(engine);
    } finally {
      const left = (this.inFlight.get(engine) ?? 1) - 1;
      if (left > 0) this.inFlight.set(engine, left);
      else {
        this.inFlight.delete(engine);
        if (this.retired.has(engine)) this.closeRetired(engine);
      }
    }
  }

  /** Make `next` serve new questions; the previous Engine closes when its last question finishes. */
  swap(next: QueryService): void {
    const previous = this.engine;
    if (previous === next) return;
    this.engine = next;
    this.retired.add(previous);
    if (!this.inFlight.has(previous)) this.closeRetired(previous);
  }

  /** Rebuild and hot-swap. Only one rebuild runs at a time; a second call joins the running one. */
  reindex(): Promise<Result<ReindexReport, string>> {
    if (this.options.rebuildElsewhere) return Promise.resolve(err(this.options.rebuildElsewhere));
    if (!this.running) {
      this.running = this.rebuild().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async rebuild(): Promise<Result<ReindexReport, string>> {
    const { config, log } = this.options;
    let summary: BuildSummary;
    try {
      summary = await this.build(config, log);
    } catch (e) {
      log.warn({ err: e }, "reindex: build failed; the previous index keeps serving");
      return err(`The rebuild failed: ${explainError(e)}`);
    }
    let next: Engine;
    try {
      next = await this.open(config, summary.folder, log);
    } catch (e) {
      log.warn({ err: e }, "reindex: the new index could not be opened; the previous index keeps serving");
      return err(`The new index was built but could not be opened: ${explainError(e)}`);
    }
    this.swap(next);
    log.info({ articles: summary.articles, chunks: summary.chunks, mode: next.mode }, "reindex: new index serving");
    return ok({ summary, mode: next.mode });
  }

  /** How many questions are running, on every engine this holder has served (a swap waits for these). */
  get inFlightCount(): number {
    let n = 0;
    for (const count of this.inFlight.values()) n += count;
    return n;
  }

  private closeRetired(engine: QueryService): void {
    this.retired.delete(engine);
    engine.close().catch((e: unknown) => this.options.log.warn({ err: e }, "closing a retired engine failed"));
  }

  /** Close every Engine (shutdown). */
  async close(): Promise<void> {
    const all = [this.engine, ...this.retired];
    this.retired.clear();
    await Promise.all(all.map((e) => e.close().catch(() => undefined)));
  }
}
