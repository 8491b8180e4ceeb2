/**
 * API keys: compared in constant time, on sha256 digests so every comparison has the same length whatever the key,
 * and every configured key is compared (no early exit). Keys are never logged: a request is known by its key's
 * short digest (`keyId`), which also names its rate-limit bucket.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import ipaddr from "ipaddr.js";

const digest = (key: string): Buffer => createHash("sha256").update(key, "utf8").digest();

export interface KeyRing {
  /** The id (digest prefix) of the matching key, or undefined. */
  match(presented: string): string | undefined;
  readonly size: number;
}

export function keyRing(keys: readonly string[]): KeyRing {
  const digests = keys.map(digest);
  return {
    size: digests.length,
    match(presented) {
      const candidate = digest(presented);
      let found: Buffer | undefined;
      for (const d of digests) if (timingSafeEqual(d, candidate) && !found) found = d;
      return found ? found.subarray(0, 6).toString("hex") : undefined;
    },
  };
}

/** The key of an `Authorization: Bearer <key>` header (or a bare key), or undefined. */
export function presentedKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  const key = (m ? m[1]! : header).trim();
  return key === "" ? undefined : key;
}

/** True for 127.0.0.0/8, ::1 and "localhost": the binds that need no API key. */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  const bare = host.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return false;
  const addr = ipaddr.process(bare);
  return addr.range() === "loopback";
}
