/** Turning a Discord message into something to look up: mentions, emoji and markup removed, length bounded. */
import { stripChatMarkup } from "../text/chat-markup.js";

/** Whether the text @mentions the bot (`<@id>`, or the legacy `<@!id>`). */
export function mentionsBot(content: string, botId: string): boolean {
  return content.includes(`<@${botId}>`) || content.includes(`<@!${botId}>`);
}

/** Remove every mention of the bot (`<@id>` or the legacy `<@!id>`) and tidy the spaces left behind. */
export function stripBotMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, "g"), " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Message text as a search query: Discord markup and URLs removed as for every question (their ids would become
 * search terms), whitespace collapsed, and cut at a word boundary to `maxChars`.
 */
export function lookupText(content: string, maxChars: number): string {
  const text = stripChatMarkup(content).replace(/\s+/g, " ").trim();
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars + 1);
  const space = head.lastIndexOf(" ");
  return (space > maxChars / 2 ? head.slice(0, space) : text.slice(0, maxChars)).trim();
}
