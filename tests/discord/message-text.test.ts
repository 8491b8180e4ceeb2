/** Message text to lookup queries: bot mentions stripped, mention/emoji ids removed, length bounded. */
import { describe, expect, it } from "vitest";
import { lookupText, mentionsBot, stripBotMention } from "../../src/discord/message-text.js";

describe("stripBotMention", () => {
  it("given both mention forms of the bot, then both are removed and spaces tidied", () => {
    expect(stripBotMention("<@123> what is  KICKICO? <@!123>", "123")).toBe("what is KICKICO?");
  });

  it("given only a mention, then nothing is left", () => {
    expect(stripBotMention("  <@123>  ", "123")).toBe("");
  });

  it("given another user's mention, then it stays", () => {
    expect(stripBotMention("<@123> ask <@456>", "123")).toBe("ask <@456>");
  });
});

describe("mentionsBot", () => {
  it("given either mention form, then it counts; another id or plain text does not", () => {
    expect(mentionsBot("hi <@123>", "123")).toBe(true);
    expect(mentionsBot("<@!123> hi", "123")).toBe(true);
    expect(mentionsBot("<@1234> hi", "123")).toBe(false);
    expect(mentionsBot("@quotebot hi", "123")).toBe(false);
  });
});

describe("lookupText", () => {
  it("given mentions, emoji and timestamps, then their ids do not become search words", () => {
    expect(lookupText("<@1> <@&2> <#3> <:blob:4> <t:1700000000:R> China ICO ban", 100)).toBe("China ICO ban");
  });

  it("given URLs, @everyone and slash-command mentions, then they do not become search words either", () => {
    expect(lookupText("@everyone https://example.com/x?utm=1 </ask:9> China ICO ban", 100)).toBe("China ICO ban");
  });

  it("given a long message, then it is cut at a word boundary within the limit", () => {
    const out = lookupText("word ".repeat(100), 42);
    expect(out.length).toBeLessThanOrEqual(42);
    expect(out.endsWith("word")).toBe(true);
  });
});
