import { describe, expect, it } from "vitest";
import type { JsonlArticle } from "../../bench/datasets.js";
import { corpusOfSize } from "../../bench/scale-corpus.js";

const article = (id: string, chunks: number): JsonlArticle => ({ id, title: `T${id}`, text: "x".repeat(chunks) });
const count = (a: JsonlArticle) => a.text.length;

describe("corpusOfSize", () => {
  it("given enough sources then no article is copied and the target is reached", () => {
    const c = corpusOfSize([article("a", 3), article("b", 3), article("c", 3)], count, 5);
    expect(c).toMatchObject({ chunks: 6, passes: 1 });
    expect(c.articles.map((a) => a.id)).toEqual(["a", "b"]);
  });

  it("given too few sources then articles repeat under fresh, unique ids", () => {
    const c = corpusOfSize([article("a", 2), article("b", 2)], count, 9);
    expect(c.chunks).toBe(10);
    expect(c.passes).toBe(3);
    const ids = c.articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("a.copy2");
  });

  it("given only articles without chunks then it stops instead of looping", () => {
    expect(corpusOfSize([article("a", 0)], count, 5)).toMatchObject({ chunks: 0, articles: [] });
  });
});
