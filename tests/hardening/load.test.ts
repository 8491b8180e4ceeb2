/**
 * Many questions in one process: answers stay identical for identical questions and memory stays flat. RSS at the
 * start and end is logged; the only assertion on memory is a generous sanity bound (no timing thresholds).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJsonAnswer } from "../../src/answer/render-json.js";
import { Engine } from "../../src/engine.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { copyCorpus, tempDir, testConfig } from "../helpers/env.js";
import { mb } from "./support.js";

const QUESTIONS = [
  "What is KICKICO?",
  "Who was charged over the Mt. Gox hack?",
  "How much in total transactions has Bitpowr processed?",
  "What did Huawei do in the metaverse?",
  "What is ChainMaker?",
  "When do the SFC's VASP guidelines take effect?",
  "How much working capital is C2CX providing to CyberEX?",
  "Who won the 2019 Tour de France?",
  "bitcoin exchange bankruptcy creditors",
  "Russia China cryptocurrency alliance",
];
const SLACK_BYTES = 200 * 1024 * 1024;

let root: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir("quotebot-load-"));
  copyCorpus(root);
});
afterAll(() => cleanup?.());

async function hammer(engine: Engine, rounds: number, label: string) {
  const first = new Map<string, string>();
  for (const q of QUESTIONS) first.set(q, JSON.stringify(toJsonAnswer(await engine.ask(q))));
  const start = process.memoryUsage().rss;
  let mismatches = 0;
  for (let i = 0; i < rounds; i++) {
    const q = QUESTIONS[i % QUESTIONS.length]!;
    if (JSON.stringify(toJsonAnswer(await engine.ask(q))) !== first.get(q)) mismatches++;
  }
  const end = process.memoryUsage().rss;
  console.info(`${label}: ${rounds} asks, RSS start ${mb(start)} MB, end ${mb(end)} MB (${mb(end - start)} MB change)`);
  return { mismatches, start, end, answered: [...first.values()].filter((a) => a.includes('"answered":true')).length };
}

describe("load", () => {
  it("given 1,000 asks on a lexical index in one process then identical questions get identical answers and RSS stays flat", async () => {
    const config = testConfig(root, "tokenizer-only");
    await buildIndex({ config, log: silentLogger });
    const engine = await Engine.open(config);
    const r = await hammer(engine, 1000, "lexical");
    expect(r.answered).toBeGreaterThan(5); // the loop exercised real answers, not only refusals
    expect(r.mismatches).toBe(0);
    expect(r.end).toBeLessThan(r.start + SLACK_BYTES);
  });

  it("given 100 asks on a hybrid index (synthetic model) then answers stay identical and RSS stays flat", async () => {
    const config = testConfig(root, "synthetic", { INDEX_DIR: `${root}/hybrid-index` });
    await buildIndex({ config, log: silentLogger });
    const engine = await Engine.open(config);
    try {
      expect(engine.mode).toBe("hybrid");
      const r = await hammer(engine, 100, "hybrid");
      expect(r.mismatches).toBe(0);
      expect(r.end).toBeLessThan(r.start + SLACK_BYTES);
    } finally {
      await engine.close();
    }
  });
});
