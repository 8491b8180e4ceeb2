/**
 * Sentence segmentation with the Unicode CLDR rules plus CLDR's English abbreviation suppressions, so that
 * "Mt. Gox", "Sept. 6" and "Kenneth A. Polite, Jr." do not end sentences (the bare Intl.Segmenter splits them).
 */
import cldr from "cldr-segmentation";

export interface Span {
  start: number;
  end: number;
  text: string;
}

const EN = cldr.suppressions.en;

/**
 * Split `text` into sentences, trimmed, with offsets into `text`. Line breaks always end a sentence, because
 * headings and list items have no final punctuation.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const line = /[^\n]+/g;
  for (let m = line.exec(text); m !== null; m = line.exec(text)) {
    let offset = m.index;
    // The segments are contiguous and cover the whole line, so offsets accumulate exactly.
    for (const raw of cldr.sentenceSplit(m[0], EN)) {
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed !== "") spans.push({ start: offset + lead, end: offset + lead + trimmed.length, text: trimmed });
      offset += raw.length;
    }
  }
  return spans;
}
