/**
 * An undici Agent whose connections can only go to vetted addresses. The host name is resolved inside the
 * connection's own `lookup`, every address is checked there, and the socket connects to the address that passed:
 * no second resolution happens between the check and the connect, so DNS rebinding cannot slip a private address in.
 */

import type { LookupAddress, LookupOptions } from "node:dns";
import dns from "node:dns";
import { Agent } from "undici";

/** Why an address must not be reached for `target`, or undefined to allow it. */
export type AddressPolicy = (address: string, target: URL) => string | undefined;

/** Thrown (through undici) when every address of a host is refused; `fetchResource` turns it into a skip line. */
export class AddressRefusedError extends Error {
  override readonly name = "AddressRefusedError";
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Every address of a host name (the system resolver by default; tests replace it to play DNS rebinding). */
export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname, family) => dns.promises.lookup(hostname, { all: true, family });

export function pinnedAgent(
  target: URL,
  policy: AddressPolicy,
  timeouts: { connectMs: number; totalMs: number },
  resolve: Resolver = systemResolver,
) {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    resolve(hostname, family).then(
      (addresses) => decide(hostname, addresses, options, callback),
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
  // Every address is checked, and only checked ones are handed to the socket: this is the pin.
  const decide = (hostname: string, addresses: LookupAddress[], options: LookupOptions, callback: LookupCallback) => {
    const allowed: LookupAddress[] = [];
    let refusal: string | undefined;
    for (const a of addresses) {
      const why = policy(a.address, target);
      if (why === undefined) allowed.push(a);
      else refusal ??= why;
    }
    if (allowed.length === 0)
      return callback(new AddressRefusedError(`${hostname} resolves to ${refusal ?? "no address"}`), []);
    // Node ≥ 20 asks for every address (happy eyeballs); older callers want one.
    if (options.all) return callback(null, allowed);
    const first = allowed[0]!;
    return callback(null, first.address, first.family);
  };
  return new Agent({
    connect: { timeout: timeouts.connectMs, lookup },
    headersTimeout: timeouts.totalMs,
    bodyTimeout: timeouts.totalMs,
  });
}
