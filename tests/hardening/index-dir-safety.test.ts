/**
 * INDEX_DIR pointing at a folder quotebot did not create (a project, the corpus itself): the real `build-index` and
 * `ask` commands refuse it with a message saying so, and every file in it is still there, byte for byte.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, testEnv } from "../helpers/env.js";
import { snapshotTree } from "../helpers/snapshot.js";
import { type ChildResult, pool, runTs, smallCorpus } from "./support.js";

let dir: string;
let cleanup: () => void;
let project: string;
let corpus: string;
let before: Record<string, string>;
let results: Record<"buildProject" | "buildCorpus" | "askProject", ChildResult>;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("quotebot-index-dir-safety-"));
  corpus = smallCorpus(dir);
  project = path.join(dir, "project");
  mkdirSync(path.join(project, "src"), { recursive: true });
  writeFileSync(path.join(project, "package.json"), '{ "name": "someone-elses-project" }\n');
  writeFileSync(path.join(project, "src", "main.ts"), "console.log('hello');\n");
  writeFileSync(path.join(project, "photo.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
  symlinkSync("package.json", path.join(project, "pkg-link"));
  before = snapshotTree(dir);
  const env = (indexDir: string) => ({ ...testEnv(dir, "offline"), INDEX_DIR: indexDir, LOG_LEVEL: "info" });
  const [buildProject, buildCorpus, askProject] = await pool(
    [
      () => runTs("scripts/build-index.ts", [], { env: env(project) }),
      () => runTs("scripts/build-index.ts", [], { env: env(corpus) }),
      () => runTs("scripts/ask.ts", ["Who was charged over the Mt. Gox hack?"], { env: env(project) }),
    ],
    2,
    (job) => job(),
  );
  results = { buildProject: buildProject!, buildCorpus: buildCorpus!, askProject: askProject! };
}, 120_000);
afterAll(() => cleanup?.());

describe("INDEX_DIR set to a folder that is not a quotebot index", () => {
  it("given a project folder then build-index exits non-zero saying it is not a quotebot index and what to set", () => {
    const r = results.buildProject;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`INDEX_DIR is ${project}`);
    expect(r.stderr).toMatch(/not a quotebot index/);
    expect(r.stderr).toMatch(/Set INDEX_DIR to a path that does not exist yet/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("given the corpus folder itself then build-index refuses it too", () => {
    const r = results.buildCorpus;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`INDEX_DIR is ${corpus}`);
    expect(r.stderr).toMatch(/not a quotebot index/);
  });

  it("given a project folder then ask says it is not a quotebot index, not that an index is incomplete", () => {
    const r = results.askProject;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not a quotebot index/);
    expect(r.stderr).not.toMatch(/incomplete/);
  });

  it("given the refused builds and question then every file is still there, byte for byte, and nothing was added beside them", () => {
    expect(snapshotTree(dir)).toEqual(before);
    expect(existsSync(`${project}.d`)).toBe(false);
    expect(existsSync(`${corpus}.d`)).toBe(false);
  });
});
