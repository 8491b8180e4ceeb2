/**
 * What the real model should understand, end to end through the index build and the Engine with real
 * all-MiniLM-L6-v2 weights (../shared/models/real). The articles are written for these tests: a paraphrase that
 * shares no word with its passage, leads that repeat a question's subject while the answer sits further down, and
 * two tellings of one story.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import type { Answer } from "../../src/types.js";
import { tempDir, testConfig } from "../helpers/env.js";

const ARTICLES: Record<string, string> = {
  "flu-in-schools.md": `---
title: "Physicians alarmed as influenza spreads"
publisher: "Valley Courier"
---
Physicians in the valley warned on Tuesday that influenza is spreading quickly through primary schools. Absences have doubled in a week, and the health board has asked parents to keep children with a fever at home.
`,
  "doctors-pay.md": `---
title: "Hospital doctors vote on pay deal"
publisher: "Valley Courier"
---
Hospital doctors voted on Monday on a new pay deal after months of talks with the health board. Many doctors said they were worried that the offer did not cover weekend rotas, and the union will publish the result next week.
`,
  "ferry-terminal.md": `---
title: "Westport opens its new ferry terminal"
publisher: "Harbour News"
published: "2025-03-03"
---
Westport opened its new ferry terminal on Monday after years of building work on the north quay. Crowds gathered on the quay as the first boat arrived from the islands. The terminal cost 84 million pounds, paid for by the port authority and a government grant. It can handle twelve sailings a day, twice as many as the old pier. The project was led by the engineer Maria Castell, who also designed the harbour's lifting bridge.
`,
  "rates-courier.md": `---
title: "Central bank raises interest rate"
publisher: "Valley Courier"
published: "2025-05-08"
---
The central bank raised its main interest rate to 4.5% on Thursday, the first rise in two years, saying prices were climbing faster than wages.
`,
  "rates-herald.md": `---
title: "Rate rise as bank acts on prices"
publisher: "Coast Herald"
published: "2025-05-08"
---
The central bank raised its main interest rate to 4.5% on Thursday, its first rise in two years, because prices are climbing faster than wages.
`,
};

let dir: { dir: string; cleanup: () => void };
let config: Config;
let engine: Engine;

beforeAll(async () => {
  dir = tempDir();
  const corpus = path.join(dir.dir, "corpus");
  mkdirSync(corpus);
  for (const [file, text] of Object.entries(ARTICLES)) writeFileSync(path.join(corpus, file), text);
  config = testConfig(dir.dir, "real");
  const summary = await buildIndex({ config, log: silentLogger });
  expect(summary.mode).toBe("hybrid");
  engine = await Engine.open(config);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  dir?.cleanup();
});

const firstQuote = (answer: Answer) => answer.results[0]?.quote.text ?? "";

describe("given real all-MiniLM-L6-v2 weights", () => {
  it("then a paraphrase that shares no word with its passage finds it in hybrid mode, and not in keyword mode", async () => {
    const question = "Are medics concerned that the flu is sweeping through classrooms?";
    const hybrid = await engine.search(question, 3);
    expect(hybrid[0]?.article.id).toBe("flu-in-schools");
    const keyword = await engine.ask(question, { mode: "lexical" });
    expect(keyword.results.some((r) => r.passage.article.id === "flu-in-schools")).toBe(false);
  });

  it("then an answerable paraphrase is answered in hybrid mode where keyword coverage alone declines it", async () => {
    const question = "Are doctors worried about influenza in schools?";
    const hybrid = await engine.ask(question);
    expect(hybrid.mode).toBe("hybrid");
    expect(hybrid.answered).toBe(true);
    expect(hybrid.results[0]?.passage.article.id).toBe("flu-in-schools");
    const keyword = await engine.ask(question, { mode: "lexical" });
    expect(keyword.results[0]?.passage.article.id).not.toBe("flu-in-schools");
  });

  it("then a 'how much' question is quoted with the amount, not the lead that repeats its subject", async () => {
    const answer = await engine.ask("How much did Westport's new ferry terminal cost?");
    expect(answer.results[0]?.passage.article.id).toBe("ferry-terminal");
    expect(firstQuote(answer)).toContain("84 million pounds");
  });

  it("then a 'who' question is quoted with the name, not the lead that repeats its subject", async () => {
    const answer = await engine.ask("Who led the project to build Westport's new ferry terminal?");
    expect(answer.results[0]?.passage.article.id).toBe("ferry-terminal");
    expect(firstQuote(answer)).toContain("Maria Castell");
  });

  it("then two tellings of one story fold into one quote with 'also reported by'", async () => {
    const answer = await engine.ask("What did the central bank do to its interest rate?");
    expect(answer.answered).toBe(true);
    const ids = answer.results.map((r) => r.passage.article.id);
    const folded = answer.results[0]!.alsoReportedBy.map((a) => a.id);
    expect([...ids, ...folded].sort()).toEqual(expect.arrayContaining(["rates-courier", "rates-herald"]));
    expect(ids.filter((id) => id.startsWith("rates-"))).toHaveLength(1);
    expect(folded).toHaveLength(1);
  });

  it("then a question the corpus cannot answer is declined", async () => {
    const answer = await engine.ask("Which football club won the league title this season?");
    expect(answer.answered).toBe(false);
  });
});
