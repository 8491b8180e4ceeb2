import { describe, expect, it } from "vitest";
import { parseJsonlLine } from "../../src/corpus/load-jsonl.js";
import { ErrorCode } from "../../src/errors.js";

describe("parseJsonlLine", () => {
  it("given the documented fields then the article carries them", () => {
    const r = parseJsonlLine(
      JSON.stringify({ id: "a1", title: "T", text: "Body.", url: "https://x.test/a", published: "2020-01-02" }),
    );
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        id: "a1",
        title: "T",
        text: "Body.",
        url: "https://x.test/a",
        published: "2020-01-02",
      }),
    });
  });

  it("given dataset aliases (_id/newid, body/content, date) then they map to id, text and published", () => {
    expect(parseJsonlLine(JSON.stringify({ _id: "x", title: "T", body: "B.", date: "2019-05-05" }))).toMatchObject({
      ok: true,
      value: { id: "x", text: "B.", published: "2019-05-05" },
    });
    expect(parseJsonlLine(JSON.stringify({ newid: 17, title: "T", content: "C." }))).toMatchObject({
      ok: true,
      value: { id: "17", text: "C." },
    });
  });

  it("given bad lines then each is malformed with a reason", () => {
    const cases: [string, RegExp][] = [
      ["{not json", /not valid JSON/],
      ["[1,2]", /not a JSON object/],
      ["null", /not a JSON object/],
      [JSON.stringify({ title: "T" }), /missing `text`/],
      [JSON.stringify({ text: "Body." }), /missing `title`/],
      [JSON.stringify({ title: "  ", text: "Body." }), /missing `title`/],
    ];
    for (const [line, reason] of cases) {
      const r = parseJsonlLine(line);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(ErrorCode.CorpusFileMalformed);
        expect(r.error.reason).toMatch(reason);
      }
    }
  });
});
