/**
 * Atomic publication of index folders. `INDEX_DIR` is a symlink into `INDEX_DIR.d/`, which holds complete
 * generations. A build writes a staging folder, then swaps the symlink with one rename(2), which is atomic: a build
 * killed at any point leaves the previous index intact and serving. A lock stops two builds from racing.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { ErrorCode, QuotebotError } from "../errors.js";

const generationsDir = (indexDir: string) => `${indexDir}.d`;
/** Delete an index and every generation of it (the bench starts builds from nothing this way). */
export async function removeIndex(indexDir: string): Promise<void> {
  await rm(indexDir, { recursive: true, force: true });
  await rm(generationsDir(indexDir), { recursive: true, force: true });
}

const stamp = () => `${new Date().toISOString().replace(/[-:.TZ]/g, "")}-${randomBytes(3).toString("hex")}`;

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The folder that currently serves, or undefined when there is no index yet. */
export async function currentIndexFolder(indexDir: string): Promise<string | undefined> {
  const st = await lstat(indexDir).catch(() => undefined);
  if (!st) return undefined;
  if (st.isSymbolicLink()) {
    const target = path.resolve(path.dirname(indexDir), await readlink(indexDir));
    return (await lstat(target).catch(() => undefined))?.isDirectory() ? target : undefined;
  }
  return st.isDirectory() ? indexDir : undefined;
}

/** A fresh, empty staging folder next to the generations. */
export async function createStaging(indexDir: string): Promise<string> {
  const gens = generationsDir(indexDir);
  await mkdir(gens, { recursive: true });
  const dir = path.join(gens, `staging-${stamp()}`);
  await mkdir(dir);
  return dir;
}

/** Make `staging` the serving index. Keeps the previous generation as a fallback, deletes older ones. */
export async function publishStaging(indexDir: string, staging: string): Promise<string> {
  const gens = generationsDir(indexDir);
  await fsyncDir(staging);
  const generation = path.join(gens, `gen-${stamp()}`);
  await rename(staging, generation);
  await fsyncDir(gens);
  const existing = await lstat(indexDir).catch(() => undefined);
  if (existing?.isDirectory()) {
    // A plain folder from an older layout or made by hand: keep it as a generation, then switch to a symlink.
    await rename(indexDir, path.join(gens, `gen-legacy-${stamp()}`));
  }
  const link = `${indexDir}.swap-${randomBytes(4).toString("hex")}`;
  await symlink(path.relative(path.dirname(indexDir), generation), link);
  await rename(link, indexDir);
  await fsyncDir(path.dirname(indexDir));
  await pruneGenerations(indexDir, 2);
  return generation;
}

/** Delete staging leftovers and all but the newest `keep` generations (the serving one is always kept). */
export async function pruneGenerations(indexDir: string, keep: number): Promise<void> {
  const gens = generationsDir(indexDir);
  const current = await currentIndexFolder(indexDir);
  const names = (await readdir(gens).catch(() => [] as string[])).sort();
  const generations = names.filter((n) => n.startsWith("gen-")).reverse();
  const keepSet = new Set(generations.slice(0, keep).map((n) => path.join(gens, n)));
  if (current) keepSet.add(current);
  for (const name of names) {
    const full = path.join(gens, name);
    if (keepSet.has(full)) continue;
    if (name.startsWith("gen-") || name.startsWith("staging-")) await rm(full, { recursive: true, force: true });
  }
}

/** Remove staging folders left by killed builds. Only call while holding the build lock. */
export async function removeStaleStaging(indexDir: string): Promise<void> {
  const gens = generationsDir(indexDir);
  for (const name of await readdir(gens).catch(() => [] as string[]))
    if (name.startsWith("staging-")) await rm(path.join(gens, name), { recursive: true, force: true });
  for (const name of await readdir(path.dirname(indexDir)).catch(() => [] as string[]))
    if (name.startsWith(`${path.basename(indexDir)}.swap-`))
      await rm(path.join(path.dirname(indexDir), name), { force: true });
}

/** A build lock: call it to release; `lost` is set when another process broke the lock while this build held it. */
export type BuildLock = (() => Promise<void>) & { readonly lost: Error | undefined };

/** Who holds the build lock, written beside the lock folder (`build.lock.owner.json`). */
interface LockOwner {
  pid: number;
  host: string;
  /** Process start time (Linux `/proc/<pid>/stat` field 22), so a reused pid is not mistaken for the holder. */
  started?: string;
  token: string;
}

