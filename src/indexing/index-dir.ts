/**
 * Atomic publication of index folders. `INDEX_DIR` is a symlink into `INDEX_DIR.d/`, which holds complete
 * generations. A build writes a staging folder, then swaps the symlink with one rename(2), which is atomic: a build
 * killed at any point leaves the previous index intact and serving. A lock stops two builds from racing.
 *
 * Nothing here moves, renames or deletes what quotebot did not create: `INDEX_DIR` must be absent, quotebot's own
 * symlink, or a plain folder that is verifiably an old quotebot index (see `inspectIndexDir`). Anything else (the
 * repository root, the corpus, a home folder) is refused with INDEX_DIR_NOT_INDEX before a single file is touched.
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
  rmdir,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { ErrorCode, QuotebotError } from "../errors.js";
import { IndexFiles, ManifestSchema } from "./manifest.js";

const generationsDir = (indexDir: string) => `${indexDir}.d`;

const LOCK_NAME = "build.lock";
const OWNER_NAME = "build.lock.owner.json";

/** Every file name quotebot has ever written into an index folder (`lexical.json` is the older lexical format). */
const INDEX_FILE_NAMES: ReadonlySet<string> = new Set([...Object.values(IndexFiles), "lexical.json"]);

/** Names quotebot writes inside `INDEX_DIR.d/`: generations, staging folders, the lock and its owner record. */
const isGenerationsEntry = (name: string) =>
  /^(gen|staging)-[0-9a-z-]+$/.test(name) ||
  name === LOCK_NAME ||
  name === OWNER_NAME ||
  name.startsWith(`${LOCK_NAME}.abandoned-`) ||
  name.startsWith(`${OWNER_NAME}.`);

/** What `INDEX_DIR` is, as far as quotebot is allowed to touch it. */
export type IndexDirState =
  | { kind: "absent" }
  /** quotebot's own symlink into `INDEX_DIR.d/` (its target may have been deleted). */
  | { kind: "link"; target: string }
  /** A plain folder holding an old quotebot index and nothing else: safe to migrate into a generation. */
  | { kind: "legacy"; files: string[] }
  /**
   * A plain folder holding only quotebot's file names whose manifest cannot be verified (missing, damaged, another
   * format version): loading it says exactly what is wrong, but a build will not move it.
   */
  | { kind: "damaged"; reason: string }
  /** A symlink quotebot did not make, to a folder that is a quotebot index: readable, never replaced. */
  | { kind: "external"; target: string }
  /** Not a quotebot index at all: `reason` completes "it …". */
  | { kind: "foreign"; reason: string };

type FolderVerdict = { kind: "legacy"; files: string[] } | { kind: "damaged" | "foreign"; reason: string };

const listNames = (names: readonly string[], shown = 4) =>
  names.length <= shown ? names.join(", ") : `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;

/**
 * Whether a plain folder is verifiably a quotebot index: a manifest.json that parses as quotebot's manifest, listing
 * only quotebot's file names, and no other entry beside them.
 */
async function inspectPlainFolder(dir: string): Promise<FolderVerdict> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.length === 0) return { kind: "foreign", reason: "is an empty folder that quotebot did not create" };
  const strangers = entries
    .filter((e) => !e.isFile() || !INDEX_FILE_NAMES.has(e.name))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  if (strangers.length > 0)
    return { kind: "foreign", reason: `holds files that quotebot did not write (${listNames(strangers)})` };
  const othersThanManifest = entries.some((e) => e.name !== IndexFiles.manifest);
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, IndexFiles.manifest), "utf8"));
  } catch {
    return othersThanManifest
      ? { kind: "damaged", reason: `its ${IndexFiles.manifest} is missing or not valid JSON` }
      : { kind: "foreign", reason: `holds only a ${IndexFiles.manifest} that is not valid JSON` };
  }
  const parsed = ManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const meant = manifest !== null && typeof manifest === "object" && "formatVersion" in manifest;
    return meant || othersThanManifest
      ? { kind: "damaged", reason: `its ${IndexFiles.manifest} does not verify as this quotebot's index manifest` }
      : { kind: "foreign", reason: `holds a ${IndexFiles.manifest} that is not a quotebot index manifest` };
  }
  if (Object.keys(parsed.data.files).some((name) => !INDEX_FILE_NAMES.has(name)))
    return { kind: "damaged", reason: `its ${IndexFiles.manifest} lists files that quotebot does not write` };
  return { kind: "legacy", files: entries.map((e) => e.name).sort() };
}

/** Classify `INDEX_DIR` without changing anything. */
export async function inspectIndexDir(indexDir: string): Promise<IndexDirState> {
  const st = await lstat(indexDir).catch(() => undefined);
  if (!st) return { kind: "absent" };
  if (st.isSymbolicLink()) {
    const target = path.resolve(path.dirname(indexDir), await readlink(indexDir));
    if (path.dirname(target) === generationsDir(indexDir)) return { kind: "link", target };
    const targetStat = await stat(target).catch(() => undefined);
    if (!targetStat) return { kind: "foreign", reason: `is a symbolic link to ${target}, which does not exist` };
    if (!targetStat.isDirectory()) return { kind: "foreign", reason: `is a symbolic link to the file ${target}` };
    const found = await inspectPlainFolder(target);
    return found.kind === "foreign"
      ? { kind: "foreign", reason: `is a symbolic link to ${target}, which ${found.reason}` }
      : { kind: "external", target };
  }
  if (!st.isDirectory()) return { kind: "foreign", reason: "is a file, not a folder" };
  return inspectPlainFolder(indexDir);
}

