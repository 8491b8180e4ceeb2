/**
 * The index generation the service answers from. New generations are published by swapping the INDEX_DIR symlink
 * (src/indexing/index-dir.ts); this watches that symlink (and `POST /v1/reload` asks directly), opens an Engine on the
 * new folder and swaps it in through the EngineHolder: requests already running finish on the engine they started
 * with, which is closed after the last of them.
 */
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { EngineHolder } from "../discord/engine-holder.js";
import { Engine } from "../engine.js";
import { resolveIndexFolder } from "../indexing/load-index.js";
import type { Logger } from "../log.js";
import type { QueryService } from "../query-service.js";

export interface ReloadResult {
  swapped: boolean;
  generation: string;
}

export interface ServedIndexOptions {
  config: Config;
  log: Logger;
  /** Open an Engine on an index folder (default Engine.open). */
  open?: (config: Config, folder: string, log: Logger) => Promise<Engine>;
  /** Called after every swap (metrics). */
  onSwap?: (engine: Engine) => void;
}

export const generationOf = (engine: Engine): string => path.basename(engine.index.folder);

export class ServedIndex {
  readonly holder: EngineHolder;
  private engine: Engine;
  private reloading: Promise<ReloadResult> | undefined;
  private again = false;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private readonly open: NonNullable<ServedIndexOptions["open"]>;

  constructor(
    engine: Engine,
    private readonly options: ServedIndexOptions,
  ) {
    this.engine = engine;
    this.holder = new EngineHolder(engine, {
      config: options.config,
      log: options.log,
      rebuildElsewhere: "The query service does not build indexes: run `npm run build-index`; it swaps automatically.",
    });
    this.open = options.open ?? ((config, folder, log) => Engine.open(config, { log, folder }));
  }

  /** The engine new requests go to. */
  get current(): Engine {
    return this.engine;
  }

  get generation(): string {
    return generationOf(this.engine);
  }

  /** Run `fn` on the current engine, pinned so a swap cannot close it underneath. */
  use<T>(fn: (engine: QueryService) => Promise<T> | T): Promise<T> {
    return this.holder.use(fn);
  }

  /**
   * Serve the folder INDEX_DIR points to now, if it is not the one serving. Calls made while a reload runs are
   * folded into one more reload after it, so the newest generation always wins.
   */
  reload(): Promise<ReloadResult> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = this.reloadOnce()
      .finally(() => {
        this.reloading = undefined;
      })
      .then((result) => {
        if (!this.again) return result;
        this.again = false;
        return this.reload().then((next) => ({ ...next, swapped: next.swapped || result.swapped }));
      });
    return this.reloading;
  }

  private async reloadOnce(): Promise<ReloadResult> {
    const { config, log } = this.options;
    const folder = await resolveIndexFolder(config.indexDir);
    if (path.resolve(folder) === path.resolve(this.engine.index.folder))
      return { swapped: false, generation: this.generation };
    const next = await this.open(config, folder, log);
    this.engine = next;
    this.holder.swap(next);
    this.options.onSwap?.(next);
    log.info({ generation: this.generation, mode: next.mode }, "serve: new index generation serving");
    return { swapped: true, generation: this.generation };
  }

  /** Watch the INDEX_DIR symlink (its folder: a rename replaces the link itself) and reload when it changes. */
  watch(): void {
    const dir = path.dirname(this.options.config.indexDir);
    const name = path.basename(this.options.config.indexDir);
    this.watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (file !== null && file !== name) return;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.reload().catch((e: unknown) =>
          this.options.log.warn({ err: e }, "serve: the new index could not be opened; the previous one keeps serving"),
        );
      }, 100);
    });
    this.watcher.on("error", (e) => this.options.log.warn({ err: e }, "serve: watching INDEX_DIR failed"));
  }

  async close(): Promise<void> {
    clearTimeout(this.debounce);
    this.watcher?.close();
    await this.reloading?.catch(() => undefined);
    await this.holder.close();
  }
}
