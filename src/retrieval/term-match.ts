/**
 * Which question terms a piece of text contains, tolerating typos and word-form slips for terms the corpus has
 * never seen ("patnets" → "patent"). Shared by coverage scoring and quote selection.
 */
import { distance } from "fastest-levenshtein";

/** Edits allowed for a misspelt term of this length. */
const maxEdits = (term: string) => (term.length >= 6 ? 2 : term.length >= 4 ? 1 : 0);

/** True when `term` is in `terms`, or (for an out-of-vocabulary term) a close spelling or prefix is. */
export function hasTerm(terms: ReadonlySet<string>, term: string, knownToCorpus: boolean): boolean {
  if (terms.has(term)) return true;
  if (knownToCorpus) return false;
  const edits = maxEdits(term);
  if (edits === 0) return false;
  for (const t of terms) {
    if (Math.abs(t.length - term.length) > edits && !(term.length >= 4 && t.startsWith(term))) continue;
    if ((term.length >= 4 && t.startsWith(term)) || distance(t, term) <= edits) return true;
  }
  return false;
}

/** Weighted share of `queryTerms` present in `terms`, in [0, 1]. */
export function weightedCoverage(
  queryTerms: readonly string[],
  terms: ReadonlySet<string>,
  weight: (term: string) => number,
  known: (term: string) => boolean,
): number {
  let total = 0;
  let found = 0;
  for (const q of new Set(queryTerms)) {
    const w = weight(q);
    total += w;
    if (hasTerm(terms, q, known(q))) found += w;
  }
  return total > 0 ? found / total : 0;
}
