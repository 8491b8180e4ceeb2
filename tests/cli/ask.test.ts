/** `npm run ask` as a user runs it: a child process, stdout for the answer, stderr for messages, exit codes. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexedCorpus, REPO_ROOT, testEnv } from "../helpers/env.js";

let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = await indexedCorpus("tokenizer-only"));
});
afterAll(() => cleanup?.());

function ask(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync("npm", ["run", "--silent", "ask", "--", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...testEnv(dir, "tokenizer-only", extraEnv), LOG_LEVEL: "info" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run ask", () => {
  it("given --json then stdout is exactly one JSON object of the documented shape", () => {
    const r = ask(["--json", "What did Huawei do in the metaverse?"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["question", "answered", "mode", "results"]));
    expect(json.answered).toBe(true);
    expect(json.mode).toBe("lexical");
    const first = json.results[0];
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining(["rank", "score", "quote", "passage", "chunkId", "article"]),
    );
    expect(Object.keys(first.article)).toEqual(
      expect.arrayContaining(["id", "title", "published", "publisher", "url", "source"]),
    );
    expect(first.passage).toContain(first.quote);
  });

  it("given a quoted question followed by a stray word then the stray word is ignored with a warning and the answer is the clean question's", () => {
    const question = "What did Huawei do in the metaverse?";
    const clean = ask(["--json", question]);
    const stray = ask(["--json", question, "456"]);
    expect(stray.code).toBe(0);
    expect(JSON.parse(stray.stdout)).toEqual(JSON.parse(clean.stdout));
    expect(JSON.parse(stray.stdout).answered).toBe(true);
    expect(stray.stderr).toMatch(/ignoring "456"/);
    expect(clean.stderr).not.toMatch(/ignoring/);
  });

  it("given an unquoted question then its words are joined and nothing is ignored", () => {
    const joined = ask(["--json", "What", "did", "Huawei", "do", "in", "the", "metaverse?"]);
    expect(JSON.parse(joined.stdout).question).toBe("What did Huawei do in the metaverse?");
    expect(joined.stderr).not.toMatch(/ignoring/);
  });

  it("given --k 1 then exactly one result", () => {
    const r = ask(["--json", "--k", "1", "Bitpowr transactions"]);
    expect(JSON.parse(r.stdout).results).toHaveLength(1);
  });

  it("given a question without an answer in the corpus then answered is false and the exit code is 0", () => {
    const r = ask(["--json", "Who won the 2019 Tour de France?"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).answered).toBe(false);
  });

  it("given no question then a clear message, exit code 2 and no stack trace", () => {
    const r = ask([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/question is empty/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("given a 10,000-character question then it is refused with exit code 2", () => {
    const r = ask(["x".repeat(10_000)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/limit is 1000/);
  });

  it("given a missing index then it says to build one, with exit code 1", () => {
    const r = ask(["bitcoin"], { INDEX_DIR: path.join(dir, "nowhere") });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/npm run build-index/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("given the terminal renderer then the answer shows the quote and its citation", () => {
    const r = ask(["What is ChainMaker?"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ChainMaker/);
    expect(r.stdout).toMatch(/\[004-beijing-research-facility-blockchain-web3\.md\]/);
    expect(r.stdout).toMatch(/\(lexical search\)/);
  });
});
