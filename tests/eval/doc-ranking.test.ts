import { describe, expect, it } from "vitest";
import { docRanking } from "../../src/eval/doc-ranking.js";

describe("docRanking", () => {
  const docOf = (articleId: string) => ({ "corpus/0": "A", "corpus/1": "B", "corpus/2": "C" })[articleId];

  it("given several chunks per document then each document appears once, where its best chunk ranks", () => {
    expect(docRanking(["corpus/1", "corpus/0", "corpus/1", "corpus/2", "corpus/0"], docOf, 10)).toEqual([
      "B",
      "A",
      "C",
    ]);
  });

  it("given a depth then the ranking stops there, and unknown articles are skipped", () => {
    expect(docRanking(["other", "corpus/2", "corpus/0", "corpus/1"], docOf, 2)).toEqual(["C", "A"]);
  });
});
