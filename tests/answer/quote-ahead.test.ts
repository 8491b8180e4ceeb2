import { describe, expect, it } from "vitest";
import { quoteAhead } from "../../src/answer/quote-ahead.js";
import type { LexicalHit } from "../../src/indexing/lexical-store.js";
import type { Chunk, Quote } from "../../src/types.js";

const chunk = (label: number): Chunk => ({
  id: `a#${label}`,
  articleId: "a",
  ordinal: label,
  start: 0,
  end: 5,
  text: `text ${label}`,
  tokenCount: 2,
});
const hits: LexicalHit[] = [0, 1, 2, 3, 4, 5].map((label) => ({ label, score: 10 - label, matched: ["x"] }));

/** quoteAhead over `hits`, recording which chunks it quoted. */
function recorder(options: { limit?: number; worth?: (h: LexicalHit) => boolean } = {}) {
  const quoted: number[] = [];
  const run = (stop: AbortSignal) =>
    quoteAhead(hits, stop, {
      limit: options.limit ?? hits.length,
      worthQuoting: options.worth ?? (() => true),
      chunk,
      quote: (c): Quote => {
        quoted.push(c.ordinal);
        return { text: c.text, start: c.start, end: c.end, highlight: { start: 0, end: c.text.length } };
      },
    });
  return { quoted, run };
}

describe("quoteAhead", () => {
  it("given time to spare then it quotes the best hits worth quoting, in rank order, up to the limit", async () => {
    const { quoted, run } = recorder({ limit: 5, worth: (h) => h.label !== 1 });
    const n = await run(new AbortController().signal);
    expect(quoted).toEqual([0, 2, 3, 4]);
    expect(n).toBe(4);
  });

  it("given the vector has already arrived then it quotes nothing", async () => {
    const { quoted, run } = recorder();
    expect(await run(AbortSignal.abort())).toBe(0);
    expect(quoted).toEqual([]);
  });

  it("given the vector arrives midway then it stops at the next chunk", async () => {
    const stop = new AbortController();
    const { quoted, run } = recorder({
      worth: (h) => {
        if (h.label === 2) stop.abort(); // the arrival, seen as soon as this chunk is done
        return true;
      },
    });
    await run(stop.signal);
    expect(quoted).toEqual([0, 1, 2]);
  });

  it("given the vector's message arrives on a later turn of the event loop then it is seen between chunks", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 20);
    const quoted: number[] = [];
    const many = Array.from({ length: 10_000 }, (_, label) => ({ label, score: 1, matched: [] }));
    await quoteAhead(many, stop.signal, {
      limit: many.length,
      worthQuoting: () => true,
      chunk,
      quote: (c) => {
        quoted.push(c.ordinal);
        const until = performance.now() + 1; // a chunk's worth of quoting
        while (performance.now() < until);
        return { text: c.text, start: 0, end: 1, highlight: { start: 0, end: 1 } };
      },
    });
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.length).toBeLessThan(many.length);
  });
});
