/** Discord markup in questions (stripped before validation and search) and in what the bot writes (made inert). */
import { describe, expect, it } from "vitest";
import { validateQuestion } from "../../src/retrieval/validate-question.js";
import { neutralizeMentions, stripChatMarkup } from "../../src/text/chat-markup.js";

const CLEAN = "What did Huawei do in the metaverse?";

/** The examples and every other token kind: each must validate exactly like the clean question. */
const NOISY = [
  `${CLEAN} <@456>`,
  `${CLEAN} <@!456>`,
  `<@&123> ${CLEAN}`,
  `<#123> ${CLEAN}`,
  `@everyone ${CLEAN}`,
  `@here ${CLEAN}`,
  `${CLEAN} https://example.com/article?utm_source=discord&utm_medium=share`,
  `${CLEAN} <https://example.com/suppressed-embed>`,
  `${CLEAN} <:thonk:123456789012345678>`,
  `${CLEAN} <a:partyblob:123456789012345678>`,
  `${CLEAN} <t:1700000000:R>`,
  `${CLEAN} <t:1700000000>`,
  `</ask:1234567890> ${CLEAN}`,
  `</settings show:1234567890> ${CLEAN}`,
  `<@1234> <@friend> ${CLEAN}`,
  `@everyone <@&123> <@456> ${CLEAN} <:thonk:1> www.example.com/x`,
  `<@\u200B456> ${CLEAN}`,
];

describe("stripChatMarkup", () => {
  it("given each kind of Discord token around a question, then the question alone is left", () => {
    for (const noisy of NOISY.filter((q) => !q.includes("\u200B"))) expect(stripChatMarkup(noisy)).toBe(CLEAN);
  });

  it("given a masked link, then its label stays and its URL goes", () => {
    expect(stripChatMarkup("What is [KICKICO](https://evil.example/x)?")).toBe("What is KICKICO?");
  });

  it("given plain text with @ and < in it, then nothing is removed", () => {
    const plain = "Is 3 < 4 and did bob@example.com email @ChainMaker about <b> tags?";
    expect(stripChatMarkup(plain)).toBe(plain);
  });
});

describe("validateQuestion with Discord markup", () => {
  it("given the clean question with any Discord token or URL added, then the validated text and terms are the clean question's", () => {
    const clean = validateQuestion(CLEAN, 1000);
    expect(clean.ok).toBe(true);
    for (const noisy of NOISY)
      expect({ noisy, result: validateQuestion(noisy, 1000) }).toEqual({ noisy, result: clean });
  });

  it("given a question made only of mentions and a URL, then it is refused as empty", () => {
    const r = validateQuestion("<@1> <@&2> @everyone https://example.com", 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("QUESTION_EMPTY");
  });
});

describe("neutralizeMentions", () => {
  it("given every token kind, then none is left for Discord to parse, and the visible text is unchanged", () => {
    const text = "@everyone @here <@1> <@!2> <@&3> <#4> <:e:5> <a:e:6> <t:7:R> </ask:8> <id:browse>";
    const out = neutralizeMentions(text);
    expect(out).not.toMatch(/<(@|#|\/|a?:|t:|id:)|@(everyone|here)/);
    expect(out.replace(/\u200B/g, "")).toBe(text);
    expect(neutralizeMentions(out)).toBe(out);
  });
});
