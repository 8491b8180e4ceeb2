import { describe, expect, it } from "vitest";
import { parseTextArticle } from "../../src/corpus/load-text.js";
import { ErrorCode } from "../../src/errors.js";

describe("parseTextArticle", () => {
  it("given a .txt article then the first non-empty line is the title and the rest the body", () => {
    const r = parseTextArticle(
      "\n\nMt. Gox creditors paid\nThe estate distributed $4.5 billion.\n\nIt took ten years.\n",
    );
    expect(r).toEqual({
      ok: true,
      value: { title: "Mt. Gox creditors paid", text: "The estate distributed $4.5 billion.\n\nIt took ten years." },
    });
  });

  it("given boilerplate before the title then it is not mistaken for the title", () => {
    const r = parseTextArticle("Register now\nTop\nThe real title\nThe real body.");
    expect(r.ok && r.value.title).toBe("The real title");
  });

  it("given only a title line then the file is malformed, and given only whitespace then it is empty", () => {
    expect(parseTextArticle("Just a title\n")).toMatchObject({
      ok: false,
      error: { code: ErrorCode.CorpusFileMalformed },
    });
    expect(parseTextArticle(" \n\t\n")).toMatchObject({ ok: false, error: { code: ErrorCode.CorpusFileEmpty } });
  });
});
