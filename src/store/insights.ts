/**
 * What the corpus is missing, over a period: the questions that were declined, the answers that got 👎, and the
 * most asked topics (the articles most often quoted first, and the words most asked about). Plain functions over
 * question events and feedback entries, shared by /insights and `npm run insights`.
 */
import { tokenize, toTerm } from "../text/analyze.js";
import type { QuestionEvent } from "./bot-store.js";

/** The fields of a feedback entry insights read (src/discord/feedback.ts writes them). */
export interface VoteRecord {
  at: string;
  vote: "up" | "down";
  question: string;
  resultIds: string[];
  guild?: string;
}

export interface Counted {
  label: string;
  count: number;
}

export interface InsightsReport {
  /** Period start and end, ms since the epoch. */
  since: number;
  until: number;
  questions: number;
  answered: number;
  declined: number;
  /** Declined questions, most frequent first (same text counted together). */
  declinedQuestions: (Counted & { lastAt: number })[];
  /** Answers with 👎, most down-voted first; `articleIds` are the articles the answer quoted. */
  downvoted: (Counted & { up: number; articleIds: string[] })[];
  /** Articles quoted first in answered questions, most often first (label = article id). */
  topArticles: Counted[];
  /** Words asked about most (declined questions included), most frequent first. */
  topWords: Counted[];
}

/** The article a chunk id belongs to (`${articleId}#${ordinal}`). */
export const articleOfChunk = (chunkId: string): string => {
  const hash = chunkId.lastIndexOf("#");
  return hash === -1 ? chunkId : chunkId.slice(0, hash);
};

const sameQuestion = (q: string) =>
  q
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s?!.]+$/, "")
    .trim();

function ranked<T extends Counted>(items: Iterable<T>, limit: number): T[] {
  return [...items].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, limit);
}

export function buildInsights(
  events: readonly QuestionEvent[],
  votes: readonly VoteRecord[],
  options: { since: number; until: number; guildId?: string; limit?: number },
): InsightsReport {
  const limit = options.limit ?? 10;
  const inPeriod = events.filter(
    (e) => e.at >= options.since && e.at <= options.until && (!options.guildId || e.guildId === options.guildId),
  );
  const declined = new Map<string, Counted & { lastAt: number }>();
  const articles = new Map<string, Counted>();
  const words = new Map<string, { count: number; surfaces: Map<string, number> }>();
  for (const e of inPeriod) {
    if (e.outcome === "declined") {
      const key = sameQuestion(e.question);
      const d = declined.get(key) ?? { label: e.question, count: 0, lastAt: 0 };
      d.count++;
      d.lastAt = Math.max(d.lastAt, e.at);
      declined.set(key, d);
    } else if (e.chunkIds[0]) {
      const id = articleOfChunk(e.chunkIds[0]);
      const a = articles.get(id) ?? { label: id, count: 0 };
      a.count++;
      articles.set(id, a);
    }
    const seen = new Set<string>();
    for (const token of tokenize(e.question)) {
      const term = toTerm(token);
      if (term === null || seen.has(term) || /^\d+$/.test(term)) continue;
      seen.add(term);
      const w = words.get(term) ?? { count: 0, surfaces: new Map() };
      w.count++;
      w.surfaces.set(token, (w.surfaces.get(token) ?? 0) + 1);
      words.set(term, w);
    }
  }
  const down = new Map<string, Counted & { up: number; articleIds: string[] }>();
  for (const v of votes) {
    const at = Date.parse(v.at);
    if (!(at >= options.since && at <= options.until)) continue;
    if (options.guildId && v.guild !== options.guildId) continue;
    const key = sameQuestion(v.question);
    const d = down.get(key) ?? {
      label: v.question,
      count: 0,
      up: 0,
      articleIds: [...new Set(v.resultIds.map(articleOfChunk))].slice(0, 3),
    };
    if (v.vote === "down") d.count++;
    else d.up++;
    down.set(key, d);
  }
  const topWords = [...words.entries()].map(([term, w]) => {
    // Show the word as people typed it most often ("blockchain", not the stem "blockchain"/"compani").
    const surface = [...w.surfaces.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? term;
    return { label: surface, count: w.count };
  });
  return {
    since: options.since,
    until: options.until,
    questions: inPeriod.length,
    answered: inPeriod.filter((e) => e.outcome === "answered").length,
    declined: inPeriod.filter((e) => e.outcome === "declined").length,
    declinedQuestions: ranked(declined.values(), limit),
    downvoted: ranked(
      [...down.values()].filter((d) => d.count > 0),
      limit,
    ),
    topArticles: ranked(articles.values(), limit),
    topWords: ranked(
      topWords.filter((w) => w.count > 1 || inPeriod.length < 3),
      limit,
    ),
  };
}

/** The report as plain text (the terminal), with article ids shown as `titleOf` gives them. */
export function formatInsights(r: InsightsReport, titleOf: (articleId: string) => string = (id) => id): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lines = [
    `Insights ${day(r.since)} – ${day(r.until)}: ${r.questions} question(s), ${r.answered} answered, ${r.declined} declined.`,
    "",
    "Declined questions (the corpus had no answer):",
    ...(r.declinedQuestions.length > 0 ? r.declinedQuestions.map((d) => `  ${d.count}× ${d.label}`) : ["  none"]),
    "",
    "Answers that got 👎:",
    ...(r.downvoted.length > 0
      ? r.downvoted.map(
          (d) => `  ${d.count}× 👎${d.up ? ` ${d.up}× 👍` : ""} ${d.label} → ${d.articleIds.map(titleOf).join("; ")}`,
        )
      : ["  none"]),
    "",
    "Most asked topics:",
    ...(r.topArticles.length > 0 ? r.topArticles.map((a) => `  ${a.count}× ${titleOf(a.label)}`) : ["  none"]),
    ...(r.topWords.length > 0 ? [`  words: ${r.topWords.map((w) => `${w.label} (${w.count})`).join(", ")}`] : []),
  ];
  return lines.join("\n");
}
