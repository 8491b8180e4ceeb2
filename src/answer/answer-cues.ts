/**
 * Answer-type cues. A quote holds the answer when its sentence gives what the question asks for (an amount, a date,
 * a name…), not when it repeats the question's subject. This module reads the question once (which kind of answer it
 * wants) and then, cheaply, each candidate sentence: does it hold a candidate of that kind that the question does not
 * already name?
 *
 * The question is parsed with compromise (a kept NLP library): once per question, while its vector is computed.
 * Sentences are read with regular expressions only: there are dozens per question, and the hot path cannot afford
 * a tagger per sentence (compromise takes about 1 ms a sentence here).
 */
import nlp from "compromise";
import { tokenize } from "../text/analyze.js";

export type AnswerType = "amount" | "date" | "duration" | "person" | "place" | "name" | "reason" | "other";

export interface QuestionCues {
  type: AnswerType;
  /** Lowercased word tokens of the question: a sentence's candidate answer must not be one of them. */
  tokens: ReadonlySet<string>;
}

const PLACE_NOUNS =
  "city|country|town|venue|stadium|state|region|place|island|nation|capital|street|location|area|county|province|continent|village|port|airport|arena|theatre|theater|hall|ground|court|building|district";
const AMOUNT_NOUNS =
  "percentage|percent|proportion|share|number|amount|price|sum|figure|rate|level|odds|size|value|total|cost|fee|fine|salary|budget|deficit|surplus|profit|loss|revenue|sales|turnover|stake|margin|score|age|tax|levy|charge|bid|offer|payout|prize|award|fund|debt|growth|rise|fall|drop|increase|decrease|quota|target|capacity|population|volume";

const TYPE_RULES: [AnswerType, RegExp][] = [
  [
    "reason",
    /\bwhy\b|\bwhat (?:caused|prompted|led to|made)\b|\bfor what reason\b|\bhow come\b|\bwhat (?:is|was) the reason\b/,
  ],
  ["duration", /\bhow long\b|\bfor how many (?:years|months|weeks|days|hours|minutes)\b|\bwhat (?:period|duration)\b/],
  ["date", /\bwhen\b|\b(?:what|which|in what) (?:year|date|day|month|decade|century)\b|\bwhat time\b/],
  [
    "amount",
    new RegExp(
      `\\bhow (?:many|much|big|large|high|low|far|old|tall|fast|heavy|deep|wide|long)\\b|\\bby how\\b|\\b(?:what|which)(?: \\w+){0,2} (?:${AMOUNT_NOUNS})s?\\b`,
    ),
  ],
  ["person", /\bwho(?:m|se)?\b/],
  ["place", new RegExp(`\\bwhere\\b|\\b(?:which|what)(?: \\w+){0,2} (?:${PLACE_NOUNS})s?\\b`)],
];

/** Read a question once: the kind of answer it wants. */
export function questionCues(question: string): QuestionCues {
  const lower = question.toLowerCase().replace(/\s+/g, " ");
  const tokens = new Set(tokenize(question));
  // The question's own wh-phrase comes first; a later one is a clause's ("How many investors lost money when…").
  let found: { type: AnswerType; at: number } | undefined;
  for (const [type, rule] of TYPE_RULES) {
    const at = lower.search(rule);
    if (at >= 0 && (found === undefined || at < found.at)) found = { type, at };
  }
  if (found) return { type: found.type, tokens };
  // "Which guitarist…", "What minister…": compromise tags role nouns as actors, the people a question asks for.
  if (/\b(?:which|what)\b/.test(lower)) return { type: askedNounIsActor(question) ? "person" : "name", tokens };
  return { type: /\bname\b/.test(lower) ? "name" : "other", tokens };
}

/** Whether the head of the question's wh-phrase ("which Babyshambles guitarist") is a person's role. */
function askedNounIsActor(question: string): boolean {
  return nlp(question).match("(which|what) [#Adjective? #Noun+]", 0).first().has("#Actor");
}

