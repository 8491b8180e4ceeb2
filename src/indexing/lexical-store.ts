/**
 * BM25 over chunks with MiniSearch (title and text as separate fields). Document frequencies are kept beside the
 * index so that retrieval can weigh how much of a question a passage covers.
 */
import MiniSearch, { type Options, type SearchOptions } from "minisearch";
import { analyze, tokenize, toTerm } from "../text/analyze.js";

export interface LexicalDoc {
  /** Row number in the chunk store. */
  id: number;
  title: string;
  text: string;
}

export interface LexicalHit {
  label: number;
  score: number;
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

export const LEXICAL_ANALYZER_VERSION = 1;

const SEARCH: SearchOptions = {
  combineWith: "OR",
  boost: { title: 1.5 },
  bm25: { k: 1.2, b: 0.75, d: 0.5 },
};

const OPTIONS: Options<LexicalDoc> = {
  idField: "id",
  fields: ["title", "text"],
  tokenize: (text) => tokenize(text),
  processTerm: (token) => toTerm(token),
  searchOptions: SEARCH,
};

class MiniSearchStore implements LexicalStore {
  constructor(
    private readonly engine: MiniSearch<LexicalDoc>,
    private readonly df: Record<string, number>,
    readonly size: number,
  ) {}
  search(query: string, k: number): LexicalHit[] {
    let hits = this.engine.search(query);
    // Typo robustness: only when some query term is unknown to the corpus, retry with fuzzy and prefix matching,
    // so exact queries keep their full precision.
    const unknown = analyze(query).some((t) => this.df[t] === undefined);
    if (unknown)
      hits = this.engine.search(query, {
        fuzzy: (term) => (term.length >= 6 ? 0.34 : term.length >= 4 ? 0.25 : false),
        prefix: (term) => term.length >= 4,
      });
    return hits.slice(0, k).map((h) => ({ label: h.id as number, score: h.score }));
  }
  idf(term: string): number {
    const n = this.df[term] ?? 0;
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }
  has(term: string): boolean {
    return this.df[term] !== undefined;
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
  const engine = new MiniSearch<LexicalDoc>(OPTIONS);
  engine.addAll(docs);
  const df: Record<string, number> = {};
  for (const doc of docs)
    for (const term of new Set(analyze(`${doc.title}\n${doc.text}`))) df[term] = (df[term] ?? 0) + 1;
  return new MiniSearchStore(engine, df, docs.length);
}

export function loadLexical(data: SerializedLexical): LexicalStore {
  const engine = MiniSearch.loadJS<LexicalDoc>(data.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
  return new MiniSearchStore(engine, data.df, data.documentCount);
}
