/** The question in a command line's words: `ask What is KICKICO` and `ask "What is KICKICO?"` alike. */

export interface QuestionArgs {
  question: string;
  /** Words after a quoted question, left out of it (the caller says so on stderr). */
  ignored: string[];
}

/**
 * Unquoted words are joined into one question. When exactly one argument was quoted (it holds spaces) and other
 * words follow or precede it, the quoted argument is the question and the stray words ("… metaverse?" 456, a
 * pasted id) are left out: as search words no article contains they would only make the question harder to answer.
 */
export function questionFromArgs(args: readonly string[]): QuestionArgs {
  const quoted = args.filter((a) => /\s/.test(a.trim()));
  if (quoted.length === 1 && args.length > 1) {
    const question = quoted[0]!;
    return { question, ignored: args.filter((a) => a !== question && a.trim() !== "") };
  }
  return { question: args.join(" "), ignored: [] };
}