const LOCK_NAME = "build.lock";
const OWNER_NAME = "build.lock.owner.json";
/** How often the holder refreshes the lock's mtime; the mtime matters only for holders that cannot be identified. */
const LOCK_UPDATE_MS = 2_000;
/**
 * proper-lockfile's own mtime staleness is switched off (a build whose event loop is busy building a large graph
 * would otherwise lose its lock, and proper-lockfile's default reaction is to throw from a timer). Liveness is
 * decided here instead, from the holder's pid.
 */
const NEVER_STALE_MS = 2 ** 31 - 1;

function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" || fields[0] === "X" ? "dead" : fields[19];
  } catch {
    return undefined;
  }
}

/** "dead" when the holder is known to be gone, "alive" when it runs, "unknown" when it cannot be told. */
function holderState(owner: LockOwner | undefined): "dead" | "alive" | "unknown" {
  if (!owner || owner.host !== hostname()) return "unknown";
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return "dead";
  }
  const started = processStart(owner.pid);
  // A zombie (killed, not yet reaped) still answers signal 0; a different start time means the pid was reused.
  if (started === "dead" || (started !== undefined && owner.started !== undefined && started !== owner.started))
    return "dead";
  return "alive";
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, "utf8")) as Partial<LockOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string" || typeof owner.token !== "string")
      return undefined;
    return owner as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Remove a lock whose holder is gone: dead on this host, or (for a holder that cannot be identified) not refreshed
 * for `staleMs`. Returns true when it is worth trying the lock again.
 */
async function takeOverAbandonedLock(gens: string, staleMs: number): Promise<boolean> {
  const lockDir = path.join(gens, LOCK_NAME);
  const ownerFile = path.join(gens, OWNER_NAME);
  const owner = await readOwner(ownerFile);
  const st = await stat(lockDir).catch(() => undefined);
  if (!st) return true; // released meanwhile
  const state = holderState(owner);
  if (state === "alive") return false;
  if (state === "unknown" && Date.now() - st.mtimeMs <= staleMs) return false;
  // Move the abandoned lock aside with one rename: of several contenders, only one can win it.
  const grave = `${lockDir}.abandoned-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockDir, grave);
  } catch {
    return true;
  }
  await rm(grave, { recursive: true, force: true });
  // Forget the dead owner's record, but never a record a new holder has written meanwhile.
  if (owner && (await readOwner(ownerFile))?.token === owner.token) await rm(ownerFile, { force: true });
  return true;
}

/**
 * Take the build lock. A second build gets a clear refusal. A lock left by a killed build is taken over at once
 * when its holder is known to be dead (same host, pid gone); a lock whose holder cannot be identified (another
 * host, or killed before it wrote its owner record) is taken over once it has not been refreshed for `staleMs`.
 */
export async function acquireBuildLock(indexDir: string, staleMs = 10_000): Promise<BuildLock> {
  const gens = generationsDir(indexDir);
  await mkdir(gens, { recursive: true });
  let lost: Error | undefined;
  const tryLock = () =>
    lockfile.lock(gens, {
      stale: NEVER_STALE_MS,
      update: LOCK_UPDATE_MS,
      realpath: false,
      lockfilePath: path.join(gens, LOCK_NAME),
      // Never throw from a timer (that would crash the process); the build checks `lost` before publishing.
      onCompromised: (e) => {
        lost = e;
      },
    });
  let release: () => Promise<void>;
  try {
    try {
      release = await tryLock();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ELOCKED" || !(await takeOverAbandonedLock(gens, staleMs))) throw e;
      release = await tryLock();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOCKED")
      throw new QuotebotError(
        ErrorCode.IndexLocked,
        `Another index build is already running for this index (lock: ${path.join(gens, LOCK_NAME)}).`,
        "Wait for it to finish (the current index keeps serving), then try again.",
      );
    throw e;
  }
  const ownerFile = path.join(gens, OWNER_NAME);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    started: processStart(process.pid),
    token: randomBytes(8).toString("hex"),
  };
  const tmp = `${ownerFile}.${owner.token}`;
  await writeFile(tmp, JSON.stringify(owner));
  await rename(tmp, ownerFile);
  const releaseLock = async () => {
    if ((await readOwner(ownerFile))?.token === owner.token) await rm(ownerFile, { force: true });
    await release();
  };
  return Object.defineProperty(releaseLock, "lost", { get: () => lost }) as BuildLock;
}
