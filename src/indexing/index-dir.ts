/**
 * Atomic publication of index folders. `INDEX_DIR` is a symlink into `INDEX_DIR.d/`, which holds complete
 * generations. A build writes a staging folder, then swaps the symlink with one rename(2), which is atomic: a build
 * killed at any point leaves the previous index intact and serving. A lock stops two builds from racing.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { ErrorCode, QuotebotError } from "../errors.js";

const generationsDir = (indexDir: string) => `${indexDir}.d`;
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

/**
 * Take the build lock. A second build gets a clear refusal. A lock left by a killed build goes stale after
 * `staleMs` (its holder stops refreshing it) and is then taken over.
 */
export async function acquireBuildLock(indexDir: string, staleMs = 10_000): Promise<() => Promise<void>> {
  const gens = generationsDir(indexDir);
  await mkdir(gens, { recursive: true });
  try {
    return await lockfile.lock(gens, {
      stale: staleMs,
      update: Math.floor(staleMs / 3),
      realpath: false,
      lockfilePath: `${gens}/build.lock`,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOCKED")
      throw new QuotebotError(
        ErrorCode.IndexLocked,
        "Another index build is already running for this index.",
        "Wait for it to finish (the current index keeps serving), then try again.",
      );
    throw e;
  }
}
