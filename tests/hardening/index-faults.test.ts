/**
 * The fault table for index files. Each case damages a copy of one small, real hybrid index (synthetic model, real
 * hnswlib-node graph) and loads it in a child process: the process must not die from a signal (hnswlib-node can
 * SIGSEGV on a bad graph), must exit non-zero, and must say on stderr what is wrong and to rebuild. The headline
 * cases go through `scripts/ask.ts` itself; the rest through the same loader without the model runtime (fast).
 */
import { randomBytes } from "node:crypto";
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../src/indexing/build-index.js";
import { describeFile, IndexFiles, type Manifest } from "../../src/indexing/manifest.js";
import { silentLogger } from "../../src/log.js";
import { loadEmbedder, tempDir, testConfig, testEnv } from "../helpers/env.js";
import { type ChildResult, pool, runTs, smallCorpus } from "./support.js";

type FileName = (typeof IndexFiles)[keyof typeof IndexFiles];
interface Fault {
  name: string;
  damage: (dir: string) => void | Promise<void>;
  /** What the message must say besides "rebuild". */
  says: RegExp;
  /** Run `scripts/ask.ts` (the real command) rather than the loader-only child. */
  viaAsk?: boolean;
}

const file = (dir: string, name: FileName) => path.join(dir, name);
const readManifest = (dir: string) => JSON.parse(readFileSync(file(dir, IndexFiles.manifest), "utf8")) as Manifest;
const writeManifest = (dir: string, m: Manifest) => writeFileSync(file(dir, IndexFiles.manifest), JSON.stringify(m));
const editManifest = (dir: string, edit: (m: Manifest) => void) => {
  const m = readManifest(dir);
  edit(m);
  writeManifest(dir, m);
};
/** Re-record a damaged file's checksum, so only the checks behind the checksums can catch the damage. */
const rehash = async (dir: string, name: FileName) => {
  const m = readManifest(dir);
  m.files[name] = await describeFile(file(dir, name));
  writeManifest(dir, m);
};

/** hnswlib's layout: a 96-byte header, then per element [link count u32][maxM0 ids u32][vector][label u64]. */
function hnswLayout(dir: string) {
  const bytes = readFileSync(file(dir, IndexFiles.hnsw));
  return { bytes, perElement: Number(bytes.readBigUInt64LE(24)), labelOffset: Number(bytes.readBigUInt64LE(32)) };
}

const FILES: FileName[] = Object.values(IndexFiles);
const MISSING_OR_BAD = /missing|incomplete|not valid JSON|bytes, but the manifest says|checksum|corrupt/;

