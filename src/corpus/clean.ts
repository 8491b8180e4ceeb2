/**
 * Boilerplate removal for scraped articles: comment forms, sign-up prompts, share prompts, photo credits and
 * other page furniture that must never be quoted as if it were the article.
 */
import { normalizeText } from "../text/normalize.js";

/** Whole lines that are page furniture, never article text. Matched case-insensitively on the trimmed line. */
export const BOILERPLATE_LINES: readonly RegExp[] = [
  /^register now[.!]?$/i,
  /^for reprint and licensing requests\b.*$/i,
  /^loading(\.{3}|…)?$/i,
  /^view all$/i,
  /^more to read$/i,
  /^(top|news|advertisement|sponsored|related( articles| stories)?|read more|show more)$/i,
  /^leave a (reply|comment)\b.*$/i,
  /^fill in your details below\b.*$/i,
  /^you are commenting using\b.*$/i,
  /^(twitter|facebook|google\+?) (picture|photo)$/i,
  /^connecting to %s$/i,
  /^please enter your (comment|name|email)\b.*$/i,
  /^notify me of (new|follow-up)\b.*$/i,
  // WordPress share and like prompts end with a colon ("Share this:", "Like this:").
  /^(share|share this( article| story)?|share on \w+|click to share\b.*|tweet( this)?|email this|print this):?$/i,
  /^like this:?$/i,
  /^like loading(\.{3}|…)?$/i,
  /^(subscribe( now)?|sign up( for (our|the) newsletter)?\b.*|get the newsletter\b.*)$/i,
  /^photo (by|credit:?) .*\b(on (unsplash|pexels|pixabay)|getty images|shutterstock)\.?$/i,
  /^https?:\/\/\S+\.(webp|png|jpe?g|gif|svg)(\?\S*)?$/i,
  /^\[\d+\]\s*\((high|moderate|low)\)$/i,
];

export function isBoilerplateLine(line: string): boolean {
  const t = line.trim();
  return t !== "" && BOILERPLATE_LINES.some((re) => re.test(t));
}

/** Normalise whitespace and Unicode, and drop boilerplate lines. Paragraphs stay separated by blank lines. */
export function cleanText(text: string): string {
  const lines = normalizeText(text)
    .split("\n")
    .filter((line) => !isBoilerplateLine(line));
  return normalizeText(lines.join("\n"));
}
