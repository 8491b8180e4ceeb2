/** BEIR-layout dataset folders for eval tests: slices of the shared datasets, or small hand-written ones. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The non-empty lines of one file of a BEIR folder (`corpus.jsonl`, `queries.jsonl`, `qrels/test.tsv`). */
export function beirLines(folder: string, file: string): string[] {
  return readFileSync(path.join(folder, file), "utf8").split("\n").filter(Boolean);
}

/** Write `dir` as a BEIR folder from its lines (rows may be objects, written as JSON). Returns `dir`. */
export function writeBeirFolder(
  dir: string,
  parts: { corpus: (string | object)[]; queries: (string | object)[]; qrels: string[] },
): string {
  const lines = (rows: (string | object)[]) =>
    `${rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n")}\n`;
  mkdirSync(path.join(dir, "qrels"), { recursive: true });
  writeFileSync(path.join(dir, "corpus.jsonl"), lines(parts.corpus));
  writeFileSync(path.join(dir, "queries.jsonl"), lines(parts.queries));
  writeFileSync(path.join(dir, "qrels", "test.tsv"), lines(parts.qrels));
  return dir;
}
