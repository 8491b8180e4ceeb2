/**
 * The manifest describes an index folder completely: what built it, what it holds, and a sha256 of every file.
 * An index is only loaded after its manifest parses and every checksum matches, because hnswlib-node can crash the
 * process on a corrupt graph file.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ErrorCode, QuotebotError } from "../errors.js";

export const INDEX_FORMAT_VERSION = 1;

export const IndexFiles = {
  manifest: "manifest.json",
  chunks: "chunks.json",
  lexical: "lexical.bin",
  vectors: "vectors.f32",
  hnsw: "vectors.hnsw",
} as const;

const FileEntry = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const ManifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  createdAt: z.string(),
  mode: z.enum(["hybrid", "lexical"]),
  model: z
    .object({
      id: z.string(),
      dtype: z.string(),
      dimension: z.number().int().positive(),
      pooling: z.enum(["cls", "mean"]),
      queryPrefix: z.string(),
      /** What each vector embeds (`PASSAGE_FORMAT`); absent: the chunk's text alone. */
      passageFormat: z.string().optional(),
    })
    .nullable(),
  tokenizer: z.string(),
  space: z.literal("cosine"),
  hnsw: z.object({ M: z.number().int(), efConstruction: z.number().int(), efSearch: z.number().int() }).nullable(),
  chunking: z.object({
    maxTokens: z.number().int(),
    overlapTokens: z.number().int(),
    /** `SEGMENTER_VERSION` of the sentence splitter that cut the chunks (absent: the first). */
    segmenter: z.number().int().optional(),
  }),
  lexicalAnalyzer: z.number().int(),
  count: z.number().int().nonnegative(),
  articles: z.record(
    z.string(),
    z.object({ hash: z.string(), source: z.string(), chunks: z.number().int().nonnegative() }),
  ),
  files: z.record(z.string(), FileEntry),
});

export type Manifest = z.infer<typeof ManifestSchema>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function describeFile(file: string): Promise<z.infer<typeof FileEntry>> {
  const [st, sha256] = await Promise.all([stat(file), sha256File(file)]);
  return { bytes: st.size, sha256 };
}

const REBUILD = "Rebuild it with `npm run build-index`.";

/** Read and validate a folder's manifest, without checking the files it lists. Throws a QuotebotError. */
export async function readManifest(dir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, IndexFiles.manifest), "utf8");
  } catch {
    const folderExists = (await stat(dir).catch(() => undefined))?.isDirectory() === true;
    if (!folderExists)
      throw new QuotebotError(
        ErrorCode.IndexMissing,
        `No index found at ${dir}.`,
        "Build one with `npm run build-index`.",
      );
    throw new QuotebotError(
      ErrorCode.IndexCorrupt,
      `The index in ${dir} is incomplete: ${IndexFiles.manifest} is missing or unreadable.`,
      REBUILD,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new QuotebotError(ErrorCode.IndexCorrupt, `The index manifest in ${dir} is not valid JSON.`, REBUILD);
  }
  if (json && typeof json === "object" && "formatVersion" in json && json.formatVersion !== INDEX_FORMAT_VERSION)
    throw new QuotebotError(
      ErrorCode.IndexIncompatible,
      `The index in ${dir} has format version ${String(json.formatVersion)}; this quotebot reads version ${INDEX_FORMAT_VERSION}.`,
      REBUILD,
    );
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new QuotebotError(
      ErrorCode.IndexCorrupt,
      `The index manifest in ${dir} is malformed (${parsed.error.issues[0]?.message}).`,
      REBUILD,
    );
  const manifest = parsed.data;
  if (manifest.mode === "hybrid" && (!manifest.model || !manifest.hnsw))
    throw new QuotebotError(
      ErrorCode.IndexCorrupt,
      `The index manifest in ${dir} says "hybrid" but does not describe its model and graph.`,
      REBUILD,
    );
  return manifest;
}

/** Parse and verify a manifest and every file it lists. Throws a QuotebotError that says what to do. */
export async function verifyIndexFolder(dir: string): Promise<Manifest> {
  const manifest = await readManifest(dir);
  // The lexical file is required by `loadIndexFolder`, not here: an index from an older analyzer has another one,
  // and its chunks and vectors are still worth reusing in an incremental build.
  const required: string[] = [IndexFiles.chunks];
  if (manifest.mode === "hybrid") required.push(IndexFiles.vectors, IndexFiles.hnsw);
  for (const name of required)
    if (!manifest.files[name])
      throw new QuotebotError(ErrorCode.IndexCorrupt, `The index manifest in ${dir} does not list ${name}.`, REBUILD);
  for (const [name, expected] of Object.entries(manifest.files)) {
    if (name.includes("/") || name.includes("\\") || name.startsWith("."))
      throw new QuotebotError(
        ErrorCode.IndexCorrupt,
        `The index manifest in ${dir} lists an invalid file name.`,
        REBUILD,
      );
    const file = path.join(dir, name);
    const st = await stat(file).catch(() => undefined);
    if (!st) throw new QuotebotError(ErrorCode.IndexCorrupt, `The index file ${name} is missing from ${dir}.`, REBUILD);
    if (st.size !== expected.bytes)
      throw new QuotebotError(
        ErrorCode.IndexCorrupt,
        `The index file ${name} in ${dir} is ${st.size} bytes, but the manifest says ${expected.bytes} (truncated or replaced).`,
        REBUILD,
      );
    if (name === IndexFiles.vectors && manifest.model && st.size !== manifest.count * manifest.model.dimension * 4)
      throw new QuotebotError(
        ErrorCode.IndexIncompatible,
        `The index file ${name} in ${dir} does not hold ${manifest.count} vectors of dimension ${manifest.model.dimension}.`,
        REBUILD,
      );
    if ((await sha256File(file)) !== expected.sha256)
      throw new QuotebotError(
        ErrorCode.IndexCorrupt,
        `The index file ${name} in ${dir} is corrupt (checksum mismatch).`,
        REBUILD,
      );
  }
  return manifest;
}
