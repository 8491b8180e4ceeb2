/**
 * Query robustness: each query gets one typo, deterministically (seeded). One content word of five or more letters
 * gets one edit (substitution, deletion, transposition of neighbours or insertion) away from its first letter.
 */

import { STOP_WORDS } from "../text/analyze.js";
import type { BeirQuery } from "./load-beir.js";
import { createRng } from "./rng.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export function typoQueries(queries: readonly BeirQuery[], seed = 42): BeirQuery[] {
  const rng = createRng(seed); // seeded: every run perturbs the same words the same way
  return queries.map((q) => {
    const words = [...q.text.matchAll(/\p{L}{5,}/gu)].filter((m) => !STOP_WORDS.has(m[0].toLowerCase()));
    if (words.length === 0) return q;
    const m = words[rng.int(words.length)]!;
    const w = m[0];
    const at = 1 + rng.int(w.length - 2);
    const op = rng.int(4);
    const c = LETTERS[rng.int(LETTERS.length)]!;
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
