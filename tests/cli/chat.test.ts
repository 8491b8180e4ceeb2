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

function chat(input: string, args: string[] = [], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/chat.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...testEnv(dir, "tokenizer-only", extraEnv) },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
}

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

  it("given help, ? and /help then each prints the chat's help instead of being asked, and quit ends the chat", () => {
    const r = chat("help\n?\n/HELP\nquit\nWhat is KICKICO?\n");
    expect(r.status).toBe(0);
    expect(r.stdout.match(/help, \?\s+show this help/g)).toHaveLength(3);
    expect(r.stdout).not.toMatch(/no searchable words|Nothing in the corpus answers/);
    // Nothing was answered: not the help words, and not the question after "quit".
    expect(r.stdout).not.toMatch(/^\(lexical search\)$/m);
  });

  it("given --help then it prints its usage and exits without opening the index", () => {
    const r = chat("What is KICKICO?\n", ["--help"], { INDEX_DIR: `${dir}/nowhere` });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: chat/);
    expect(r.stdout).not.toMatch(/articles, lexical search/);
    expect(r.stderr).toBe("");
  });

  it("given an unknown option then it says so with a usage exit code", () => {
    const r = chat("", ["--bogus"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });
});
