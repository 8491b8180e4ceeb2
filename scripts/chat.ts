/** `npm run chat`: an interactive question-and-answer session in the terminal. */
import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import { renderTerminal, terminalStyle } from "../src/answer/render-terminal.js";
import { chatHelp, parseChatInput } from "../src/cli/chat-input.js";
import { runCli } from "../src/cli/main.js";
import { Engine } from "../src/engine.js";
import { describeError, isQuotebotError } from "../src/errors.js";
import { useColor } from "../src/log.js";

// --help and unknown options are handled here, before the index is opened.
new Command()
  .name("chat")
  .description(
    'Ask questions one after another; each is answered with quoted, cited passages. Type "help" in the chat for its commands, "exit" to leave.',
  )
  .parse();

await runCli(async ({ config, log }) => {
  const engine = await Engine.open(config, { log });
  const style = terminalStyle(useColor(process.stdout));
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const articles = engine.articles().length;
  process.stdout.write(
    `quotebot: ${articles} articles, ${engine.mode} search. Ask a question; type "help" for help, "exit" or Ctrl+D to quit.\n`,
  );
  rl.setPrompt("? ");
  rl.prompt();
  for await (const line of rl) {
    const input = parseChatInput(line);
    if (input.kind === "exit") break;
    if (input.kind === "help") process.stdout.write(`${chatHelp(articles, engine.mode)}\n\n`);
    if (input.kind === "question") {
      try {
        process.stdout.write(`${renderTerminal(await engine.ask(input.text), style)}\n\n`);
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
