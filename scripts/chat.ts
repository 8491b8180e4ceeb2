/** `npm run chat`: an interactive question-and-answer session in the terminal. */
import { createInterface } from "node:readline/promises";
import { renderTerminal, terminalStyle } from "../src/answer/render-terminal.js";
import { runCli } from "../src/cli/main.js";
import { Engine } from "../src/engine.js";
import { describeError, isQuotebotError } from "../src/errors.js";
import { useColor } from "../src/log.js";

await runCli(async ({ config, log }) => {
  const engine = await Engine.open(config, { log });
  const style = terminalStyle(useColor(process.stdout));
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  process.stdout.write(
    `quotebot: ${engine.articles().length} articles, ${engine.mode} search. Ask a question; type "exit" or press Ctrl+D to quit.\n`,
  );
  rl.setPrompt("? ");
  rl.prompt();
  for await (const line of rl) {
    const q = line.trim();
    if (q === "exit" || q === "quit") break;
    if (q !== "") {
      try {
        process.stdout.write(`${renderTerminal(await engine.ask(q), style)}\n\n`);
      } catch (e) {
        process.stdout.write(`${isQuotebotError(e) ? describeError(e) : "Something went wrong; see the log."}\n\n`);
        if (!isQuotebotError(e)) log.error({ err: e }, "chat question failed");
      }
    }
    rl.prompt();
  }
  rl.close();
  await engine.close();
  return 0;
});
