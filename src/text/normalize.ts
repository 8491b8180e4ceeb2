/** Unicode hygiene shared by article cleaning and question validation. */

// Zero-width and bidi control characters: invisible, and a classic way to smuggle text past filters.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
// C0/C1 controls except tab and newline; matching them is the point here.
// biome-ignore lint/suspicious/noControlCharactersInRegex: intentional
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, "").replace(CONTROL, " ");
}

/** NFC, no invisible characters, collapsed spaces inside lines, at most one blank line between paragraphs. */
export function normalizeText(text: string): string {
  return stripInvisible(text.normalize("NFC").replace(/\r\n?/g, "\n"))
    .replace(/[ \t\u00A0]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
