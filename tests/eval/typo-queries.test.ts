import { describe, expect, it } from "vitest";
import { typoQueries } from "../../src/eval/typo-queries.js";
import { analyze } from "../../src/text/analyze.js";

describe("typoQueries", () => {
  const queries = [
    { id: "1", text: "Which patents did Huawei register?" },
    { id: "2", text: "Is it so?" },
  ];

  it("given the same seed then the same typos, one edit in one content word, first letter kept", () => {
    const a = typoQueries(queries);
    expect(a).toEqual(typoQueries(queries));
    const changed = a[0]!.text.split(" ").filter((w, i) => w !== queries[0]!.text.split(" ")[i]);
    expect(changed).toHaveLength(1);
    const original = queries[0]!.text.split(" ").find((w) => !a[0]!.text.split(" ").includes(w))!;
    expect(changed[0]![0]).toBe(original[0]);
    expect(analyze(a[0]!.text)).not.toEqual(analyze(queries[0]!.text));
  });

  it("given a query without a word of five letters then it is unchanged", () => {
    expect(typoQueries(queries)[1]).toEqual(queries[1]);
  });
});
