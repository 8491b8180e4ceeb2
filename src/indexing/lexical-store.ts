/**
 * BM25 over chunks with MiniSearch: one field (title + text), the project analyzer plus adjacent-word bigrams
 * (weighted 1/4), Lucene BM25 with k1 = 1.2, b = 0.9. Tuned on SciFact and SQuAD; see docs/quality.md.
 *
 * MiniSearch departs from plain BM25 in three ways, each measured to cost 0.005–0.04 nDCG@10, and each undone here:
 *  1. `search` multiplies a document's score by the number of distinct query terms it matched (a "coord" factor):
 *     `search` below divides it back out.
 *  2. A field's length is the number of *unique* strings `tokenize` returns, not the number of tokens: repeated
 *     terms are tagged ("cell\u00002") so every token is unique, and `processTerm` strips the tag again, so term
 *     frequencies and the vocabulary are unchanged while the length is the true token count.
 *  3. Its default is BM25+ (d = 0.5): set to plain BM25 (d = 0).
 * Document frequencies of unigram terms are kept beside the index: retrieval weighs question coverage with them,
 * and a query word missing from them is the only kind matched fuzzily (a typo, not a rare word).
 */
import MiniSearch, { type Options, type SearchOptions } from "minisearch";
import { analyze, isBigram, withBigrams } from "../text/analyze.js";

export interface LexicalDoc {
  /** Row number in the chunk store. */
  id: number;
  title: string;
  text: string;
}

export interface LexicalHit {
  label: number;
  score: number;
  /** The question's unigram terms this chunk contains, exactly or (for a misspelt word) fuzzily. */
  matched: string[];
}

export interface LexicalStore {
  readonly size: number;
  search(query: string, k: number): LexicalHit[];
  /** Inverse document frequency of an analyzed term (BM25 form, ≥ 0). */
  idf(term: string): number;
  /** Whether any chunk contains the analyzed term. */
  has(term: string): boolean;
  toJSON(): SerializedLexical;
}

export interface SerializedLexical {
  engine: "minisearch";
  /** Bumped whenever the analyzer or scoring changes, so stale indexes are rebuilt. */
  analyzer: number;
  documentCount: number;
  df: Record<string, number>;
  index: unknown;
}

export const LEXICAL_ANALYZER_VERSION = 3;

/** BM25 parameters and the bigram weight, measured best on SciFact and SQuAD together (docs/quality.md). */
export const BM25 = { k1: 1.2, b: 0.9, bigramWeight: 0.25 } as const;

/**
 * Edits allowed when matching an out-of-vocabulary query word, as Lucene's "AUTO" fuzziness: none up to 2 letters,
 * 1 for 3–5, 2 from 6 (so a swapped pair, "patnets", still reaches "patent"). Measured against MiniSearch's
 * 0.2 × length, against no fuzzy matching, and (by the BM25 study) against fuzzy matching of every word and prefix
 * matching, which both cost precision on clean queries (docs/quality.md, "Typos"). Numbers are never fuzzy: 2019 is
 * not a typo of 2017.
 */
export function fuzzyEdits(term: string): number {
  if (/\p{N}/u.test(term)) return 0;
  return term.length >= 6 ? 2 : term.length >= 3 ? 1 : 0;
}

const TAG = "\u0000";

/** Analyzed terms and bigrams, repeats tagged so that MiniSearch's field length is the token count (see above). */
function tokenizeForIndex(text: string): string[] {
  const seen = new Map<string, number>();
  return withBigrams(analyze(text)).map((term) => {
    const n = (seen.get(term) ?? 0) + 1;
    seen.set(term, n);
    return n === 1 ? term : `${term}${TAG}${n}`;
  });
}

function stripTag(term: string): string {
  const i = term.indexOf(TAG);
  return i < 0 ? term : term.slice(0, i);
}

const SEARCH: SearchOptions = {
  combineWith: "OR",
  bm25: { k: BM25.k1, b: BM25.b, d: 0 },
  boostTerm: (term) => (isBigram(term) ? BM25.bigramWeight : 1),
};

interface Body {
  id: number;
  body: string;
}

const OPTIONS: Options<Body> = {
  idField: "id",
  fields: ["body"],
  storeFields: [],
  tokenize: tokenizeForIndex,
  processTerm: stripTag,
  searchOptions: SEARCH,
};

class MiniSearchStore implements LexicalStore {
  constructor(
    private readonly engine: MiniSearch<Body>,
    private readonly df: Record<string, number>,
    readonly size: number,
  ) {}

  search(query: string, k: number): LexicalHit[] {
    const fuzzy = (term: string) => (isBigram(term) || this.has(term) ? false : fuzzyEdits(term));
    return this.engine
      .search(query, { fuzzy })
      .map((r) => ({
        label: r.id as number,
        // Undo MiniSearch's coord factor: plain summed BM25.
        score: r.score / Math.max(1, r.queryTerms.length),
        matched: r.queryTerms.filter((t) => !isBigram(t)),
      }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k);
  }

  idf(term: string): number {
    const n = this.df[term] ?? 0;
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  has(term: string): boolean {
    return Object.hasOwn(this.df, term);
  }

  toJSON(): SerializedLexical {
    return {
      engine: "minisearch",
      analyzer: LEXICAL_ANALYZER_VERSION,
      documentCount: this.size,
      df: this.df,
      index: this.engine.toJSON(),
    };
  }
}

export function buildLexical(docs: LexicalDoc[]): LexicalStore {
  const engine = new MiniSearch<Body>(OPTIONS);
  const df: Record<string, number> = Object.create(null);
  const bodies = docs.map((doc) => {
    const body = `${doc.title}\n${doc.text}`;
    for (const term of new Set(analyze(body))) df[term] = (df[term] ?? 0) + 1;
    return { id: doc.id, body };
  });
  engine.addAll(bodies);
  return new MiniSearchStore(engine, df, docs.length);
}

export function loadLexical(data: SerializedLexical): LexicalStore {
  const engine = MiniSearch.loadJS<Body>(data.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
  const df: Record<string, number> = Object.assign(Object.create(null), data.df);
  return new MiniSearchStore(engine, df, data.documentCount);
}
