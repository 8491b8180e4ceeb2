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
  readlinkSync,
  rmSync,
  symlinkSync,
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
  inspectIndexDir,
  publishStaging,
  removeIndex,
  removeStaleStaging,
} from "../../src/indexing/index-dir.js";
import { INDEX_FORMAT_VERSION, type Manifest } from "../../src/indexing/manifest.js";
import { tempDir } from "../helpers/env.js";
import { snapshotTree } from "../helpers/snapshot.js";

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

  it("given an INDEX_DIR that is an old plain-folder quotebot index then it is kept as a generation and replaced by the symlink", async () => {
    plantLegacyIndex(indexDir);
    const before = snapshotTree(indexDir);
    await publish("new");
    expect(lstatSync(indexDir).isSymbolicLink()).toBe(true);
    const legacy = readdirSync(gens).filter((n) => n.startsWith("gen-legacy-"));
    expect(legacy).toHaveLength(1);
    expect(snapshotTree(path.join(gens, legacy[0]!))).toEqual(before);
  });

  it("given staging folders and swap links left by killed builds then removeStaleStaging deletes them", async () => {
    await createStaging(indexDir);
    symlinkSync("index.d/gen-x", `${indexDir}.swap-deadbeef`);
    await removeStaleStaging(indexDir);
    expect(readdirSync(gens).filter((n) => n.startsWith("staging-"))).toEqual([]);
    expect(lstatSync(`${indexDir}.swap-deadbeef`, { throwIfNoEntry: false })).toBeUndefined();
  });

  it("given a user's file named like a swap link beside INDEX_DIR then removeStaleStaging leaves it alone", async () => {
    writeFileSync(`${indexDir}.swap-deadbeef`, "my notes");
    writeFileSync(`${indexDir}.swap-notes.txt`, "more notes");
    await removeStaleStaging(indexDir);
    expect(readFileSync(`${indexDir}.swap-deadbeef`, "utf8")).toBe("my notes");
    expect(readFileSync(`${indexDir}.swap-notes.txt`, "utf8")).toBe("more notes");
  });

  it("given a symlink to a deleted generation then there is no current index", async () => {
    const gen = await publish("x");
    rmSync(gen, { recursive: true });
    expect(await currentIndexFolder(indexDir)).toBeUndefined();
  });
});

/** A folder laid out as an older quotebot wrote its index: a valid manifest and only the files it lists. */
function plantLegacyIndex(dir: string) {
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: "2026-01-01T00:00:00.000Z",
    mode: "lexical",
    model: null,
    tokenizer: "approximate",
    space: "cosine",
    hnsw: null,
    chunking: { maxTokens: 200, overlapTokens: 20 },
    lexicalAnalyzer: 1,
    count: 0,
    articles: {},
    files: { "chunks.json": { bytes: 2, sha256: "0".repeat(64) } },
  };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  writeFileSync(path.join(dir, "chunks.json"), "{}");
}

/** A folder of someone's own files: nested, with a binary file, a symlink and an empty folder. */
function plantUserFolder(dir: string) {
  mkdirSync(path.join(dir, "src", "deep"), { recursive: true });
  mkdirSync(path.join(dir, "empty"));
  writeFileSync(path.join(dir, "README.md"), "# my project\n");
  writeFileSync(path.join(dir, "src", "deep", "data.bin"), Buffer.from([0, 1, 2, 255, 254]));
  writeFileSync(path.join(dir, ".env"), "SECRET=1\n");
  symlinkSync("README.md", path.join(dir, "link-to-readme"));
}

