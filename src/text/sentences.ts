/**
 * Sentence segmentation with the Unicode CLDR rules plus CLDR's English abbreviation suppressions, so that
 * "Mt. Gox", "Sept. 6" and "Kenneth A. Polite, Jr." do not end sentences (the bare Intl.Segmenter splits them).
 */
import cldr from "cldr-segmentation";
import { STOP_WORDS } from "./analyze.js";

export interface Span {
  start: number;
  end: number;
  text: string;
}

const EN = cldr.suppressions.en;

/**
 * Chunks keep the sentence offsets found at build time; an index cut by an older splitter is re-chunked by the next
 * build (its unchanged chunks keep their vectors). Bump when `splitSentences` changes its output.
 */
export const SEGMENTER_VERSION = 2;

/**
 * An initialism ("U.S.", "U.K.") or a company suffix ("Co.", "Corp.") that closes a segment. CLDR always breaks after
 * them before a capital, yet in news "the U.S. Treasury", "U.S. 1987 sugar quota" and "Navigation Co. Plc" run on far
 * more often than a sentence ends there.
 */
const RUN_ON_ABBREVIATION = /(?:^|[\s("“])(?:\p{Lu}\.){2,}$|\b(?:Co|Corp|Inc|Bros)\.$/u;
/** What opens a new sentence after such an abbreviation: a function word ("The", "But", "He") or a quote mark. */
const opensSentence = (text: string) => {
  if (/^["“‘'(]/.test(text)) return true;
  const first = /^[\p{L}]+/u.exec(text)?.[0];
  return first !== undefined && STOP_WORDS.has(first.toLowerCase());
};

/**
 * Split `text` into sentences, trimmed, with offsets into `text`. Line breaks always end a sentence, because
 * headings and list items have no final punctuation.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const line = /[^\n]+/g;
  for (let m = line.exec(text); m !== null; m = line.exec(text)) {
    let offset = m.index;
    let joinNext = false;
    // The segments are contiguous and cover the whole line, so offsets accumulate exactly.
    for (const raw of cldr.sentenceSplit(m[0], EN)) {
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed !== "") {
        const start = offset + lead;
        const end = start + trimmed.length;
        const last = spans.at(-1);
        if (joinNext && last && !opensSentence(trimmed)) {
          last.end = end;
          last.text = text.slice(last.start, end);
        } else spans.push({ start, end, text: trimmed });
        joinNext = RUN_ON_ABBREVIATION.test(spans.at(-1)!.text);
      }
      offset += raw.length;
    }
  }
  return spans;
}
