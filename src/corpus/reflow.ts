/**
 * Reflow hard-wrapped text. Newswire feeds, mailing-list archives and many `.txt` files break every line at a fixed
 * width, so a sentence spans two or three lines; since a line break ends a quotable sentence, such text would be
 * quoted half a sentence at a time. Here a single line break inside a paragraph becomes a space, while a blank line
 * or an indented line start begins a paragraph, and tables, lists and other short lines keep their lines.
 *
 * Text that is not hard-wrapped (one paragraph per line, or long lines of varying length) is returned unchanged.
 */
import { isBoilerplateLine } from "./clean.js";

interface Line {
  /** The line without its indentation and trailing spaces. */
  text: string;
  /** Leading whitespace in columns (a tab counts as 4). */
  indent: number;
  /** Columns up to the last visible character. */
  width: number;
  blank: boolean;
  /** Columns of a table: a run of 3+ spaces or a tab inside it, two runs of 2+ spaces, or dot leaders. */
  columnar: boolean;
  /** Where a list item's text starts (after "- ", "* ", "• ", "1. ", "(a) "), if the line starts one. */
  itemText: number | undefined;
  /** A row of figures (see `isFiguresRow`). */
  figures: boolean;
  /** Page furniture ("Advertisement", "Share this:") that must not be joined into a sentence. */
  furniture: boolean;
}

const TAB_WIDTH = 4;
const LIST_MARKER = /^([-*•·+–]|\(?\d{1,3}[.)]|\([a-z]\)|[a-z]\))\s+/;
/** A line that ends here ended a sentence (or a clause that often stands alone: "as follows:"). */
const TERMINAL = /[.!?:;"”’')\]»]$/;
/** Wrapped text is wrapped at a width a terminal or an editor shows; lines this long are paragraphs of their own. */
const MAX_WRAP_WIDTH = 120;

/**
 * A row of figures ("Shr loss 6.52 dlrs vs profit 3.87 dlrs", "Net 3,400,000 vs 2,900,000"): two or more words with
 * digits, a third of its words or more. Prose mentions numbers too, but among many more words.
 */
function isFiguresRow(text: string): boolean {
  const tokens = text.split(/\s+/);
  const numeric = tokens.filter((t) => /\d/.test(t)).length;
  return numeric >= 2 && numeric * 3 >= tokens.length;
}

function describe(raw: string): Line {
  const lead = /^[ \t]*/.exec(raw)![0];
  const indent = [...lead].reduce((n, ch) => n + (ch === "\t" ? TAB_WIDTH : 1), 0);
  const text = raw.slice(lead.length).trimEnd();
  const columnar = /\S(\t| {3,}|\.{4,})\S/.test(text) || (text.match(/\S {2,}(?=\S)/g)?.length ?? 0) >= 2;
  const marker = LIST_MARKER.exec(text);
  return {
    text,
    indent,
    width: indent + text.length,
    blank: text === "",
    columnar,
    itemText: marker ? indent + marker[0].length : undefined,
    figures: isFiguresRow(text),
    furniture: isBoilerplateLine(text),
  };
}

const firstWordLength = (line: Line) => line.text.split(/\s/, 1)[0]!.length;

/**
 * The width the text was wrapped at: the longest prose lines, ignoring the longest tenth (a URL or a table row can
 * overrun the margin).
 */
function wrapWidth(lines: readonly Line[]): number {
  const widths = lines
    .filter((l) => !l.blank && !l.columnar)
    .map((l) => l.width)
    .sort((a, b) => b - a);
  return widths[Math.floor(widths.length / 10)] ?? 0;
}

/** The line was broken because the next word did not fit: the mark of a wrap, not of a line ended on purpose. */
const isFull = (line: Line, next: Line, width: number) => line.width + 1 + firstWordLength(next) > width;

/**
 * A short line that still runs on: it stops inside a sentence and the next line starts in lower case or with a
 * figure, or the line stops on a word no sentence ends with ("to", "its"), as when a dateline or a title was cut
 * from the start of a wrapped first line ("Coleco Industries Inc said" / "it expects…", "likely to rise to" /
 * "20 ringgit").
 */
const runsOn = (line: Line, next: Line) =>
  /[\p{L},]$/u.test(line.text) &&
  (/^[\p{Ll}\p{N}]/u.test(next.text) || endsOnFunctionWord(line.text)) &&
  !line.figures &&
  !next.figures;

/** Function words that a sentence does not end on; pronouns that can ("told them") are left out. */
const RUN_ON_WORDS = new Set(
  "a an the and or but nor of to in on at by for with from into onto about as than its their his our your whose".split(
    " ",
  ),
);
const endsOnFunctionWord = (text: string) => RUN_ON_WORDS.has(/[\p{L}]+$/u.exec(text)?.[0] ?? "");

/** Whether `next` joins `line`: it may continue the paragraph, and the break was a wrap. */
const joins = (line: Line, next: Line, continuationIndent: number, width: number) =>
  canContinue(line, next, continuationIndent) && (isFull(line, next, width) || runsOn(line, next));

/** Whether `next` may continue `line`'s paragraph at all (same level, not a new item, row or page furniture). */
function canContinue(line: Line, next: Line, continuationIndent: number): boolean {
  if (line.blank || next.blank || line.columnar || next.columnar) return false;
  // Two lines of figures in a row are a table or a list of figures, however evenly their lengths happen to fall.
  if (line.figures && next.figures) return false;
  if (next.itemText !== undefined || next.furniture) return false;
  return next.indent <= continuationIndent;
}

/**
 * Hard-wrapped: the text's lines fill a width of a terminal or less, most lines that may continue a paragraph were
 * broken only because the next word did not fit, and at least one of those breaks falls inside a sentence (text with
 * one paragraph per line ends its lines with a full stop).
 */
function isHardWrapped(lines: readonly Line[], base: number, width: number): boolean {
  if (width === 0 || width > MAX_WRAP_WIDTH) return false;
  let candidates = 0;
  let full = 0;
  let midSentence = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const [line, next] = [lines[i]!, lines[i + 1]!];
    if (!canContinue(line, next, base)) continue;
    candidates++;
    if (!isFull(line, next, width)) continue;
    full++;
    if (!TERMINAL.test(line.text)) midSentence++;
  }
  return midSentence > 0 && full >= candidates / 2;
}