describe("INDEX_DIR that quotebot did not create", () => {
  const refusal = { code: ErrorCode.IndexDirNotIndex, message: expect.stringContaining("Nothing was changed") };

  const cases: [string, (dir: string) => void, RegExp][] = [
    [
      "a folder of user files",
      plantUserFolder,
      /files that quotebot did not write \(\.env, README\.md, empty\/, link-to-readme and 1 more\)/,
    ],
    ["an empty folder", (d) => mkdirSync(d), /empty folder/],
    [
      "a folder with a valid manifest and a user's file beside it",
      (d) => {
        plantLegacyIndex(d);
        writeFileSync(path.join(d, "notes.txt"), "mine");
      },
      /files that quotebot did not write \(notes\.txt\)/,
    ],
    [
      "a folder whose manifest.json is not quotebot's",
      (d) => {
        mkdirSync(d);
        writeFileSync(path.join(d, "manifest.json"), JSON.stringify({ name: "my-web-app", version: 3 }));
      },
      /manifest\.json that is not a quotebot index manifest/,
    ],
    ["a file", (d) => writeFileSync(d, "just a file"), /is a file, not a folder/],
  ];

  for (const [what, plant, reason] of cases) {
    it(`given ${what} then a build's lock, publication and removeIndex refuse it and every file is still there, byte for byte`, async () => {
      plant(indexDir);
      const before = snapshotTree(root);
      await expect(acquireBuildLock(indexDir)).rejects.toMatchObject({
        ...refusal,
        message: expect.stringMatching(reason),
      });
      const staging = path.join(root, "elsewhere");
      mkdirSync(staging);
      await expect(publishStaging(indexDir, staging)).rejects.toMatchObject(refusal);
      await expect(removeIndex(indexDir)).rejects.toMatchObject(refusal);
      await expect(currentIndexFolder(indexDir)).rejects.toMatchObject(refusal);
      rmSync(staging, { recursive: true });
      expect(snapshotTree(root)).toEqual(before);
      expect(existsSync(gens)).toBe(false);
    });
  }

  it("given a symlink the user made to a quotebot index elsewhere then it is read but a build refuses to replace the link", async () => {
    const elsewhere = path.join(root, "elsewhere-index");
    plantLegacyIndex(elsewhere);
    symlinkSync(elsewhere, indexDir);
    expect(await currentIndexFolder(indexDir)).toBe(elsewhere);
    await expect(acquireBuildLock(indexDir)).rejects.toMatchObject({
      code: ErrorCode.IndexDirNotIndex,
      message: expect.stringMatching(/symbolic link .* that quotebot did not create/),
    });
    expect(readlinkSync(indexDir)).toBe(elsewhere);
  });

  it("given a symlink to a folder of user files then reading refuses it as not an index", async () => {
    const elsewhere = path.join(root, "home");
    plantUserFolder(elsewhere);
    symlinkSync(elsewhere, indexDir);
    await expect(currentIndexFolder(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexDirNotIndex });
  });

  it("given INDEX_DIR.d holding a user's file then a build and removeIndex refuse and leave it", async () => {
    mkdirSync(gens);
    writeFileSync(path.join(gens, "mine.txt"), "mine");
    await expect(acquireBuildLock(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexDirNotIndex });
    await expect(removeIndex(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexDirNotIndex });
    expect(readFileSync(path.join(gens, "mine.txt"), "utf8")).toBe("mine");
  });
});

describe("an old plain-folder index that cannot be verified", () => {
  it("given index files with a manifest of another format version then loading reaches it but a build refuses to move it", async () => {
    plantLegacyIndex(indexDir);
    const manifest = JSON.parse(readFileSync(path.join(indexDir, "manifest.json"), "utf8"));
    writeFileSync(path.join(indexDir, "manifest.json"), JSON.stringify({ ...manifest, formatVersion: 99 }));
    const before = snapshotTree(root);
    expect(await currentIndexFolder(indexDir)).toBe(indexDir);
    await expect(acquireBuildLock(indexDir)).rejects.toMatchObject({
      code: ErrorCode.IndexDirNotIndex,
      message: expect.stringMatching(/cannot be verified/),
    });
    await expect(removeIndex(indexDir)).rejects.toMatchObject({ code: ErrorCode.IndexDirNotIndex });
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe("removeIndex", () => {
  it("given a published index with several generations then the link and the generations folder are gone", async () => {
    for (const content of ["1", "2"]) {
      const staging = await createStaging(indexDir);
      writeFileSync(path.join(staging, "manifest.json"), content);
      await publishStaging(indexDir, staging);
    }
    writeFileSync(path.join(root, "sibling.txt"), "stays");
    await removeIndex(indexDir);
    expect(readdirSync(root)).toEqual(["sibling.txt"]);
  });

  it("given an old plain-folder index then its files and the folder are removed", async () => {
    plantLegacyIndex(indexDir);
    expect((await inspectIndexDir(indexDir)).kind).toBe("legacy");
    await removeIndex(indexDir);
    expect(existsSync(indexDir)).toBe(false);
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
