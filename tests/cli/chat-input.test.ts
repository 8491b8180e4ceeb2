/** The chat's own commands versus questions. */
import { describe, expect, it } from "vitest";
import { parseChatInput } from "../../src/cli/chat-input.js";

describe("parseChatInput", () => {
  it("given help words, exit words, blanks and questions, then each is classified", () => {
    for (const h of ["help", " ? ", "/help", "HELP"]) expect(parseChatInput(h)).toEqual({ kind: "help" });
    for (const x of ["exit", "quit", "/quit", "Exit"]) expect(parseChatInput(x)).toEqual({ kind: "exit" });
    expect(parseChatInput("   ")).toEqual({ kind: "empty" });
    expect(parseChatInput(" help me find KICKICO ")).toEqual({ kind: "question", text: "help me find KICKICO" });
  });
});
