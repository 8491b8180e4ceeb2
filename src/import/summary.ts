/** The one-line `--json` summary of `npm run import`: `{imported, skipped: [{url, reason}], updated, build}`. */
import type { BuildSummary } from "../indexing/build-index.js";
import type { ImportRun } from "./types.js";

export interface ImportSummary {
  /** New articles written. */
  imported: number;
  skipped: { url: string; reason: string }[];
  /** Earlier imports replaced because the page changed. */
  updated: number;
  /** The incremental build that followed, or null when nothing changed (or `--no-build`). */
  build: Omit<BuildSummary, "folder" | "warnings"> | null;
}

export function summarize(run: ImportRun, build: BuildSummary | null): ImportSummary {
  let summaryBuild: ImportSummary["build"] = null;
  if (build) {
    const { folder: _folder, warnings: _warnings, ...rest } = build;
    summaryBuild = rest;
  }
  return {
    imported: run.imported.filter((a) => !a.updated).length,
    skipped: run.skipped.map(({ url, reason }) => ({ url, reason })),
    updated: run.imported.filter((a) => a.updated).length,
    build: summaryBuild,
  };
}