const NUMBER_WORDS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|quarter|third|double|twice|triple";
const AMOUNT = new RegExp(
  `[£$€¥%]|\\b\\d(?:[\\d,.]*\\d)?(?:bn|m|k|mln|bln)?\\b|\\b(?:${NUMBER_WORDS})\\b|\\b(?:dlrs|dollars?|pounds?|euros?|yen|cts|cents|pence|ringgit|marks|francs|tonnes?|barrels?|points?|pct|percent)\\b`,
  "gi",
);
const MONTHS =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const DATE = new RegExp(
  `\\b(?:1\\d{3}|20\\d\\d)s?\\b|\\b(?:${MONTHS})\\b|\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight)\\b|\\b(?:last|next|this) (?:week|month|year|spring|summer|autumn|winter)\\b`,
  "gi",
);
const DURATION = new RegExp(
  `\\b(?:\\d[\\d,.]*|${NUMBER_WORDS}|a|an|several|few)[- ](?:\\w+[- ])?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))\\b|\\b(?:since|until|for) (?:\\d|${NUMBER_WORDS})`,
  "gi",
);
const REASON =
  /\b(?:because|due to|owing to|as a result|result of|in order to|so that|aims? to|aimed at|blamed|cited|caused by|reason|after|amid|following|since|over concerns?|fears?|worries|concerns? (?:that|about|over))\b/gi;
/**
 * The cheap sign of a name: a capitalised word that does not open the sentence, or two capitalised words that do
 * ("Robbie Keane, skipper for the night, scored…"; a lone capital at the start is just the sentence's first word).
 */
const PROPER =
  /(?<=[\p{L}\p{N},;:'"’”)]\s+|[("“‘]|\s[-–—]\s)\p{Lu}[\p{L}'’.-]*|^\p{Lu}[\p{L}'’.-]*\s+\p{Lu}[\p{L}'’.-]*/gu;

/** A bare year ("in 2003") is a date, not the amount a "how many" question asks for. */
const YEAR = /^(?:1[5-9]|20)\d\d$/;

/** Offsets of the matches of `pattern` in `text` whose words are not all in the question. */
function newMatches(text: string, pattern: RegExp, question: ReadonlySet<string>, skip?: RegExp): number[] {
  const at: number[] = [];
  for (const m of text.matchAll(pattern)) {
    if (skip?.test(m[0])) continue;
    const words = tokenize(m[0]);
    if (words.length === 0 ? !question.has(m[0]) : words.some((w) => !question.has(w))) at.push(m.index);
  }
  return at;
}

/** A sentence's candidate answers of the kind asked for: their offsets, and how sure a sign they are, in [0, 1]. */
export interface AnswerCandidates {
  strength: number;
  offsets: number[];
}

const QUOTED = /["“‘][^"”’]{3,}["”’]/g;

/**
 * The candidates of the kind asked for that the question does not already contain. Names count for people, places
 * and other names; amounts, dates and durations have their own patterns; reasons are marked by causal words.
 */
export function answerCandidates(sentence: string, cues: QuestionCues): AnswerCandidates {
  const q = cues.tokens;
  const found = (offsets: number[], strength = 1): AnswerCandidates | undefined =>
    offsets.length > 0 ? { strength, offsets } : undefined;
  const none: AnswerCandidates = { strength: 0, offsets: [] };
  switch (cues.type) {
    case "amount":
      return found(newMatches(sentence, AMOUNT, q, YEAR)) ?? none;
    case "date":
      return found(newMatches(sentence, DATE, q)) ?? none;
    case "duration":
      return found(newMatches(sentence, DURATION, q)) ?? found(newMatches(sentence, AMOUNT, q, YEAR), 0.5) ?? none;
    case "person":
    case "place":
    case "name":
      return found(newMatches(sentence, PROPER, q)) ?? found(newMatches(sentence, QUOTED, new Set()), 0.5) ?? none;
    case "reason":
      return found(newMatches(sentence, REASON, q)) ?? none;
    default:
      return none;
  }
}
