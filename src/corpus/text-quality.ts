/**
 * Is this text language? Binary junk without NUL bytes (an image or archive read "as Latin-1", bytes replaced by
 * U+FFFD) decodes without error, and would otherwise be indexed and quoted. These measures separate it from real
 * text in any script, including figures and tables: language is mostly letters (or digits, in tables), has few
 * symbols, no control characters, spaces between words in the scripts that use them, and Latin letters that are
 * mostly unaccented.
 */

export interface TextProfile {
  /** Characters that are not whitespace: the base of most shares. */
  visible: number;
  whitespace: number;
  letters: number;
  digits: number;
  /** Letters of the Latin script, and those outside ASCII (accented). */
  latin: number;
  accentedLatin: number;
  /** Letters of scripts written without spaces between words (Chinese, Japanese, Thai, …). */
  spaceless: number;
  /** Symbols and punctuation outside ASCII and the usual typographic marks (quotes, dashes, CJK punctuation). */
  oddSymbols: number;
  /** Control, unassigned, private-use and lone surrogate code points (tab and line breaks excepted). */
  controls: number;
  replacements: number;
}

const LETTER = /[\p{L}\p{M}]/u;
const DIGIT = /\p{N}/u;
const LATIN = /\p{Script=Latin}/u;
const SPACELESS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
const WHITESPACE = /\s/u;
const CONTROL = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}]/u;
const SYMBOL_OR_PUNCTUATION = /[\p{S}\p{P}]/u;
/** Typographic marks real text uses: « » ¡ ¿ (French, Spanish), General Punctuation, CJK and full-width forms. */
const USUAL_MARK = /[«»¡¿\u2010-\u205E\u3000-\u303F\uFF00-\uFFEF]/u;

export function profileText(text: string): TextProfile {
  const p: TextProfile = {
    visible: 0,
    whitespace: 0,
    letters: 0,
    digits: 0,
    latin: 0,
    accentedLatin: 0,
    spaceless: 0,
    oddSymbols: 0,
    controls: 0,
    replacements: 0,
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++; // the second half of a surrogate pair
    if (code < 0x80) {
      // ASCII, most of most texts: plain comparisons (the Unicode classes below cost about ten times as much).
      if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) p.whitespace++;
      else {
        p.visible++;
        if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
          p.letters++;
          p.latin++;
        } else if (code >= 0x30 && code <= 0x39) p.digits++;
        else if (code < 0x20 || code === 0x7f) p.controls++;
      }
      continue;
    }
    const ch = String.fromCodePoint(code);
    if (WHITESPACE.test(ch)) {
      p.whitespace++;
      continue;
    }
    p.visible++;
    if (LETTER.test(ch)) {
      p.letters++;
      if (LATIN.test(ch)) {
        p.latin++;
        p.accentedLatin++;
      } else if (SPACELESS.test(ch)) p.spaceless++;
    } else if (DIGIT.test(ch)) p.digits++;
    else if (code === 0xfffd) p.replacements++;
    else if (CONTROL.test(ch)) p.controls++;
    else if (SYMBOL_OR_PUNCTUATION.test(ch) && !USUAL_MARK.test(ch)) p.oddSymbols++;
  }
  return p;
}

/** Below this many visible characters there is too little to judge; such a text is let through. */
const MIN_VISIBLE = 40;

const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/**
 * Why `text` is not language, or undefined when it reads as language. The limits sit far from both sides: real text
 * in any script (tables of figures included) has under 2% odd symbols, no control characters, over 40% letters or
 * digits and spaces in 10–20% of its characters; Latin-1-decoded binary data has about 25% odd symbols, 5–10%
 * control characters, almost no spaces and Latin letters that are nearly all accented.
 */
export function notLanguageReason(text: string): string | undefined {
  const p = profileText(text);
  if (p.visible < MIN_VISIBLE) return undefined;
  const of = (n: number) => pct(n, p.visible);
  if (p.replacements / p.visible > 0.1)
    return `${of(p.replacements)} of its characters are U+FFFD replacement characters (bytes that are not UTF-8: binary data, or text in another encoding to save as UTF-8)`;
  if (p.controls / p.visible > 0.02) return `${of(p.controls)} of its characters are control characters`;
  if (p.oddSymbols / p.visible > 0.15) return `${of(p.oddSymbols)} of its characters are symbols`;
  if ((p.letters + p.digits) / p.visible < 0.25)
    return `only ${of(p.letters + p.digits)} of its characters are letters or digits`;
  if (p.latin >= MIN_VISIBLE && p.accentedLatin / p.latin > 0.6)
    return `${pct(p.accentedLatin, p.latin)} of its Latin letters are accented, as in binary data read as Latin-1`;
  const chars = p.visible + p.whitespace;
  if (p.visible >= 200 && p.spaceless / Math.max(1, p.letters) < 0.3 && p.whitespace / chars < 0.04)
    return `it has almost no spaces between words (${pct(p.whitespace, chars)} of its characters)`;
  return undefined;
}
