/** Pure validation of a user's question: a clean string to search for, or a typed error saying what is wrong. */
import { stripVTControlCharacters } from "node:util";
import { ErrorCode } from "../errors.js";
import { analyze } from "../text/analyze.js";
import { stripChatMarkup } from "../text/chat-markup.js";
import { stripInvisible } from "../text/normalize.js";
import { err, ok, type Result } from "../types.js";

/**
 * MAX_QUESTION_CHARS when unset, and the length Discord's `/ask` and `/search` options are registered with, so
 * Discord stops a user at the length the validator accepts (tests/discord/commands.test.ts checks they agree).
 */
export const DEFAULT_MAX_QUESTION_CHARS = 1000;

export interface QuestionProblem {
  code: typeof ErrorCode.QuestionEmpty | typeof ErrorCode.QuestionTooLong | typeof ErrorCode.QuestionNoSearchableTerms;
  message: string;
}

export interface ValidQuestion {
  /**
   * The question as it will be shown back and searched: invisible and control characters, Discord markup (mentions,
   * custom emoji, timestamps) and URLs removed, spaces collapsed.
   */
  text: string;
  /** Its analyzed search terms, never empty. */
  terms: string[];
}

export function validateQuestion(raw: string, maxChars: number): Result<ValidQuestion, QuestionProblem> {
  // Whole terminal escape sequences go first, so "\x1b[31mKICKICO" does not leave "[31mKICKICO" behind; invisible
  // characters next, so "<@\u200B456>" is still recognised as a mention. Mention ids, emoji ids and URLs are no
  // words of the question: as search terms no article contains, they would sink its coverage.
  const visible = stripInvisible(stripVTControlCharacters(String(raw ?? "")).normalize("NFC"));
  const text = stripChatMarkup(visible).replace(/\s+/g, " ").trim();
  if (text === "")
    return err({
      code: ErrorCode.QuestionEmpty,
      message: 'The question is empty. Ask something about the articles, e.g. "What is KICKICO?"',
    });
  if (text.length > maxChars)
    return err({
      code: ErrorCode.QuestionTooLong,
      message: `The question is ${text.length} characters long; the limit is ${maxChars}. Ask about one thing at a time.`,
    });
  const terms = analyze(text);
  if (terms.length === 0)
    return err({
      code: ErrorCode.QuestionNoSearchableTerms,
      message:
        "The question has no searchable words (only common words, symbols or emoji). Name what you are looking for.",
    });
  return ok({ text, terms });
}
