/** `npm run ask -- [--k N] [--json] "question"`: answer one question from the index. */
import { Command } from "commander";
import { toJsonAnswer } from "../src/answer/render-json.js";
import { renderTerminal, terminalStyle } from "../src/answer/render-terminal.js";
import { runCli } from "../src/cli/main.js";
import { wholeNumber } from "../src/cli/options.js";
import { questionFromArgs } from "../src/cli/question-args.js";
import { Engine } from "../src/engine.js";
import { describeError, ExitCode, isQuotebotError } from "../src/errors.js";
import { useColor } from "../src/log.js";

const quoteCount = wholeNumber(1, 25);

const program = new Command()
  .name("ask")
  .description("Answer a question with quoted, cited passages from the corpus.")
  .argument("[question...]", "the question (quote it: words outside a quoted question are ignored)")
  .option("-k, --k <n>", "number of quotes", quoteCount)
  .option("--json", "print one JSON object on stdout")
  .parse();
const opts = program.opts<{ k?: number; json?: boolean }>();
const { question, ignored } = questionFromArgs(program.args);
if (ignored.length > 0)
  process.stderr.write(
    `warning: ignoring ${ignored.map((w) => JSON.stringify(w)).join(" ")} outside the quoted question; put every word of the question inside the quotes.\n`,
  );

await runCli(async ({ config, log }) => {
  const engine = await Engine.open(config, { log });
  try {
    const answer = await engine.ask(question, { k: opts.k });
    process.stdout.write(
      opts.json
        ? `${JSON.stringify(toJsonAnswer(answer))}\n`
        : `${renderTerminal(answer, terminalStyle(useColor(process.stdout)))}\n`,
    );
    return ExitCode.ok;
  } catch (e) {
    if (!isQuotebotError(e) || !e.code.startsWith("QUESTION_")) throw e;
    if (opts.json)
      process.stdout.write(`${JSON.stringify({ question, error: { code: e.code, message: e.message } })}\n`);
    process.stderr.write(`error: ${describeError(e)}\n`);
    return ExitCode.usage;
  } finally {
    await engine.close();
  }
});
