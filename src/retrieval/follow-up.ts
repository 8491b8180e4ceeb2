/**
 * Follow-up questions in a conversation ("and Tencent?", "when was that?") are read together with the question
 * before them, so retrieval stays on topic. The Engine takes one question string, so the context is carried as
 * words: the follow-up, then the earlier question's content words that it lacks.
 *
 * Two rules keep the carried words from pulling the answer back to the earlier subject:
 * - a follow-up that names a new subject (a capitalised name or a number, e.g. "and Tencent?", "what about 2005?")
 *   replaces the earlier question's names and numbers, and keeps only its common words ("metaverse");
 * - a follow-up with no content words of its own ("when was that?", "who did it?") keeps everything.
 */
import { tokenize, toTerm } from "../text/analyze.js";

/** At most this many earlier words are carried, so a long first question cannot drown a short follow-up. */
export const MAX_CARRIED_WORDS = 6;

interface Word {
  surface: string;
  term: string;
  /** A name or a number: capitalised (not at the start of the question) or containing a digit. */
  subject: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

function contentWords(text: string): Word[] {
  const out: Word[] = [];
  let first = true;
  for (const m of text.matchAll(WORD)) {
    const surface = m[0];
    for (const token of tokenize(surface)) {
      const term = toTerm(token);
      if (term === null) continue;
      const capital = /^\p{Lu}/u.test(surface) && !first;
      out.push({ surface, term, subject: capital || /\p{N}/u.test(surface) || /^\p{Lu}{2,}/u.test(surface) });
    }
    first = false;
  }
  return out;
}

/** The text to search for `followUp`, asked after `previous`. */
export function contextualQuestion(previous: string, followUp: string): string {
  const now = contentWords(followUp);
  const before = contentWords(previous);
  const have = new Set(now.map((w) => w.term));
  const newSubject = now.some((w) => w.subject);
  const carried: string[] = [];
  const seen = new Set<string>();
  for (const w of before) {
    if (have.has(w.term) || seen.has(w.term)) continue;
    if (newSubject && w.subject) continue;
    seen.add(w.term);
    carried.push(w.surface);
    if (carried.length >= MAX_CARRIED_WORDS) break;
  }
  const text = followUp.replace(/\s+/g, " ").trim();
  return carried.length > 0 ? `${text} ${carried.join(" ")}` : text;
}

const ACKNOWLEDGEMENT =
  /^(?:(?:thanks?(?: you)?|thx|ty|ok(?:ay)?|cool|great|nice|perfect|awesome|got it|makes sense|understood|sure|yes|no|lol)[\s!.,:)]*(?:a lot|so much|again|!|\s)*)+$/i;

/** "thanks!", "ok great" …: a message in a conversation that is not a question. */
export const isAcknowledgement = (text: string): boolean => ACKNOWLEDGEMENT.test(text.trim());
