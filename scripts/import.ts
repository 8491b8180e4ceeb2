/**
 * `npm run import -- URL…`, `--feed URL…`, `--limit N`, `--watch`, `--json`, `--no-build`: import article pages
 * and feeds into CORPUS_DIR, then run the incremental build. One line per skipped URL; the rest go on.
 */
import cliProgress from "cli-progress";
import { Command } from "commander";
import { runCli } from "../src/cli/main.js";
import { wholeNumber } from "../src/cli/options.js";
import { ErrorCode, ExitCode } from "../src/errors.js";
import { importFeeds } from "../src/import/import-feeds.js";
import { importPages } from "../src/import/import-pages.js";
import { createImporter } from "../src/import/importer.js";
import { summarize } from "../src/import/summary.js";
import type { ImportRun } from "../src/import/types.js";
import { startFeedWatch } from "../src/import/watch.js";
import { buildIndex } from "../src/indexing/build-index.js";

const program = new Command()
  .name("import")
  .description("Import article pages and feeds (RSS, Atom, JSON Feed) into CORPUS_DIR, then update the index.")
  .argument("[urls...]", "article pages to import")
  .option("--feed <urls...>", "feeds whose entries to import (newest first)")
  .option("--limit <n>", "entries per feed (default IMPORT_LIMIT)", wholeNumber(1, 1000))
  .option("--watch", "keep polling the feeds every IMPORT_INTERVAL_MINUTES (conditional requests)")
  .option("--json", "print one JSON summary line per run")
  .option("--no-build", "do not run the incremental build afterwards")
  .parse();
const urls = program.args;
const opts = program.opts<{ feed?: string[]; limit?: number; watch?: boolean; json?: boolean; build: boolean }>();

if (urls.length === 0 && !opts.feed?.length)
  program.error("give at least one URL or --feed URL", { exitCode: ExitCode.usage });
if (opts.watch && !opts.feed?.length) program.error("--watch needs --feed URL…", { exitCode: ExitCode.usage });

await runCli(async ({ config, log }) => {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const interactive = process.stderr.isTTY === true && !opts.json;
  const limit = opts.limit ?? config.import.limit;

  const report = async (run: ImportRun) => {
    for (const s of run.skipped) say(`skipped ${s.url}: ${s.reason}`);
    for (const a of run.imported) say(`${a.updated ? "updated" : "imported"} ${a.url} → ${a.file} (“${a.title}”)`);
    const build = opts.build && run.imported.length > 0 ? await buildIndex({ config, log }) : null;
    const summary = summarize(run, build);
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else
      say(
        `Imported ${summary.imported}, updated ${summary.updated}, skipped ${summary.skipped.length}.${build ? ` Index: ${build.articles} articles, ${build.chunks} chunks.` : ""}`,
      );
  };

  if (opts.watch) {
    say(`Watching ${opts.feed!.length} feed(s) every ${config.import.intervalMinutes} min; Ctrl-C stops.`);
    const watch = startFeedWatch({
      config: { ...config, import: { ...config.import, limit } },
      log,
      feeds: opts.feed!,
      onPoll: (result) => {
        if (result.imported.length === 0) {
          for (const s of result.skipped) say(`skipped ${s.url}: ${s.reason}`);
          if (opts.json) process.stdout.write(`${JSON.stringify(summarize(result, null))}\n`);
        }
      },
      afterImport: report,
    });
    await new Promise<void>((resolve) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const)
        process.once(signal, () => {
          watch.stop();
          resolve();
        });
    });
    return ExitCode.ok;
  }

  let bar: cliProgress.SingleBar | undefined;
  const importer = createImporter(config, log, { onUrlDone: () => bar?.increment() });
  const run: ImportRun = { imported: [], skipped: [] };
  if (opts.feed?.length) {
    const fromFeeds = await importFeeds(opts.feed, importer, limit, {
      onPages: (n) => {
        if (interactive && n > 0) {
          bar = new cliProgress.SingleBar(
            { format: "importing [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(n + urls.length, 0);
        }
      },
    });
    run.imported.push(...fromFeeds.imported);
    run.skipped.push(...fromFeeds.skipped);
  } else if (interactive) {
    bar = new cliProgress.SingleBar(
      { format: "importing [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(urls.length, 0);
  }
  if (urls.length > 0) {
    const direct = await importPages(urls, importer);
    run.imported.push(...direct.imported);
    run.skipped.push(...direct.skipped);
  }
  bar?.stop();
  await report(run);
  // Already-imported pages are not failures; a run where every other URL failed is.
  const failed = run.skipped.filter((s) => s.code !== ErrorCode.ImportDuplicate);
  return run.imported.length === 0 && failed.length > 0 ? ExitCode.failure : ExitCode.ok;
});
