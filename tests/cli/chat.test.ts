/** `npm run chat` driven through stdin, as a person (or a pipe) would use it. */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexedCorpus, REPO_ROOT, testEnv } from "../helpers/env.js";

let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = await indexedCorpus("tokenizer-only"));
});
afterAll(() => cleanup?.());

describe("npm run chat", () => {
  it("given several questions on stdin then it answers each, explains a bad one, and exits on 'exit'", () => {
    const r = spawnSync("npx", ["tsx", "scripts/chat.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...testEnv(dir, "tokenizer-only") },
      input: "What is ChainMaker?\n\nthe of and\nWho won the 2019 Tour de France?\nexit\nWhat is KICKICO?\n",
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/8 articles, lexical search/);
    expect(r.stdout).toMatch(/ChainMaker/);
    expect(r.stdout).toMatch(/no searchable words/);
    expect(r.stdout).toMatch(/Nothing in the corpus answers that question/);
    // Input after "exit" is not answered.
    expect(r.stdout).not.toMatch(/KICKICO/);
  });
});
