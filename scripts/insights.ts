/**
 * `npm run insights -- [--days N] [--guild ID] [--limit N] [--json]`: what the corpus could not answer lately,
 * from the bot's database (DATA_DIR/quotebot.db) and feedback file: declined questions, answers that got 👎 and
 * the most asked topics. Read-only: the database is opened read-only and nothing is pruned or created.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Command } from "commander";
import { runCli } from "../src/cli/main.js";
import { wholeNumber } from "../src/cli/options.js";
import { readFeedback } from "../src/discord/feedback.js";
import { ErrorCode, ExitCode, QuotebotError } from "../src/errors.js";
import { BotStore } from "../src/store/bot-store.js";
import { buildInsights, formatInsights } from "../src/store/insights.js";
import { DATABASE_FILE, storeProblem } from "../src/store/open-database.js";

const DAY_MS = 24 * 60 * 60 * 1000;

const program = new Command()
  .name("insights")
  .description("Show what the corpus could not answer: declined questions, 👎 answers and the most asked topics.")
  .option("--days <n>", "how many days back", wholeNumber(1, 3650), 7)
  .option("--guild <id>", "one server only (default: every server)")
  .option("--limit <n>", "entries per list", wholeNumber(1, 100), 10)
  .option("--json", "print one JSON object on stdout")
  .parse();
const opts = program.opts<{ days: number; guild?: string; limit: number; json?: boolean }>();

await runCli(async ({ config, log }) => {
  const file = path.join(config.dataDir, DATABASE_FILE);
  if (!existsSync(file))
    throw new QuotebotError(
      ErrorCode.StoreUnavailable,
      `There is no bot database at ${file} yet.`,
      "It is created when the bot (npm start) first runs; set DATA_DIR if it lives elsewhere.",
    );
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    db.pragma("user_version", { simple: true });
  } catch (e) {
    throw storeProblem(file, e);
  }
  const store = new BotStore({ db, persistent: true, file }, log);
  try {
    const until = Date.now();
    const since = until - opts.days * DAY_MS;
    const events = store.questionEvents(opts.guild, since);
    const votes = await readFeedback(config.discord.feedbackFile);
    const report = buildInsights(events, votes, {
      since,
      until,
      limit: opts.limit,
      ...(opts.guild ? { guildId: opts.guild } : {}),
    });
    process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatInsights(report)}\n`);
    return ExitCode.ok;
  } finally {
    store.close();
  }
});