/** Why `INDEX_DIR.d/` is not quotebot's own, if it is not (it exists but holds something quotebot did not write). */
async function foreignGenerations(indexDir: string): Promise<string | undefined> {
  const gens = generationsDir(indexDir);
  const st = await lstat(gens).catch(() => undefined);
  if (!st) return undefined;
  if (!st.isDirectory()) return "is not a folder";
  const strangers = (await readdir(gens)).filter((n) => !isGenerationsEntry(n)).sort();
  return strangers.length > 0 ? `holds files that quotebot did not write (${listNames(strangers)})` : undefined;
}

const KEEP_OUT = "quotebot never moves, renames or deletes what it did not create. Nothing was changed.";

export function notAnIndexError(indexDir: string, reason: string): QuotebotError {
  return new QuotebotError(
    ErrorCode.IndexDirNotIndex,
    `INDEX_DIR is ${indexDir}, which is not a quotebot index: it ${reason}. ${KEEP_OUT}`,
    "Set INDEX_DIR to a path that does not exist yet (the default is data/index) or to an index quotebot built.",
  );
}

function unverifiableIndexError(indexDir: string, reason: string): QuotebotError {
  return new QuotebotError(
    ErrorCode.IndexDirNotIndex,
    `INDEX_DIR is ${indexDir}, a folder of quotebot index files that cannot be verified (${reason}), so a build will not replace it: ${KEEP_OUT}`,
    "Delete that folder yourself if it is an old index you no longer need, or set INDEX_DIR to a path that does not exist yet.",
  );
}

/**
 * Refuse, before anything is written, an `INDEX_DIR` that a build would have to move or replace although quotebot
 * did not create it (or cannot verify that it did). Returns the state for the caller's next step.
 */
export async function assertOwnIndexDir(indexDir: string): Promise<IndexDirState> {
  const state = await inspectIndexDir(indexDir);
  if (state.kind === "foreign") throw notAnIndexError(indexDir, state.reason);
  if (state.kind === "damaged") throw unverifiableIndexError(indexDir, state.reason);
  if (state.kind === "external")
    throw notAnIndexError(
      indexDir,
      `is a symbolic link to ${state.target} that quotebot did not create (a build would replace the link)`,
    );
  const problem = await foreignGenerations(indexDir);
  if (problem)
    throw new QuotebotError(
      ErrorCode.IndexDirNotIndex,
      `${generationsDir(indexDir)}, where quotebot keeps the generations of INDEX_DIR ${indexDir}, ${problem}. ${KEEP_OUT}`,
      "Move those files elsewhere, or set INDEX_DIR to a path that does not exist yet.",
    );
  return state;
}

/**
 * Delete an index and every generation of it (the bench starts builds from nothing this way): quotebot's symlink,
 * the files of an old plain-folder index, and quotebot's entries in `INDEX_DIR.d/`. Anything else is refused.
 */
export async function removeIndex(indexDir: string): Promise<void> {
  const state = await assertOwnIndexDir(indexDir);
  if (state.kind === "link") await rm(indexDir);
  if (state.kind === "legacy") {
    for (const name of state.files) await rm(path.join(indexDir, name), { force: true });
    await rmdir(indexDir);
  }
  const gens = generationsDir(indexDir);
  for (const name of await readdir(gens).catch(() => [] as string[]))
    if (isGenerationsEntry(name)) await rm(path.join(gens, name), { recursive: true, force: true });
  // rmdir, not rm -r: it fails rather than delete anything written there since the check above.
  await rmdir(gens).catch(() => undefined);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const stamp = () => `${new Date().toISOString().replace(/[-:.TZ]/g, "")}-${randomBytes(3).toString("hex")}`;

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The folder that currently serves, or undefined when there is no index yet. A folder or link that is not a
 * quotebot index is refused with INDEX_DIR_NOT_INDEX, so `ask` says what is wrong instead of "incomplete".
 */
export async function currentIndexFolder(indexDir: string): Promise<string | undefined> {
  const state = await inspectIndexDir(indexDir);
  switch (state.kind) {
    case "absent":
      return undefined;
    case "link":
      return (await lstat(state.target).catch(() => undefined))?.isDirectory() ? state.target : undefined;
    case "external":
      return state.target;
    case "legacy":
    case "damaged":
      // Loading verifies the manifest and every checksum, and says precisely what is wrong with a damaged one.
      return indexDir;
    case "foreign":
      throw notAnIndexError(indexDir, state.reason);
  }
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
  // Checked before the staging folder becomes a generation, and again right before the swap below.
  await assertOwnIndexDir(indexDir);
  await fsyncDir(staging);
  const generation = path.join(gens, `gen-${stamp()}`);
  await rename(staging, generation);
  await fsyncDir(gens);
  const existing = await assertOwnIndexDir(indexDir);
  if (existing.kind === "legacy") {
    // An index from the older plain-folder layout (verified above): keep it as a generation, then switch to a symlink.
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
  // Only the swap symlinks `publishStaging` makes: a file of the same name beside INDEX_DIR is not quotebot's.
  const swapName = new RegExp(`^${escapeRegExp(path.basename(indexDir))}\\.swap-[0-9a-f]{8}$`);
  for (const name of await readdir(path.dirname(indexDir)).catch(() => [] as string[])) {
    if (!swapName.test(name)) continue;
    const full = path.join(path.dirname(indexDir), name);
    if ((await lstat(full).catch(() => undefined))?.isSymbolicLink()) await rm(full, { force: true });
  }
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
  // The first thing a build does: refuse a folder it must not touch before creating anything beside it.
  await assertOwnIndexDir(indexDir);
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
