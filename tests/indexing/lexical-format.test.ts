/** lexical.bin: a round trip keeps every array, and each kind of damage is refused with a reason, never read. */
import { describe, expect, it } from "vitest";
import { buildLexicalData } from "../../src/indexing/build-lexical.js";
import { decodeLexical, encodeLexical } from "../../src/indexing/lexical-format.js";
import { createLexicalStore } from "../../src/indexing/lexical-store.js";

const docs = [
  { title: "Bitpowr", text: "Bitpowr processed $1 billion in transactions for African fintechs." },
  { title: "Mt. Gox", text: "A Russian national was charged over the Mt. Gox hack. Über-café naïve résumé." },
  { title: "", text: "" },
];
const data = buildLexicalData(docs);
const bytes = encodeLexical(data);

describe("lexical.bin", () => {
  it("given an encoded index then decoding gives back every array and the vocabulary, accents included", () => {
    const back = decodeLexical(bytes);
    expect(back.unigrams).toEqual(data.unigrams);
    expect(back.unigrams).toContain("über");
    for (const key of ["docLengths", "postingStarts", "postingDocs", "postingFreqs", "bigramHashes"] as const)
      expect(Array.from(back[key])).toEqual(Array.from(data[key]));
  });

  it("given an empty corpus then it round-trips to an index that finds nothing", () => {
    const empty = createLexicalStore(decodeLexical(encodeLexical(buildLexicalData([]))));
    expect(empty.size).toBe(0);
    expect(empty.search("anything", 5)).toEqual([]);
  });

  it("given the bytes at an odd offset in a larger buffer then decoding still works (views need alignment)", () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const store = createLexicalStore(decodeLexical(shifted.subarray(3)));
    expect(store.search("Gox hack", 5).map((h) => h.label)).toEqual([1]);
  });

  it("given damaged bytes then each is refused with what is wrong", () => {
    const damaged = (edit: (b: Buffer) => Buffer) => () => decodeLexical(edit(Buffer.from(bytes)));
    const setU32 = (offset: number, value: number) => (b: Buffer) => {
      b.writeUInt32LE(value, offset);
      return b;
    };
    expect(damaged((b) => b.fill(0, 0, 8))).toThrow(/not a quotebot lexical index/);
    expect(damaged((b) => b.subarray(0, 20))).toThrow(/not a quotebot lexical index/);
    expect(damaged(setU32(8, 9))).toThrow(/unknown lexical index layout 9/);
    expect(damaged((b) => b.subarray(0, b.length - 1))).toThrow(/header describes/);
    expect(damaged((b) => Buffer.concat([b, Buffer.alloc(8)]))).toThrow(/header describes/);
    // First posting offset (right after the chunk lengths) set past the end of the postings.
    const starts = Math.ceil((32 + 3 * 4) / 8) * 8;
    expect(damaged(setU32(starts + 4, 0xffff))).toThrow(/posting offsets/);
  });
});