const faults: Fault[] = [
  ...FILES.flatMap((name): Fault[] => [
    { name: `${name} is missing`, damage: (d) => rmSync(file(d, name)), says: MISSING_OR_BAD },
    {
      name: `${name} is truncated`,
      damage: (d) => truncateSync(file(d, name), Math.floor(readFileSync(file(d, name)).length / 2)),
      says: MISSING_OR_BAD,
    },
    { name: `${name} is zero-length`, damage: (d) => truncateSync(file(d, name), 0), says: MISSING_OR_BAD },
    {
      name: `${name} is random bytes of the same size`,
      damage: (d) => writeFileSync(file(d, name), randomBytes(readFileSync(file(d, name)).length)),
      says: MISSING_OR_BAD,
    },
  ]),
  {
    name: "vectors.hnsw is a corrupted graph of the same size (links point outside the graph)",
    damage: (d) => {
      const { bytes, perElement } = hnswLayout(d);
      for (let i = 0; i < 4; i++) bytes.writeUInt32LE(0xfffffff0, 96 + perElement + 4 + 4 * i);
      writeFileSync(file(d, IndexFiles.hnsw), bytes);
    },
    says: /checksum/,
    viaAsk: true,
  },
  {
    name: "vectors.f32 has flipped bytes",
    damage: (d) => {
      const bytes = readFileSync(file(d, IndexFiles.vectors));
      for (let i = 100; i < 140; i++) bytes[i] = bytes[i]! ^ 0xff;
      writeFileSync(file(d, IndexFiles.vectors), bytes);
    },
    says: /checksum/,
    viaAsk: true,
  },
  {
    name: "vectors.hnsw has flipped vector bytes",
    damage: (d) => {
      const { bytes, perElement, labelOffset } = hnswLayout(d);
      // The last 16 bytes of element 2's vector, just before its label.
      const at = 96 + 2 * perElement + labelOffset - 16;
      for (let i = at; i < at + 16; i++) bytes[i] = bytes[i]! ^ 0xff;
      writeFileSync(file(d, IndexFiles.hnsw), bytes);
    },
    says: /checksum/,
  },
  {
    name: "manifest.json is for another model",
    damage: (d) =>
      editManifest(d, (m) => {
        m.model!.id = "Xenova/all-MiniLM-L6-v2";
      }),
    says: /built with Xenova\/all-MiniLM-L6-v2/,
    viaAsk: true,
  },
  {
    name: "manifest.json is for another dimension",
    damage: (d) =>
      editManifest(d, (m) => {
        m.model!.dimension = 768;
      }),
    says: /dimension 768|768-dimensional/,
    viaAsk: true,
  },
  {
    name: "manifest.json is not JSON",
    damage: (d) => writeFileSync(file(d, IndexFiles.manifest), "{ nope"),
    says: /JSON/,
    viaAsk: true,
  },
  {
    name: "manifest.json is from a newer format version",
    damage: (d) => editManifest(d, (m) => Object.assign(m, { formatVersion: 99 })),
    says: /format version 99/,
  },
  {
    name: "manifest.json lists a file outside the folder",
    damage: (d) =>
      editManifest(d, (m) => {
        m.files["../../etc/passwd"] = m.files[IndexFiles.chunks]!;
      }),
    says: /invalid file name/,
  },
  // Defence in depth: the checksums match the damaged files, so only the structural checks stand between the
  // damage and hnswlib-node (which would read out of bounds).
  {
    name: "vectors.hnsw links outside the graph and its checksum was re-recorded",
    damage: async (d) => {
      const { bytes, perElement } = hnswLayout(d);
      for (let i = 0; i < 4; i++) bytes.writeUInt32LE(0xfffffff0, 96 + perElement + 4 + 4 * i);
      writeFileSync(file(d, IndexFiles.hnsw), bytes);
      await rehash(d, IndexFiles.hnsw);
    },
    says: /links outside the graph/,
    viaAsk: true,
  },
  {
    name: "vectors.hnsw has an impossible label and its checksum was re-recorded",
    damage: async (d) => {
      const { bytes, labelOffset } = hnswLayout(d);
      bytes.writeBigUInt64LE(123_456_789n, 96 + labelOffset);
      writeFileSync(file(d, IndexFiles.hnsw), bytes);
      await rehash(d, IndexFiles.hnsw);
    },
    says: /invalid label/,
  },
  {
    name: "chunks.json is JSON of the wrong shape and its checksum was re-recorded",
    damage: async (d) => {
      writeFileSync(file(d, IndexFiles.chunks), JSON.stringify({ articles: "x", chunks: [1, 2, 3] }));
      await rehash(d, IndexFiles.chunks);
    },
    says: /chunk store .* does not match/,
  },
  {
    name: "lexical.bin has a posting that points past the last chunk and its checksum was re-recorded",
    damage: async (d) => {
      const bytes = readFileSync(file(d, IndexFiles.lexical));
      const chunks = bytes.readUInt32LE(12);
      const terms = bytes.readUInt32LE(16) + bytes.readUInt32LE(20);
      // The first posting sits after the 32-byte header, the chunk lengths and the term offsets, each 8-aligned.
      const align8 = (n: number) => Math.ceil(n / 8) * 8;
      const firstPosting = align8(align8(32 + chunks * 4) + (terms + 1) * 4);
      bytes.writeUInt32LE(chunks + 5, firstPosting);
      writeFileSync(file(d, IndexFiles.lexical), bytes);
      await rehash(d, IndexFiles.lexical);
    },
    says: /lexical index cannot be loaded \(a posting refers to a chunk that does not exist\)/,
  },
  {
    name: "lexical.bin claims more terms than it holds and its checksum was re-recorded",
    damage: async (d) => {
      const bytes = readFileSync(file(d, IndexFiles.lexical));
      bytes.writeUInt32LE(bytes.readUInt32LE(16) + 1000, 16);
      writeFileSync(file(d, IndexFiles.lexical), bytes);
      await rehash(d, IndexFiles.lexical);
    },
    says: /lexical index cannot be loaded \(the file is \d+ bytes; its header describes \d+\)/,
  },
  {
    name: "vectors.f32 is short and its checksum was re-recorded",
    damage: async (d) => {
      truncateSync(file(d, IndexFiles.vectors), 384 * 4);
      await rehash(d, IndexFiles.vectors);
    },
    says: /does not hold \d+ vectors of dimension 384/,
  },
];

