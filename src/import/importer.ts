/**
 * One importer per run (a CLI invocation, a watch poll, a /import): the fetch settings from the config, one
 * per-host limiter and one robots.txt cache shared by every URL of the run.
 */
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { defaultPolicy, type FetchSettings } from "./fetch-page.js";
import { createHostLimiter, type HostLimiter } from "./host-limiter.js";
import type { AddressPolicy } from "./pinned-agent.js";
import { createRobotsCheck, type RobotsCheck } from "./robots.js";

export interface Importer {
  config: Config;
  log: Logger;
  settings: FetchSettings;
  limiter: HostLimiter;
  robots: RobotsCheck;
  /** Called once per URL as it finishes (progress bars). */
  onUrlDone?: () => void;
}

export interface ImporterOptions {
  /** Which addresses may be reached; default from IMPORT_ALLOW_PRIVATE_ADDRESSES (public unicast only). */
  policy?: AddressPolicy;
  onUrlDone?: () => void;
}

export function createImporter(config: Config, log: Logger, options: ImporterOptions = {}): Importer {
  const c = config.import;
  const settings: FetchSettings = {
    userAgent: c.userAgent,
    connectTimeoutMs: c.connectTimeoutMs,
    timeoutMs: c.timeoutMs,
    maxBytes: c.maxBytes,
    maxRedirects: c.maxRedirects,
    policy: options.policy ?? defaultPolicy(c.allowPrivateAddresses),
  };
  const limiter = createHostLimiter(c.hostConcurrency, c.hostDelayMs);
  return { config, log, settings, limiter, robots: createRobotsCheck(settings, limiter), onUrlDone: options.onUrlDone };
}
