/** Sentence segmentation with the platform's ICU segmenter (no hand-written abbreviation rules). */

export interface Span {
  start: number;
  end: number;
  text: string;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Split `text` into sentences, trimmed, with offsets into `text`. Paragraph breaks always end a sentence,
 * because headings and list items have no final punctuation.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const paragraph = /[^\n]+/g;
  for (let p = paragraph.exec(text); p !== null; p = paragraph.exec(text)) {
    for (const seg of segmenter.segment(p[0])) {
      const raw = seg.segment;
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (trimmed === "") continue;
      const start = p.index + seg.index + lead;
      spans.push({ start, end: start + trimmed.length, text: trimmed });
    }
  }
  return spans;
}
