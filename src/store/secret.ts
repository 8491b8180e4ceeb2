/**
 * The per-installation secret that keys user hashes: 32 random bytes in DATA_DIR/secret (mode 0600), created on
 * first use and never in the repository. With it, a stored hash cannot be recomputed from a member's public id by
 * anyone who does not also hold this file.
 */
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SECRET_FILE = "secret";

export type UserHasher = (userId: string) => string;

/**
 * Read DATA_DIR/secret, or create it. `wx` makes creation atomic: if two processes race, one writes and the other
 * reads what it wrote.
 */
export function loadInstallSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    return decode(readFileSync(file, "utf8"), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  try {
    writeFileSync(file, `${secret.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return decode(readFileSync(file, "utf8"), file);
  }
}

function decode(text: string, file: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex))
    throw new Error(`${file} is not a quotebot secret (64 hex digits); move it away to let quotebot create one`);
  return Buffer.from(hex, "hex");
}

/** HMAC-SHA256 of the user id under the installation secret, hex. */
export const userHasher =
  (secret: Buffer): UserHasher =>
  (userId) =>
    createHmac("sha256", secret).update(userId).digest("hex");
