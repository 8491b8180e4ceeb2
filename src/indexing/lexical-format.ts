/**
 * The BM25 index file (lexical.bin): a 32-byte header, then the arrays of LexicalData, each 8-byte aligned, in the
 * machine's (little-endian) byte order. Loading is a read and a few checks: the typed arrays are views on the file's
 * bytes, so nothing is parsed or copied, which is what keeps cold start short at scale.
 *
 *   0  "QBLEXIDX"          16  unigram count        28  byte length of the unigram text
 *   8  layout version      20  bigram count         32… docLengths u32[docs], postingStarts u32[terms + 1],
 *  12  chunk count         24  posting count             postingDocs u32[postings], bigramHashes u32[2 · bigrams],
 *                                                        postingFreqs u16[postings], unigrams (UTF-8, "\n"-joined)
 */
import { endianness } from "node:os";
import type { LexicalData } from "./lexical-store.js";

const MAGIC = "QBLEXIDX";
const LAYOUT_VERSION = 1;
const HEADER_BYTES = 32;

const align8 = (n: number) => Math.ceil(n / 8) * 8;

interface Layout {
  docLengths: number;
  postingStarts: number;
  postingDocs: number;
  bigramHashes: number;
  postingFreqs: number;
  unigrams: number;
  end: number;
}

function layout(docs: number, terms: number, postings: number, bigrams: number, unigramBytes: number): Layout {
  const docLengths = HEADER_BYTES;
  const postingStarts = align8(docLengths + docs * 4);
  const postingDocs = align8(postingStarts + (terms + 1) * 4);
  const bigramHashes = align8(postingDocs + postings * 4);
  const postingFreqs = align8(bigramHashes + bigrams * 8);
  const unigrams = align8(postingFreqs + postings * 2);
  return { docLengths, postingStarts, postingDocs, bigramHashes, postingFreqs, unigrams, end: unigrams + unigramBytes };
}

function requireLittleEndian(): void {
  if (endianness() !== "LE") throw new Error("the lexical index format is little-endian; this machine is not");
}

export function encodeLexical(data: LexicalData): Buffer {
  requireLittleEndian();
  const docs = data.docLengths.length;
  const terms = data.postingStarts.length - 1;
  const postings = data.postingDocs.length;
  const bigrams = data.bigramHashes.length / 2;
  const text = Buffer.from(data.unigrams.join("\n"), "utf8");
  const at = layout(docs, terms, postings, bigrams, text.length);
  const out = Buffer.alloc(at.end);
  out.write(MAGIC, 0, "latin1");
  for (const [offset, value] of [
    [8, LAYOUT_VERSION],
    [12, docs],
    [16, data.unigrams.length],
    [20, bigrams],
    [24, postings],
    [28, text.length],
  ] as const)
    out.writeUInt32LE(value, offset);
  const put = (array: Uint32Array | Uint16Array, offset: number) =>
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  put(data.docLengths, at.docLengths);
  put(data.postingStarts, at.postingStarts);
  put(data.postingDocs, at.postingDocs);
  put(data.bigramHashes, at.bigramHashes);
  put(data.postingFreqs, at.postingFreqs);
  text.copy(out, at.unigrams);
  return out;
}

/** Views on a lexical.bin file's bytes. Throws an Error naming the first inconsistency found. */
export function decodeLexical(file: Uint8Array): LexicalData {
  requireLittleEndian();
  // Typed-array views need aligned offsets; a Buffer from a small read may sit at any offset in a shared pool.
  const bytes = file.byteOffset % 8 === 0 ? file : new Uint8Array(file);
  if (bytes.length < HEADER_BYTES || Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString("latin1") !== MAGIC)
    throw new Error("not a quotebot lexical index");
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const u32 = (offset: number) => header.getUint32(offset, true);
  if (u32(8) !== LAYOUT_VERSION) throw new Error(`unknown lexical index layout ${u32(8)}`);
  const [docs, unigramCount, bigrams, postings, unigramBytes] = [u32(12), u32(16), u32(20), u32(24), u32(28)];
  const terms = unigramCount + bigrams;
  const at = layout(docs, terms, postings, bigrams, unigramBytes);
  if (at.end !== bytes.length) throw new Error(`the file is ${bytes.length} bytes; its header describes ${at.end}`);
  const view32 = (offset: number, length: number) => new Uint32Array(bytes.buffer, bytes.byteOffset + offset, length);
  const data: LexicalData = {
    docLengths: view32(at.docLengths, docs),
    postingStarts: view32(at.postingStarts, terms + 1),
    postingDocs: view32(at.postingDocs, postings),
    bigramHashes: view32(at.bigramHashes, bigrams * 2),
    postingFreqs: new Uint16Array(bytes.buffer, bytes.byteOffset + at.postingFreqs, postings),
    unigrams:
      unigramCount === 0
        ? []
        : Buffer.from(bytes.buffer, bytes.byteOffset + at.unigrams, unigramBytes)
            .toString("utf8")
            .split("\n"),
  };
  checkConsistency(data, docs);
  return data;
}

/** What search relies on: postings slices in order and in range, chunk numbers in range, one string per unigram. */
function checkConsistency(data: LexicalData, docs: number): void {
  const { postingStarts, postingDocs } = data;
  if (postingStarts[0] !== 0 || postingStarts[postingStarts.length - 1] !== postingDocs.length)
    throw new Error("the posting offsets do not cover the postings");
  for (let t = 1; t < postingStarts.length; t++)
    if (postingStarts[t]! < postingStarts[t - 1]!) throw new Error("the posting offsets are out of order");
  for (let p = 0; p < postingDocs.length; p++)
    if (postingDocs[p]! >= docs) throw new Error("a posting refers to a chunk that does not exist");
  const expected = postingStarts.length - 1 - data.bigramHashes.length / 2;
  if (data.unigrams.length !== expected) throw new Error("the vocabulary does not match the postings");
}
