/**
 * Follow-up questions in a conversation ("and Tencent?", "when was that?") are read together with the question
 * before them, so retrieval stays on topic. The Engine takes one question string, so the context is carried as
 * words: the follow-up, then the earlier question's content words that it lacks.
 *
 * One rule keeps the carried words from pulling the answer back to the earlier subject: a follow-up that names a
 * new subject replaces the earlier subjects of the same kind. "and Tencent?" after "What did Huawei do in the
 * metaverse?" searches "and Tencent? metaverse" (a name replaces the earlier names); "and by 2009?" after a question
 * about 2004 drops 2004 but keeps the names (a number replaces the earlier numbers). Month and day names are dates,
 * not subjects. A follow-up with no content words of its own ("when was that?") keeps everything.
 */
import { tokenize, toTerm } from "../text/analyze.js";

/** At most this many earlier words are carried, so a long first question cannot drown a short follow-up. */
export const MAX_CARRIED_WORDS = 6;

type Kind = "name" | "number" | "word";

interface Word {
  surface: string;
  /** The index terms of the word ("pre-tax" → pre, tax). */
  terms: string[];
  kind: Kind;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.&-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
const CALENDAR =
  /^(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

function words(text: string): Word[] {
  const out: Word[] = [];
  let first = true;
  for (const m of text.matchAll(WORD)) {
    const surface = m[0];
    const terms = tokenize(surface)
      .map(toTerm)
      .filter((t): t is string => t !== null);
    const wasFirst = first;
    first = false;
    if (terms.length === 0) continue;
    let kind: Kind = "word";
    if (/\p{N}/u.test(surface)) kind = "number";
    else if (!CALENDAR.test(surface) && (/^\p{Lu}\p{Lu}/u.test(surface) || (/^\p{Lu}/u.test(surface) && !wasFirst)))
      kind = "name";
    out.push({ surface, terms, kind });
  }
  return out;
}

/** The text to search for `followUp`, asked after `previous`. */
export function contextualQuestion(previous: string, followUp: string): string {
  const now = words(followUp);
  const have = new Set(now.flatMap((w) => w.terms));
  const replaced = new Set<Kind>(now.map((w) => w.kind).filter((k) => k !== "word"));
  const carried: string[] = [];
  for (const w of words(previous)) {
    if (w.terms.every((t) => have.has(t))) continue;
    if (replaced.has(w.kind)) continue;
    for (const t of w.terms) have.add(t);
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
