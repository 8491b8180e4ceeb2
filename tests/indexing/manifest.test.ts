/** verifyIndexFolder: the manifest and every checksum are checked before anything is loaded. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { loadIndexFolder } from "../../src/indexing/load-index.js";
import { describeFile, IndexFiles, type Manifest, sha256File, verifyIndexFolder } from "../../src/indexing/manifest.js";
import { silentLogger } from "../../src/log.js";
import { smallCorpus } from "../hardening/support.js";
import { tempDir, testConfig } from "../helpers/env.js";

let root: string;
let good: string;
let cleanup: () => void;
let n = 0;

/** A damaged copy of the good (lexical) index. */
function copyWith(edit: (dir: string, manifest: Manifest) => void): string {
  const dir = path.join(root, `copy-${n++}`);
  cpSync(good, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(dir, IndexFiles.manifest), "utf8")) as Manifest;
  edit(dir, manifest);
  return dir;
}
const saveManifest = (dir: string, m: unknown) => writeFileSync(path.join(dir, IndexFiles.manifest), JSON.stringify(m));

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir());
  smallCorpus(root);
  good = (await buildIndex({ config: testConfig(root, "tokenizer-only"), log: silentLogger })).folder;
});
afterAll(() => cleanup?.());

describe("verifyIndexFolder", () => {
  it("given an intact index then it returns the parsed manifest", async () => {
    const m = await verifyIndexFolder(good);
    expect(m).toMatchObject({ formatVersion: 1, mode: "lexical", model: null, count: expect.any(Number) });
  });

  it("given a folder that does not exist then INDEX_MISSING says to build one", async () => {
    await expect(verifyIndexFolder(path.join(root, "nowhere"))).rejects.toMatchObject({
      code: ErrorCode.IndexMissing,
      hint: expect.stringMatching(/npm run build-index/),
    });
  });

  it("given a folder without a manifest (an interrupted staging folder) then it is refused as incomplete", async () => {
    const dir = path.join(root, "no-manifest");
    mkdirSync(dir);
    await expect(verifyIndexFolder(dir)).rejects.toMatchObject({
      code: ErrorCode.IndexCorrupt,
      message: expect.stringMatching(/incomplete/),
    });
  });

  it("given a manifest that fails the schema then it is refused as malformed", async () => {
    const dir = copyWith((d, m) => saveManifest(d, { ...m, count: -1 }));
    await expect(verifyIndexFolder(dir)).rejects.toMatchObject({
      code: ErrorCode.IndexCorrupt,
      message: expect.stringMatching(/malformed/),
    });
  });

  it("given a hybrid manifest without its model then it is refused", async () => {
    const dir = copyWith((d, m) => saveManifest(d, { ...m, mode: "hybrid" }));
    await expect(verifyIndexFolder(dir)).rejects.toMatchObject({ code: ErrorCode.IndexCorrupt });
  });

  it("given a manifest that does not list a required file then it is refused", async () => {
    const dir = copyWith((d, m) => {
      delete m.files[IndexFiles.chunks];
      saveManifest(d, m);
    });
    await expect(verifyIndexFolder(dir)).rejects.toMatchObject({
      message: expect.stringMatching(/does not list chunks\.json/),
    });
  });

  it("given a file changed after the build (same size) then the checksum refuses it", async () => {
    const dir = copyWith((d) => {
      const file = path.join(d, IndexFiles.chunks);
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace(/Bitpowr/, "Bitp0wr"));
    });
    await expect(verifyIndexFolder(dir)).rejects.toMatchObject({
      code: ErrorCode.IndexCorrupt,
      message: expect.stringMatching(/chunks\.json .*checksum mismatch/),
    });
  });

  it("given describeFile then it records the size and the sha256 that sha256File computes", async () => {
    const file = path.join(good, IndexFiles.chunks);
    expect(await describeFile(file)).toEqual({ bytes: readFileSync(file).length, sha256: await sha256File(file) });
  });
});

describe("loadIndexFolder and the lexical index", () => {
  it("given a manifest that does not list lexical.bin then loading refuses it as corrupt", async () => {
    const dir = copyWith((d, m) => {
      delete m.files[IndexFiles.lexical];
      saveManifest(d, m);
    });
    await expect(loadIndexFolder(dir)).rejects.toMatchObject({
      code: ErrorCode.IndexCorrupt,
      message: expect.stringMatching(/does not list lexical\.bin/),
    });
  });

  it("given an index from an older lexical analyzer then loading refuses it and says a rebuild reuses its chunks", async () => {
    const dir = copyWith((d, m) => saveManifest(d, { ...m, lexicalAnalyzer: m.lexicalAnalyzer - 1 }));
    await expect(loadIndexFolder(dir)).rejects.toMatchObject({
      code: ErrorCode.IndexIncompatible,
      message: expect.stringMatching(/older version of quotebot/),
      hint: expect.stringMatching(/npm run build-index.*reused/s),
    });
  });
});
