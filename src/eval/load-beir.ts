/**
 * Read a dataset in BEIR layout: `corpus.jsonl` ({_id, title, text}), `queries.jsonl` ({_id, text}) and
 * `qrels/<split>.tsv` (header, then `query-id \t corpus-id \t score`). Only queries judged in the split are kept,
 * in `queries.jsonl` order; a grade ≤ 0 means "not relevant" and is dropped, as in BEIR's own evaluation.
 */
import { createReadStream } from "node:fs";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { asString } from "../corpus/draft.js";

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
  /** Gold answer strings, for datasets whose queries carry them (`metadata.answers`: SQuAD, news-qa-dev). */
  answers?: string[];
  /** The question's kind, where the dataset says (news-qa-dev: keywords, paraphrase, why, casual). */
  kind?: string;
}

/** Query id → (document id → relevance grade > 0). */
export type Qrels = Map<string, Map<string, number>>;

export interface BeirDataset {
  /** The folder's name, e.g. `beir-scifact` (`squad-v1.1-dev` for `…/squad-v1.1-dev/beir-format`). */
  name: string;
  docs: BeirDoc[];
  queries: BeirQuery[];
  qrels: Qrels;
}

export interface LoadBeirOptions {
  split?: string;
  /** Keep only the first `limit` judged queries. */
  limit?: number;
}

async function* jsonLines(file: string): AsyncGenerator<{ row: Record<string, unknown>; line: number }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      throw new Error(`${file}:${line} is not valid JSON.`);
    }
    if (row === null || typeof row !== "object" || Array.isArray(row))
      throw new Error(`${file}:${line} is not a JSON object.`);
    yield { row: row as Record<string, unknown>, line };
  }
}

export function parseQrels(tsv: string): Qrels {
  const qrels: Qrels = new Map();
  for (const [i, raw] of tsv.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || (i === 0 && /query-id/i.test(line))) continue;
    const [qid, did, grade] = line.split("\t");
    const g = Number(grade);
    if (qid === undefined || did === undefined || !Number.isFinite(g))
      throw new Error(`qrels line ${i + 1} is malformed.`);
    if (g <= 0) continue;
    const rel = qrels.get(qid) ?? new Map<string, number>();
    rel.set(did, g);
    qrels.set(qid, rel);
  }
  return qrels;
}

function answersOf(metadata: unknown): string[] | undefined {
  if (metadata === null || typeof metadata !== "object") return undefined;
  const raw = (metadata as { answers?: unknown }).answers;
  if (!Array.isArray(raw)) return undefined;
  const answers = raw.filter((a): a is string => typeof a === "string" && a.trim() !== "");
  return answers.length > 0 ? answers : undefined;
}

export async function loadBeir(dir: string, options: LoadBeirOptions = {}): Promise<BeirDataset> {
  const split = options.split ?? "test";
  const files = {
    corpus: path.join(dir, "corpus.jsonl"),
    queries: path.join(dir, "queries.jsonl"),
    qrels: path.join(dir, "qrels", `${split}.tsv`),
  };
  for (const file of Object.values(files))
    await access(file).catch(() => {
      throw new Error(
        `${file} is missing: --dataset must be a folder in BEIR layout (corpus.jsonl, queries.jsonl, qrels/${split}.tsv).`,
      );
    });
  let qrels = parseQrels(await readFile(files.qrels, "utf8"));

  const queries: BeirQuery[] = [];
  for await (const { row, line } of jsonLines(files.queries)) {
    const id = asString(row._id);
    const text = asString(row.text);
    if (id === undefined || text === undefined) throw new Error(`${files.queries}:${line} lacks _id or text.`);
    if (!qrels.has(id)) continue;
    const answers = answersOf(row.metadata);
    const kind = asString((row.metadata as { kind?: unknown } | undefined)?.kind);
    queries.push({ id, text, ...(answers ? { answers } : {}), ...(kind ? { kind } : {}) });
  }
  const found = new Set(queries.map((q) => q.id));
  const missing = [...qrels.keys()].filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new Error(`${missing.length} judged queries are not in queries.jsonl (e.g. ${missing[0]}).`);
  const kept = options.limit !== undefined ? queries.slice(0, options.limit) : queries;
  if (kept.length < queries.length) qrels = new Map(kept.map((q) => [q.id, qrels.get(q.id)!]));

  const docs: BeirDoc[] = [];
  for await (const { row, line } of jsonLines(files.corpus)) {
    const id = asString(row._id);
    if (id === undefined) throw new Error(`${files.corpus}:${line} lacks _id.`);
    docs.push({ id, title: asString(row.title) ?? "", text: asString(row.text) ?? "" });
  }
  const base = path.basename(path.resolve(dir));
  const name = base === "beir-format" ? path.basename(path.dirname(path.resolve(dir))) : base;
  return { name, docs, queries: kept, qrels };
}
