/**
 * Query robustness: each query gets one typo, deterministically (seeded). One content word of five or more letters
 * gets one edit (substitution, deletion, transposition of neighbours or insertion) away from its first letter.
 */
import { STOP_WORDS } from "../text/analyze.js";
import type { BeirQuery } from "./load-beir.js";

/** mulberry32: a tiny seeded PRNG, so every run perturbs the same words the same way. */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export function typoQueries(queries: readonly BeirQuery[], seed = 42): BeirQuery[] {
  const random = mulberry32(seed);
  return queries.map((q) => {
    const words = [...q.text.matchAll(/\p{L}{5,}/gu)].filter((m) => !STOP_WORDS.has(m[0].toLowerCase()));
    if (words.length === 0) return q;
    const m = words[Math.floor(random() * words.length)]!;
    const w = m[0];
    const at = 1 + Math.floor(random() * (w.length - 2));
    const op = Math.floor(random() * 4);
    const c = LETTERS[Math.floor(random() * LETTERS.length)]!;
    const typo =
      op === 0
        ? w.slice(0, at) + c + w.slice(at + 1)
        : op === 1
          ? w.slice(0, at) + w.slice(at + 1)
          : op === 2
            ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)
            : w.slice(0, at) + c + w.slice(at);
    return { ...q, text: q.text.slice(0, m.index) + typo + q.text.slice(m.index! + w.length) };
  });
}
