/** What a line typed into `npm run chat` means: a question, or one of the chat's own commands. */

export type ChatInput = { kind: "empty" } | { kind: "help" } | { kind: "exit" } | { kind: "question"; text: string };

const HELP = new Set(["help", "?", "/help", "/?", "h", "/h"]);
const EXIT = new Set(["exit", "quit", "/exit", "/quit", "q", "/q", ":q"]);

/** Classify one line: "help", "?" and "/help" ask for help; "exit" and "quit" end the chat; anything else is asked. */
export function parseChatInput(line: string): ChatInput {
  const text = line.trim();
  if (text === "") return { kind: "empty" };
  const word = text.toLowerCase();
  if (HELP.has(word)) return { kind: "help" };
  if (EXIT.has(word)) return { kind: "exit" };
  return { kind: "question", text };
}

/** The chat's help: what to type, and how questions are answered. */
export function chatHelp(articles: number, mode: string): string {
  return [
    `quotebot answers questions about ${articles} articles by quoting them, with citations (it uses ${mode} search).`,
    "",
    "  <question>     ask anything, e.g. What is KICKICO?",
    "  help, ?        show this help",
    "  exit, quit     leave (or press Ctrl+D)",
    "",
    "Tips: ask about one thing at a time, with words an article would use. If nothing in the corpus answers,",
    "quotebot says so and names the closest articles.",
  ].join("\n");
}
