/**
 * Index folders: atomic publication through a symlink swap, pruning, and the build lock (which must refuse a second
 * build, never rob a live one, and take over at once from a build that was killed).
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import {
  acquireBuildLock,
  createStaging,
  currentIndexFolder,
  publishStaging,
  removeStaleStaging,
} from "../../src/indexing/index-dir.js";
import { tempDir } from "../helpers/env.js";

let root: string;
let indexDir: string;
let gens: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir());
  indexDir = path.join(root, "index");
  gens = `${indexDir}.d`;
});
afterEach(() => cleanup());

const lockDir = () => path.join(gens, "build.lock");
const ownerFile = () => path.join(gens, "build.lock.owner.json");
/** Leave a lock as a holder would have: the lock folder plus its owner record. */
function plantLock(owner: Record<string, unknown> | undefined, ageMs = 0) {
  mkdirSync(lockDir(), { recursive: true });
  if (owner) writeFileSync(ownerFile(), JSON.stringify({ host: hostname(), token: "t0", ...owner }));
  const when = new Date(Date.now() - ageMs);
  utimesSync(lockDir(), when, when);
}
/** The pid of a process that has exited (and been reaped). */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("publishStaging", () => {
  async function publish(content: string): Promise<string> {
    const staging = await createStaging(indexDir);
    writeFileSync(path.join(staging, "manifest.json"), content);
    return publishStaging(indexDir, staging);
  }

  it("given a staging folder then INDEX_DIR becomes a symlink to it as a new generation", async () => {
    const gen = await publish("one");
    expect(lstatSync(indexDir).isSymbolicLink()).toBe(true);
    expect(await currentIndexFolder(indexDir)).toBe(gen);
    expect(readFileSync(path.join(indexDir, "manifest.json"), "utf8")).toBe("one");
  });

  it("given several publications then the newest two generations are kept and older ones pruned", async () => {
    const gens1 = [await publish("1"), await publish("2"), await publish("3")];
    const left = readdirSync(gens).filter((n) => n.startsWith("gen-"));
    expect(left.map((n) => path.join(gens, n)).sort()).toEqual(gens1.slice(1).sort());
    expect(await currentIndexFolder(indexDir)).toBe(gens1[2]);
  });

  it("given an INDEX_DIR that is a plain folder (older layout) then it is kept as a generation and replaced by the symlink", async () => {
    mkdirSync(indexDir);
    writeFileSync(path.join(indexDir, "manifest.json"), "legacy");
    await publish("new");
    expect(lstatSync(indexDir).isSymbolicLink()).toBe(true);
    expect(readdirSync(gens).some((n) => n.startsWith("gen-legacy-"))).toBe(true);
  });

  it("given staging folders and swap links left by killed builds then removeStaleStaging deletes them", async () => {
    await createStaging(indexDir);
    writeFileSync(`${indexDir}.swap-deadbeef`, "");
    await removeStaleStaging(indexDir);
    expect(readdirSync(gens).filter((n) => n.startsWith("staging-"))).toEqual([]);
    expect(existsSync(`${indexDir}.swap-deadbeef`)).toBe(false);
  });

  it("given a symlink to a deleted generation then there is no current index", async () => {
    const gen = await publish("x");
    rmSync(gen, { recursive: true });
    expect(await currentIndexFolder(indexDir)).toBeUndefined();
  });
});

describe("acquireBuildLock", () => {
  it("given a held lock then a second acquire refuses with INDEX_LOCKED, and after release it can be taken again", async () => {
    const release = await acquireBuildLock(indexDir);
    expect(JSON.parse(readFileSync(ownerFile(), "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    await expect(acquireBuildLock(indexDir)).rejects.toMatchObject({
      code: ErrorCode.IndexLocked,
      hint: expect.stringMatching(/Wait for it to finish/),
    });
    await release();
    expect(existsSync(lockDir())).toBe(false);
    expect(existsSync(ownerFile())).toBe(false);
    const again = await acquireBuildLock(indexDir);
    expect(again.lost).toBeUndefined();
    await again();
  });

  it("given a lock whose holder was killed then it is taken over at once", async () => {
    plantLock({ pid: deadPid() });
    const release = await acquireBuildLock(indexDir);
    expect(JSON.parse(readFileSync(ownerFile(), "utf8"))).toMatchObject({ pid: process.pid });
    await release();
  });

  it("given a lock whose holder is alive then it is refused however old the lock looks (a busy build keeps its lock)", async () => {
    plantLock({ pid: process.pid }, 60 * 60 * 1000);
    await expect(acquireBuildLock(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexLocked });
    expect(existsSync(lockDir())).toBe(true);
  });

  it("given a lock whose pid now belongs to another process (pid reuse) then it is taken over", async () => {
    plantLock({ pid: process.pid, started: "1" });
    const release = await acquireBuildLock(indexDir);
    await release();
  });

  it("given a lock without an owner record then it is refused while fresh and taken over once stale", async () => {
    plantLock(undefined);
    await expect(acquireBuildLock(indexDir, 10_000)).rejects.toMatchObject({ code: ErrorCode.IndexLocked });
    plantLock(undefined, 20_000);
    const release = await acquireBuildLock(indexDir, 10_000);
    await release();
  });

  it("given a lock held from another host then only staleness lets it be taken over", async () => {
    plantLock({ pid: 1, host: "some-other-host" });
    await expect(acquireBuildLock(indexDir, 10_000)).rejects.toMatchObject({ code: ErrorCode.IndexLocked });
    plantLock({ pid: 1, host: "some-other-host" }, 20_000);
    const release = await acquireBuildLock(indexDir, 10_000);
    await release();
  });

  it("given a held lock that another process breaks then the holder learns it lost the lock instead of crashing", async () => {
    const release = await acquireBuildLock(indexDir);
    rmSync(lockDir(), { recursive: true });
    // proper-lockfile notices on its next refresh (every 2 s); poll rather than guess how late a busy machine is.
    for (let waited = 0; !release.lost && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(release.lost).toMatchObject({ code: "ECOMPROMISED" });
    await release().catch(() => undefined);
  });
});