let root: string;
let good: string;
let cleanup: () => void;
const results = new Map<string, ChildResult>();

const load = (indexDir: string, viaAsk: boolean) =>
  viaAsk
    ? runTs("scripts/ask.ts", ["--json", "Who was charged over the Mt. Gox hack?"], {
        env: testEnv(root, "synthetic", { INDEX_DIR: indexDir }),
      })
    : runTs("tests/hardening/fixtures/load-child.ts", [], { env: testEnv(root, "synthetic", { INDEX_DIR: indexDir }) });

beforeAll(async () => {
  const t = tempDir("quotebot-faults-");
  ({ dir: root, cleanup } = t);
  smallCorpus(root);
  const config = testConfig(root, "synthetic");
  const embedder = await loadEmbedder(config);
  good = (await buildIndex({ config, log: silentLogger, embedder })).folder;
  await embedder.dispose();
  // One copy per case, all run at once (3 at a time): each child is independent.
  const intact: Fault[] = [
    { name: "intact (ask)", damage: () => undefined, says: /./, viaAsk: true },
    { name: "intact (loader)", damage: () => undefined, says: /./ },
  ];
  const cases = [...intact, ...faults];
  await pool(cases, 3, async (fault) => {
    const dir = path.join(root, `case-${cases.indexOf(fault)}`, "index");
    cpSync(good, dir, { recursive: true });
    await fault.damage(dir);
    results.set(fault.name, await load(dir, fault.viaAsk === true));
  });
}, 240_000);

afterAll(() => cleanup?.());

describe("index faults, loaded in a child process", () => {
  it("given the intact index copy then ask answers and the loader loads it (the harness itself works)", () => {
    const viaAsk = results.get("intact (ask)")!;
    expect(viaAsk.stderr).toBe("");
    expect(viaAsk.code).toBe(0);
    expect(JSON.parse(viaAsk.stdout)).toMatchObject({ answered: true, mode: "hybrid" });
    const viaLoader = results.get("intact (loader)")!;
    expect(viaLoader.code).toBe(0);
    expect(JSON.parse(viaLoader.stdout)).toMatchObject({ mode: "hybrid" });
  });

  for (const fault of faults) {
    const how = fault.viaAsk ? "`ask`" : "the loader";
    it(`given ${fault.name} then ${how} refuses with a clear message, a non-zero exit and no crash`, () => {
      const r = results.get(fault.name)!;
      expect(r.signal).toBeNull(); // no SIGSEGV, no SIGABRT
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).toMatch(/npm run build-index/);
      expect(r.stderr).toMatch(fault.says);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});
