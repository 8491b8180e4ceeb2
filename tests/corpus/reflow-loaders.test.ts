/**
 * Hard-wrapped articles in every format that carries line breaks (.txt, .md, .jsonl) load as whole sentences; text
 * that is not wrapped, and figures written one per line, keep their lines.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedCorpus, loadCorpus } from "../../src/corpus/load-corpus.js";
import { splitSentences } from "../../src/text/sentences.js";
import type { Article } from "../../src/types.js";
import { tempDir } from "../helpers/env.js";

const BODY = `The port authority said on Tuesday that it would spend 40 mln
dlrs on new cranes for the container terminal, which has lost
business to rival ports since the strike last year.
    The first two cranes are due to arrive in the autumn and the
rest by the end of next year, a spokesman said.`;
const SENTENCES = [
  "The port authority said on Tuesday that it would spend 40 mln dlrs on new cranes for the container terminal, which has lost business to rival ports since the strike last year.",
  "The first two cranes are due to arrive in the autumn and the rest by the end of next year, a spokesman said.",
];
/** The Markdown version: blank lines between paragraphs (Markdown drops the indentation of continuation lines). */
const MD_BODY = BODY.replace("\n    The first", "\n\nThe first");
const FIGURES_PARAGRAPH = "Shr 1.20 dlrs vs 1.10 dlrs\nNet 3,400,000 vs 2,900,000\nRevs 45.6 mln vs 40.1 mln";
const UNWRAPPED =
  "The harbour reopened on Monday after a week of storms kept ships at anchor outside the breakwater for days.\nTrade is expected to recover by the end of the month.";

let cleanup: () => void;
let loaded: LoadedCorpus;
const article = (id: string): Article => loaded.articles.find((a) => a.id === id)!;
const sentencesOf = (id: string) => splitSentences(article(id).text).map((s) => s.text);

beforeAll(async () => {
  const t = tempDir("quotebot-reflow-");
  cleanup = t.cleanup;
  const corpus = path.join(t.dir, "corpus");
  mkdirSync(corpus);
  const write = (name: string, content: string) => writeFileSync(path.join(corpus, name), content);
  write("wrapped.txt", `PORT TO BUY NEW CRANES\n${BODY}\n Reuter\n`);
  write("wrapped-md.md", `---\ntitle: Port to buy new cranes\n---\n\n${MD_BODY}\n`);
  write(
    "figures.md",
    `---\ntitle: Results\n---\n\n${FIGURES_PARAGRAPH}\n\nThe results were published today.  \nThe next ones are due in May.\n`,
  );
  write("wire.jsonl", `${JSON.stringify({ id: "cranes", title: "PORT TO BUY NEW CRANES", text: BODY })}\n`);
  write("plain.txt", `Harbour reopens\n${UNWRAPPED}\n`);
  loaded = await loadCorpus(corpus, { maxFileBytes: 1024 * 1024 });
});
afterAll(() => cleanup?.());

describe("loading hard-wrapped articles", () => {
  it("given a hard-wrapped .txt article then its sentences are whole sentences, and the sign-off stays apart", () => {
    expect(sentencesOf("wrapped")).toEqual([...SENTENCES, "Reuter"]);
  });

  it("given a hard-wrapped .md article then each paragraph is one line of whole sentences", () => {
    expect(article("wrapped-md").text).toBe(SENTENCES.join("\n\n"));
  });

  it("given a hard-wrapped .jsonl row then its sentences are whole sentences", () => {
    expect(sentencesOf("wire/cranes")).toEqual(SENTENCES);
  });

  it("given a .md paragraph of figures one per line then the rows keep their lines, and a hard break ends a line", () => {
    const lines = article("figures").text.split("\n").filter(Boolean);
    expect(lines).toEqual([
      "Shr 1.20 dlrs vs 1.10 dlrs",
      "Net 3,400,000 vs 2,900,000",
      "Revs 45.6 mln vs 40.1 mln",
      "The results were published today.",
      "The next ones are due in May.",
    ]);
  });

  it("given a .txt article with one paragraph per line then its text is exactly its lines", () => {
    expect(article("plain").text).toBe(UNWRAPPED);
  });
});
