/**
 * Discord markup in text people type: stripped from questions (its ids and URLs would become search words that no
 * article contains) and made inert in text the bot writes (so Discord draws no mention pill or emoji for it).
 */

// Mentions of users (<@1>, legacy <@!1>), roles (<@&1>) and channels (<#1>). Ids are snowflakes; anything else
// between "<@" and ">" (a pasted "<@friend>") is no word of a question either.
const MENTION = /<(?:@[!&]?|#)[^\s<>]+>/g;
// Custom emoji <:name:id> and animated <a:name:id>.
const CUSTOM_EMOJI = /<a?:[\w~-]+:\d+>/g;
// Timestamps <t:1700000000> and <t:1700000000:R>.
const TIMESTAMP = /<t:-?\d+(?::[a-zA-Z])?>/g;
// Slash-command mentions </ask:1>, </group sub:1>.
const SLASH_COMMAND = /<\/[^\s<>:]+(?: [^\s<>:]+){0,2}:\d+>/g;
// Guild navigation <id:customize>, <id:browse>, <id:guide>, <id:linked-roles:1>.
const GUILD_NAVIGATION = /<id:[\w-]+(?::\d+)?>/g;
const EVERYONE = /(?<![\w@])@(?:everyone|here)\b/gi;
// Masked links keep their label: "[KICKICO](https://…)" → "KICKICO".
const MASKED_LINK = /\[([^\]\n]*)\]\(\s*<?(?:https?:\/\/|www\.)[^)\s]*>?\s*\)/gi;
// Bare URLs, also in Discord's embed-suppressing <https://…> form.
const URL = /<?\b(?:https?:\/\/|www\.)[^\s<>]+>?/gi;

/**
 * `text` without Discord mentions, @everyone/@here, custom emoji, timestamps, slash-command mentions and URLs
 * (a masked link keeps its label), with the spaces left behind collapsed.
 */
export function stripChatMarkup(text: string): string {
  return text
    .replace(MASKED_LINK, "$1")
    .replace(URL, " ")
    .replace(MENTION, " ")
    .replace(CUSTOM_EMOJI, " ")
    .replace(TIMESTAMP, " ")
    .replace(SLASH_COMMAND, " ")
    .replace(GUILD_NAVIGATION, " ")
    .replace(EVERYONE, " ")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

const ZERO_WIDTH_SPACE = "\u200B";

// The start of every token Discord turns into a pill or an emoji: "<@", "<#", "</", "<:", "<a:", "<t:", "<id:".
const TOKEN_START = /<(?=@|#|\/|a?:|t:|id:)/g;
const EVERYONE_AT = /@(?=everyone|here)/gi;

/**
 * `text` with mention, emoji, timestamp and command tokens made inert: a zero-width space after "<" (or after "@"
 * in @everyone/@here) keeps the text readable while Discord no longer parses it. Idempotent.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(TOKEN_START, `<${ZERO_WIDTH_SPACE}`).replace(EVERYONE_AT, `@${ZERO_WIDTH_SPACE}`);
}
