import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBeir, parseQrels } from "../../src/eval/load-beir.js";
import { writeBeirFolder } from "../helpers/beir.js";
import { tempDir } from "../helpers/env.js";

const t = tempDir("quotebot-beir-");
afterAll(() => t.cleanup());

function dataset(name: string, qrels: string): string {
  return writeBeirFolder(path.join(t.dir, name, "beir-format"), {
    corpus: [
      { _id: "d1", title: "One", text: "first" },
      { _id: 2, title: "", text: "second" },
    ],
    queries: [
      { _id: "q1", text: "query one" },
      { _id: "q2", text: "query two", metadata: {} },
      { _id: "q3", text: "train query" },
    ],
    qrels: qrels.split("\n").filter(Boolean),
  });
}

describe("loadBeir", () => {
  it("given a BEIR folder then documents, judged queries only and graded qrels are read, and the name skips beir-format", async () => {
    const dir = dataset("toy", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\t2\t2\nq2\td1\t0\n");
    const data = await loadBeir(dir);
    expect(data.name).toBe("toy");
    expect(data.docs).toEqual([
      { id: "d1", title: "One", text: "first" },
      { id: "2", title: "", text: "second" },
    ]);
    expect(data.queries.map((q) => q.id)).toEqual(["q1", "q2"]);
    expect(data.qrels.get("q2")).toEqual(new Map([["2", 2]]));
  });

  it("given --limit then only the first judged queries and their qrels are kept", async () => {
    const dir = dataset("toy-limit", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\t2\t1\n");
    const data = await loadBeir(dir, { limit: 1 });
    expect(data.queries.map((q) => q.id)).toEqual(["q1"]);
    expect([...data.qrels.keys()]).toEqual(["q1"]);
  });

  it("given a folder that is not in BEIR layout then it says which file is missing", async () => {
    await expect(loadBeir(t.dir)).rejects.toThrow(/corpus\.jsonl is missing/);
  });

  it("given a judged query absent from queries.jsonl then loading fails", async () => {
    const dir = dataset("toy-bad", "query-id\tcorpus-id\tscore\nq9\td1\t1\n");
    await expect(loadBeir(dir)).rejects.toThrow(/not in queries\.jsonl/);
  });

  it("given qrels with CRLF line ends then they parse the same", () => {
    expect(parseQrels("query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\n")).toEqual(new Map([["q1", new Map([["d1", 1]])]]));
  });
});
