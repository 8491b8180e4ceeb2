/** `npm run build-index -- [--json]`: build or incrementally update the index from CORPUS_DIR. */
import { Command } from "commander";
import { runCli } from "../src/cli/main.js";
import { createProgress } from "../src/cli/progress.js";
import { buildIndex } from "../src/indexing/build-index.js";

const program = new Command()
  .name("build-index")
  .description("Index the articles in CORPUS_DIR (incremental and atomic).")
  .option("--json", "print one JSON summary line at the end")
  .parse();
const opts = program.opts<{ json?: boolean }>();

await runCli(async ({ config, log }) => {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const progress = createProgress(process.stderr.isTTY === true && !opts.json, say);
  say(`Indexing ${config.corpusDir} → ${config.indexDir}`);
  const s = await buildIndex({ config, log, progress });
  if (opts.json) {
    const { folder: _folder, warnings: _warnings, ...summary } = s;
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    say(
      `Indexed ${s.articles} articles as ${s.chunks} chunks (${s.embedded} embedded, ${s.reused} reused, ${s.removed} removed, ${s.skipped.length} skipped) in ${(s.durationMs / 1000).toFixed(1)} s. Mode: ${s.mode}${s.model ? ` (${s.model})` : ""}.`,
    );
  }
  return 0;
});