export function reflowText(text: string): string {
  // Most text that was never wrapped has no line break inside a paragraph at all: nothing to look at.
  if (!/[^\n]\r?\n[ \t]*[^\s]/.test(text)) return text;
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map(describe);
  const visible = lines.filter((l) => !l.blank);
  if (visible.length < 2) return text;
  const base = visible.reduce((min, l) => Math.min(min, l.indent), Number.POSITIVE_INFINITY);
  const width = wrapWidth(lines);
  if (!isHardWrapped(lines, base, width)) return text;

  // Units are runs of joined lines; `single` marks a unit of one line that was not full (a row, heading or sign-off).
  const units: { text: string; single: boolean; blankBefore: boolean }[] = [];
  let continuationIndent = base;
  let blankBefore = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.blank) {
      blankBefore = units.length > 0;
      continue;
    }
    const prev = lines[i - 1];
    const unit = units.at(-1);
    if (unit && prev && joins(prev, line, continuationIndent, width)) {
      unit.text += ` ${line.text}`;
      unit.single = false;
      continue;
    }
    const next = lines[i + 1];
    units.push({
      text: line.text,
      single: !(next && joins(line, next, line.itemText ?? base, width)),
      blankBefore,
    });
    blankBefore = false;
    // A list item's wrapped lines line up with its text; any other paragraph continues at the base indent.
    continuationIndent = line.itemText ?? base;
  }

  let out = "";
  units.forEach((unit, k) => {
    if (k > 0) {
      const prev = units[k - 1]!;
      // Rows of a table or list stay together; a paragraph is set off by a blank line, as everywhere in quotebot.
      out += !unit.blankBefore && prev.single && unit.single ? "\n" : "\n\n";
    }
    out += unit.text;
  });
  return out;
}
