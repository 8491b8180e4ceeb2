/** The registered commands agree with what their handlers accept. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import * as ask from "../../src/discord/commands/ask.js";
import * as search from "../../src/discord/commands/search.js";

describe("registered option limits", () => {
  it("given the default configuration, then /ask's question and /search's query options allow exactly MAX_QUESTION_CHARS", () => {
    const max = loadConfig({ env: {}, cwd: process.cwd(), dotenv: false }).retrieval.maxQuestionChars;
    const option = (json: { options?: { name: string; max_length?: number }[] }, name: string) =>
      json.options?.find((o) => o.name === name)?.max_length;
    expect(option(ask.data.toJSON(), "question")).toBe(max);
    expect(option(search.data.toJSON(), "query")).toBe(max);
  });
});
