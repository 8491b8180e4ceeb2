/**
 * Everything Discord users see, as pure functions from engine results to message payloads. Quoted article text is
 * escaped (it is data, not markup), cut at sentence or word boundaries before escaping (so a cut never lands inside
 * an escape or a bold marker), and every payload is sized to Discord's limits and carries `allowed_mentions` with
 * an empty `parse`, so nothing quoted or asked can ping anyone. Mention syntax (`<@123>`, `@everyone`, custom
 * emoji…) in any text is made inert as well, so Discord does not even draw a mention pill for it.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from "discord.js";
import { neutralizeMentions } from "../text/chat-markup.js";
import { splitSentences } from "../text/sentences.js";
import type { Answer, AnswerResult, ArticleMeta, IndexMode, Quote, QuotedPassage } from "../types.js";
import { encodeButton } from "./custom-ids.js";
import { LIMITS } from "./limits.js";
import type { AnswerSession } from "./sessions.js";

export { LIMITS, limitViolations } from "./limits.js";

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** What every reply, edit and update sends. */
export interface Payload {
  content: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  allowedMentions: { parse: [] };
}

export const BRAND_COLOR = 0x5865f2;
const NOTHING_COLOR = 0x99aab5;
const ELLIPSIS = "…";

/**
 * Every payload is built here. Text pieces are made inert where they are fitted (escapeText, plainText); the pass
 * over the finished embeds is a safety net for any piece that was not (it is idempotent, so it adds nothing else).
 */
const payload = (content: string, embeds: APIEmbed[] = [], components: ActionRow[] = []): Payload => ({
  content: neutralizeMentions(content),
  embeds: embeds.map(inertEmbed),
  components,
  allowedMentions: { parse: [] },
});

function inertEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (e.title) out.title = neutralizeMentions(e.title);
  if (e.description) out.description = neutralizeMentions(e.description);
  if (e.footer) out.footer = { ...e.footer, text: neutralizeMentions(e.footer.text) };
  if (e.author) out.author = { ...e.author, name: neutralizeMentions(e.author.name) };
  if (e.fields)
    out.fields = e.fields.map((f) => ({ ...f, name: neutralizeMentions(f.name), value: neutralizeMentions(f.value) }));
  return out;
}

/** A plain text message (notices, refusals, errors). */
export function renderNotice(text: string): Payload {
  return payload(plainText(text, LIMITS.content));
}

/** Text shown as is (no markdown escaping: footers, notices) with mention syntax made inert, at most `max` long. */
export function plainText(text: string, max: number): string {
  let room = Math.min(max, text.length);
  while (room > 0) {
    const inert = neutralizeMentions(clip(text, room));
    if (inert.length <= max) return inert;
    room = Math.min(room - 1, Math.floor((room * max) / inert.length));
  }
  return "";
}

// ---------------------------------------------------------------- text fitting

/**
 * Escape Discord markdown in text that comes from articles or users (headings and lists included), and make its
 * mention syntax inert: quoted text is data, never markup.
 */
export function escapeText(text: string): string {
  return neutralizeMentions(
    escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}

/** Index ≤ i that does not split a surrogate pair. */
function safeCut(text: string, i: number): number {
  if (i > 0 && i < text.length) {
    const code = text.charCodeAt(i - 1);
    if (code >= 0xd800 && code <= 0xdbff) return i - 1;
  }
  return i;
}

/** A cut shorter than this fraction of the room would waste too much; fall back to a finer boundary. */
const MIN_KEEP = 0.5;

/**
 * Shorten raw text to at most `max` characters, ending with "…": at the last sentence end that fits, else the last
 * word boundary, else (one giant word) at a character boundary. Returns `text` unchanged when it fits.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = max - ELLIPSIS.length;
  const floor = Math.floor(room * MIN_KEEP);
  // A sentence end leaves a space before the ellipsis: "First sentence. …"
  let sentenceEnd = -1;
  for (const s of splitSentences(text.slice(0, room + 1))) {
    if (s.end <= room - 1 && s.end < text.length && /[.!?…"”')\]]$/.test(s.text)) sentenceEnd = s.end;
  }
  if (sentenceEnd >= floor) return `${text.slice(0, sentenceEnd)} ${ELLIPSIS}`;
  const head = text.slice(0, room + 1);
  const space = Math.max(head.lastIndexOf(" "), head.lastIndexOf("\n"), head.lastIndexOf("\t"));
  if (space >= floor) return `${trimCut(text.slice(0, space))}${ELLIPSIS}`;
  return `${text.slice(0, safeCut(text, room))}${ELLIPSIS}`;
}

/** Like `clip`, but keeps the end of the text: "…" then the last sentences (or words) that fit. */
export function clipStart(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = max - ELLIPSIS.length;
  const floor = Math.floor(room * MIN_KEEP);
  const from = text.length - room;
  const sentence = splitSentences(text).find((s) => s.start >= from + 1 && s.start > 0);
  if (sentence && text.length - sentence.start >= floor) return `${ELLIPSIS} ${text.slice(sentence.start)}`;
  const tail = text.slice(from - 1);
  const match = /\s/.exec(tail);
  if (match && tail.length - match.index - 1 >= floor) return `${ELLIPSIS}${tail.slice(match.index + 1).trimStart()}`;
  let start = from;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  return `${ELLIPSIS}${text.slice(start)}`;
}

/** Drop trailing whitespace and joining punctuation before an ellipsis. */
const trimCut = (s: string) => s.replace(/[\s,;:–—-]+$/u, "");

/**
 * Escape raw text and make it fit `max` characters *after* escaping. The cut happens on the raw text, so an escape
 * sequence is never split and no dangling backslash can swallow the markup that follows.
 */
export function fitEscaped(text: string, max: number, keep: "start" | "end" = "start"): string {
  let room = Math.min(max, text.length);
  while (room > 0) {
    const cut = keep === "start" ? clip(text, room) : clipStart(text, room);
    const escaped = escapeText(cut);
    if (escaped.length <= max) return escaped;
    // Shrink in proportion to the escaping overhead (markdown-dense text can double in length).
    room = Math.min(room - 1, Math.floor((room * max) / escaped.length));
  }
  return "";
}

/** Pieces shorter than this are not worth showing; an ellipsis says something was left out. */
const MIN_PIECE = 16;

/**
 * A quote as markdown: “…context **key sentence** context…”, escaped, at most `max` characters. The key sentence
 * keeps priority; the following context is kept before the preceding one. Bold markers always come in pairs.
 */
export function quoteMarkdown(text: string, highlight: { start: number; end: number }, max: number): string {
  let hs = Math.max(0, Math.min(highlight.start, text.length));
  let he = Math.max(hs, Math.min(highlight.end, text.length));
  // Bold only renders when the markers hug non-space characters.
  while (hs < he && /\s/.test(text[hs]!)) hs++;
  while (he > hs && /\s/.test(text[he - 1]!)) he--;
  const pre = text.slice(0, hs);
  const mid = text.slice(hs, he);
  const post = text.slice(he);
  const open = "“";
  const close = "”";
  const bold = mid ? 4 : 0;
  const frame = open.length + close.length + bold;
  if (max <= frame + 1) return "";
  const wrap = (a: string, b: string, c: string) => `${open}${a}${b ? `**${b}**` : ""}${c}${close}`;
  const full = [escapeText(pre), escapeText(mid), escapeText(post)] as const;
  if (frame + full[0].length + full[1].length + full[2].length <= max) return wrap(...full);

  const midBudget = max - frame - (pre.trim() ? ELLIPSIS.length : 0) - (post.trim() ? ELLIPSIS.length : 0);
  if (full[1].length > midBudget) {
    const m = fitEscaped(mid, Math.max(1, midBudget));
    return wrap(pre.trim() ? ELLIPSIS : "", m, post.trim() && !m.endsWith(ELLIPSIS) ? ELLIPSIS : "");
  }
  let rest = max - frame - full[1].length;
  const fitPiece = (raw: string, escaped: string, budget: number, keep: "start" | "end") => {
    if (!raw.trim()) return { text: escaped.length <= budget ? escaped : "", used: Math.min(escaped.length, budget) };
    if (escaped.length <= budget) return { text: escaped, used: escaped.length };
    if (budget < MIN_PIECE) return { text: ELLIPSIS, used: ELLIPSIS.length };
    // Keep the whitespace next to the key sentence outside the clipped part, so bold still renders.
    const gap = (keep === "start" ? /^\s*/.exec(raw) : /\s*$/.exec(raw))?.[0].slice(0, 2) ?? "";
    const t =
      keep === "start"
        ? fitEscaped(raw.trimStart(), budget - gap.length)
        : fitEscaped(raw.trimEnd(), budget - gap.length, "end");
    const joined = keep === "start" ? `${gap}${t}` : `${t}${gap}`;
    return { text: joined, used: joined.length };
  };
  // Reserve room for the ellipsis of the preceding context before giving the rest to the following context.
  const preReserve = pre.trim() ? Math.min(full[0].length, Math.max(ELLIPSIS.length, Math.floor(rest / 3))) : 0;
  const p2 = fitPiece(post, full[2], rest - preReserve, "start");
  rest -= p2.used;
  const p0 = fitPiece(pre, full[0], rest, "end");
  return wrap(p0.text, full[1], p2.text);
}

// ---------------------------------------------------------------- citations

/** A link Discord will accept in an embed: absolute http(s), within the URL length limit. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    const href = u.toString();
    return href.length <= LIMITS.url ? href : undefined;
  } catch {
    return undefined;
  }
}

/** The URL as it appears inside a masked link: parentheses, spaces and angle brackets percent-encoded. */
const linkTarget = (url: string) =>
  url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

/** `[label](url)` that survives parentheses and spaces in the URL. */
function maskedLink(label: string, url: string): string {
  return `[${label}](${linkTarget(url)})`;
}

/** Query parameters that only track a click (campaigns, ads, mail clients): a link works the same without them. */
const TRACKING_PARAM =
  /^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|__hs\w+|hsctatracking|mkt_tok|li_fat_id|oly_anon_id|oly_enc_id|vero_id|wickedid|s_cid|cmpid|ocid|ncid|sr_share|ref_src|ref_url|spm|share_source)$/i;

/**
 * The article's link as a masked-link target of at most `max` characters: as is when it fits, else without its
 * tracking parameters and fragment, else none (the caller then shows the title without a link).
 */
export function shortUrl(url: string | undefined, max: number): string | undefined {
  const safe = safeUrl(url);
  if (!safe) return undefined;
  if (linkTarget(safe).length <= max) return safe;
  const u = new URL(safe);
  for (const key of [...u.searchParams.keys()]) if (TRACKING_PARAM.test(key)) u.searchParams.delete(key);
  u.hash = "";
  const short = u.toString();
  return linkTarget(short).length <= max ? short : undefined;
}

/** `[label](url)` within `max` characters (the URL shortened if need be), or `undefined` when no link fits. */
function linkWithin(label: string, url: string | undefined, max: number): string | undefined {
  const u = shortUrl(url, max - label.length - 4);
  return u ? maskedLink(label, u) : undefined;
}

/** The date part of an ISO date or timestamp. */
function day(published: string | undefined): string | undefined {
  if (!published) return undefined;
  return /^\d{4}-\d{2}-\d{2}/.exec(published)?.[0] ?? published;
}

const SEP = " · ";
const READ = "Read the article";

/** The corpus file as inline code (no markdown inside), at most `max` characters. */
function fileRef(source: string, max: number): string {
  return `file \`${clip(source.replace(/`/g, "'"), Math.max(1, max - 7))}\``;
}

/**
 * "— Publisher · 2023-06-10 · by Author · [Read the article](url)", escaped, at most `max` characters. The link is
 * how a reader checks a quote, so it is kept first (shortened if need be, else the corpus file is named); the
 * publisher and author share what is left.
 */
export function citationLine(a: ArticleMeta, max = 400): string {
  const date = day(a.published);
  const datePart = date ? fitEscaped(date, 40) : undefined;
  const link = linkWithin(READ, a.url, Math.floor(max / 2)) ?? fileRef(a.source, Math.min(130, Math.floor(max / 3)));
  const fixed = 2 + link.length + (datePart ? datePart.length + SEP.length : 0);
  const named = [a.publisher, a.author].filter((x) => x?.trim()).length;
  // Each name takes its separator and its decoration ("*…*" or "by ") out of its share.
  const share = named > 0 ? Math.floor((max - fixed) / named) - SEP.length - 3 : 0;
  const parts: string[] = [];
  if (a.publisher?.trim() && share >= 8) parts.push(`*${fitEscaped(a.publisher, share)}*`);
  if (datePart) parts.push(datePart);
  if (a.author?.trim() && share >= 8) parts.push(`by ${fitEscaped(a.author, share)}`);
  parts.push(link);
  const line = `— ${parts.join(SEP)}`;
  // The shares above keep the line within `max`; should rounding ever not, the names go, never part of the link.
  return line.length <= max ? line : `— ${link}`;
}

/**
 * "[Title](url) — Publisher · date" as one list line of at most `max` characters. When the link does not fit beside
 * the full title and publisher, a shorter title and the date alone make room for it; failing that, the title stays
 * unlinked. A link is never cut.
 */
function articleLine(a: ArticleMeta, max = 400): string {
  const line = (titleMax: number, withPublisher: boolean, linked: boolean) => {
    const metaMax = Math.min(90, Math.floor(max / 3));
    const pub = withPublisher && a.publisher?.trim() ? fitEscaped(a.publisher, Math.max(0, metaMax - 14)) : "";
    const meta = [pub || undefined, day(a.published)].filter(Boolean).join(SEP);
    const tail = meta ? ` — ${meta}` : "";
    const title = fitEscaped(a.title, Math.max(8, Math.min(titleMax, max - tail.length - 4)));
    const link = linked ? linkWithin(title, a.url, max - tail.length) : undefined;
    return link ? `${link}${tail}` : linked ? undefined : `**${title}**${tail}`;
  };
  return line(150, true, true) ?? line(60, false, true) ?? line(150, true, false)!;
}

/** Whole `items` joined by `sep` while they fit in `max`; returns the text and how many items it holds. */
function joinWhole(items: readonly string[], sep: string, max: number): { text: string; count: number } {
  let text = "";
  let count = 0;
  for (const item of items) {
    const next = count === 0 ? item : `${text}${sep}${item}`;
    if (next.length > max) break;
    text = next;
    count++;
  }
  return { text, count };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function modeLabel(mode: IndexMode): string {
  return mode === "hybrid" ? "hybrid search (keywords + meaning)" : "lexical search (keywords only)";
}

// ---------------------------------------------------------------- answers

export interface AnswerView {
  /** Session id the buttons refer to. */
  session: string;
  page: number;
  pageSize: number;
  /** Markdown intro line; defaults to one built from the question. */
  intro?: string;
}

export function pageCount(answer: Answer, pageSize: number): number {
  return Math.max(1, Math.ceil(answer.results.length / Math.max(1, pageSize)));
}

/**
 * Whether a quote shows its key sentence in bold: only when the key sentence is a real part of a longer quote. A
 * quote that is its key sentence (one sentence, say) would be bold from end to end, which says nothing.
 */
export function boldsKeySentence(text: string, highlight: { start: number; end: number }): boolean {
  const rest = text.slice(0, highlight.start) + text.slice(highlight.end);
  return highlight.end > highlight.start && /[\p{L}\p{N}]/u.test(rest);
}

/** " (key sentences in **bold**)" when some quote of `results` shows one in bold, else nothing. */
export function boldNote(results: readonly AnswerResult[]): string {
  return results.some((r) => boldsKeySentence(r.quote.text, r.quote.highlight)) ? " (key sentences in **bold**)" : "";
}

/** The intro line above the quotes: the question (escaped, clipped) and what follows. */
export function answerIntro(question: string, answer: Answer): string {
  const q = fitEscaped(question.replace(/\s+/g, " ").trim(), 300);
  if (!answer.answered) return `I found nothing in the corpus that answers “${q}”.`;
  return `Quotes from the corpus for “${q}”${boldNote(answer.results)}:`;
}

/** Page `page` of an answer kept for its buttons, laid out like its other pages (same intro and page size). */
export function renderSessionPage(
  session: Pick<AnswerSession, "id" | "answer" | "pageSize" | "intro">,
  page: number,
): Payload {
  return renderAnswer(session.answer, {
    session: session.id,
    page,
    pageSize: session.pageSize,
    ...(session.intro ? { intro: session.intro } : {}),
  });
}

/** The results of one page that quote the same article, in rank order: one embed each. */
interface ArticleGroup {
  article: ArticleMeta;
  results: { result: AnswerResult; index: number }[];
}

function groupByArticle(results: readonly AnswerResult[], first: number): ArticleGroup[] {
  const groups = new Map<string, ArticleGroup>();
  results.forEach((result, i) => {
    const a = result.passage.article;
    const group = groups.get(a.id) ?? { article: a, results: [] };
    group.results.push({ result, index: first + i });
    groups.set(a.id, group);
  });
  return [...groups.values()];
}

/**
 * One page of an answer: an embed per article (several quotes of one article share it), "Full passage" buttons,
 * paging buttons when there is more than one page, and feedback buttons. Quotes are numbered only when the page
 * holds more than one, and a one-page answer has no page count and no paging buttons.
 */
export function renderAnswer(answer: Answer, view: AnswerView): Payload {
  const intro = clip(view.intro ?? answerIntro(answer.question, answer), LIMITS.content);
  if (!answer.answered || answer.results.length === 0) return renderNothingFound(answer, view, intro);
  const pages = pageCount(answer, view.pageSize);
  const page = Math.max(0, Math.min(view.page, pages - 1));
  const first = page * view.pageSize;
  const shown = answer.results.slice(first, first + view.pageSize);
  const groups = groupByArticle(shown, first).slice(0, LIMITS.embeds);
  const numbered = answer.results.length > 1;
  const range = shown.length === 1 ? `quote ${first + 1}` : `quotes ${first + 1}–${first + shown.length}`;
  const footer =
    pages > 1 ? `${modeLabel(answer.mode)}${SEP}${range} of ${answer.results.length}` : modeLabel(answer.mode);
  const titles = groups.map((g) => fitEscaped(g.article.title, LIMITS.embedTitle));
  const fixed = titles.reduce((sum, t) => sum + t.length, 0) + footer.length;
  // Share what is left of the 6000-character budget by quotes shown, with a margin for rounding.
  const perQuote = Math.floor((LIMITS.embedsTotal - fixed - 16) / shown.length);
  const embeds = groups.map((g, i): APIEmbed => {
    const embed: APIEmbed = {
      title: titles[i],
      description: groupDescription(g, Math.min(LIMITS.embedDescription, perQuote * g.results.length), numbered),
      color: BRAND_COLOR,
    };
    const url = safeUrl(g.article.url);
    if (url) embed.url = url;
    if (i === groups.length - 1) embed.footer = { text: footer };
    return embed;
  });
  const full = shown.map((r, i) =>
    button(
      encodeButton({ kind: "answer-full", session: view.session, index: first + i }),
      numbered ? `Full passage ${r.rank}` : "Full passage",
      ButtonStyle.Secondary,
    ),
  );
  const paging =
    pages > 1
      ? [
          ...(page > 0
            ? [
                button(
                  encodeButton({ kind: "answer-page", session: view.session, page: page - 1 }),
                  "Previous",
                  ButtonStyle.Secondary,
                  "◀️",
                ),
              ]
            : []),
          button(
            encodeButton({ kind: "answer-page", session: view.session, page: page + 1 }),
            "More sources",
            ButtonStyle.Primary,
            "▶️",
            page + 1 >= pages,
          ),
        ]
      : [];
  // One quote on one page: its button sits beside the votes, in a single row.
  const components =
    pages === 1 && full.length === 1
      ? [row([...full, ...voteButtons(view.session)])]
      : [row(full), row([...paging, ...voteButtons(view.session)])];
  return payload(intro, embeds, components);
}

/**
 * The quotes of one article (numbered "**3.**" when the answer has several), then its citation once, then the
 * other articles that reported the same, at most `max` characters.
 */
function groupDescription(g: ArticleGroup, max: number, numbered: boolean): string {
  const cite = citationLine(g.article, Math.min(500, Math.floor(max / 2.5)));
  const seen = new Set([g.article.id]);
  const others = g.results
    .flatMap(({ result }) => result.alsoReportedBy)
    .filter((a) => !seen.has(a.id) && seen.add(a.id));
  const also = alsoReportedLine(others, Math.min(700, Math.floor(max / 3)));
  let rest = max - cite.length - 1 - (also ? also.length + 1 : 0) - (g.results.length - 1);
  const quotes = g.results.map(({ result }, i) => {
    const number = numbered ? `**${result.rank}.** ` : "";
    const room = Math.floor(rest / (g.results.length - i));
    const { text, highlight } = result.quote;
    const hl = boldsKeySentence(text, highlight) ? highlight : { start: 0, end: 0 };
    const line = `${number}${quoteMarkdown(text, hl, room - number.length)}`;
    rest -= line.length;
    return line;
  });
  return [...quotes, cite, also].filter(Boolean).join("\n");
}

const ALSO = "Also reported by: ";

/**
 * "Also reported by: [Title](url) — Publisher; …; and 3 more", at most `max` characters: whole items only, each
 * with a budget of its own (a long URL costs its link, not the item), and a count of the ones left out.
 */
function alsoReportedLine(others: readonly ArticleMeta[], max: number): string {
  if (others.length === 0) return "";
  const shown = Math.min(others.length, 5);
  const more = (n: number) => (n > 0 ? `; and ${n} more` : "");
  const room = max - ALSO.length - more(others.length).length;
  const each = Math.floor(room / shown) - 2;
  if (each < 24) return "";
  const items = others.slice(0, shown).map((a) => articleLine(a, Math.min(each, 260)));
  const { text, count } = joinWhole(items, "; ", room);
  return count > 0 ? `${ALSO}${text}${more(others.length - count)}` : "";
}

function renderNothingFound(answer: Answer, view: AnswerView, intro: string): Payload {
  const lines = answer.suggestions.slice(0, 5).map((a) => `• ${articleLine(a, 600)}`);
  const description = [
    lines.length > 0 ? "These articles come closest:" : "The corpus does not seem to cover this topic.",
    ...lines,
    "",
    "Try rephrasing with words an article would use, or browse the corpus with `/sources`.",
  ].join("\n");
  const embed: APIEmbed = {
    title: lines.length > 0 ? "Closest articles" : "Nothing found",
    description,
    color: NOTHING_COLOR,
    footer: { text: modeLabel(answer.mode) },
  };
  return payload(intro, [embed], [row(voteButtons(view.session))]);
}

/** The whole chunk behind a quote, with the quote's key sentence in bold (for "Full passage"). */
export function renderFullPassage(result: AnswerResult): Payload {
  const { chunk, article } = result.passage;
  // Quote offsets are article offsets; the highlight is relative to the quote.
  const hs = result.quote.start - chunk.start + result.quote.highlight.start;
  const he = result.quote.start - chunk.start + result.quote.highlight.end;
  const cite = citationLine(article, 600);
  const key = boldsKeySentence(chunk.text, { start: hs, end: he }) ? { start: hs, end: he } : { start: 0, end: 0 };
  const body = quoteMarkdown(chunk.text, key, LIMITS.embedDescription - cite.length - 2);
  const embed: APIEmbed = {
    title: fitEscaped(article.title, LIMITS.embedTitle),
    description: `${body}\n\n${cite}`,
    color: BRAND_COLOR,
    footer: { text: `Passage ${chunk.ordinal + 1} of “${plainText(article.title, 200)}”` },
  };
  const url = safeUrl(article.url);
  if (url) embed.url = url;
  return payload("", [embed]);
}

// ---------------------------------------------------------------- search, sources, help

/** The best-matching part of a quote (its highlight: what an answer shows in bold), as one line. */
export function quoteLine(quote: Quote, max = 160): string {
  const focus = quote.text.slice(quote.highlight.start, quote.highlight.end);
  return clip(focus.replace(/\s+/g, " ").trim(), max);
}

/** `/search`: a compact ranked list (title, one-line quote, score). */
export function renderSearch(query: string, hits: readonly QuotedPassage[], mode: IndexMode): Payload {
  const q = fitEscaped(query.replace(/\s+/g, " ").trim(), 300);
  if (hits.length === 0)
    return payload(`No passage in the corpus matches “${q}”. Try other words, or browse with \`/sources\`.`);
  // Every line gets its share of the description, so all of them fit; whole lines are dropped only as a last
  // resort, and the footer counts what is shown.
  const each = Math.floor((LIMITS.embedDescription - 20) / hits.length) - 1;
  const lines = hits.map(({ passage: p, quote }, i) => {
    const number = `**${i + 1}.** `;
    const score = `${SEP}score ${p.score.toFixed(2)}`;
    const head = `${number}${articleLine(p.article, Math.floor(each * 0.6) - number.length - score.length)}${score}`;
    return `${head}\n> ${fitEscaped(quoteLine(quote, 200), Math.max(20, each - head.length - 3))}`;
  });
  const { text, count } = joinWhole(lines, "\n", LIMITS.embedDescription);
  const counted = count < hits.length ? `${count} of ${hits.length} passages` : plural(count, "passage");
  const embed: APIEmbed = {
    title: "Search results",
    description: text,
    color: BRAND_COLOR,
    footer: { text: `${modeLabel(mode)}${SEP}${counted}` },
  };
  return payload(`Passages matching “${q}”:`, [embed]);
}

/** What `/source` shows: stored article metadata plus its first paragraph. */
export interface SourceView extends ArticleMeta {
  lead?: string;
}

/** Whole tags, comma-separated, within `max` characters: "a, b, c (+12 more)". */
function tagList(tags: readonly string[], max: number): string {
  const escaped = tags
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => fitEscaped(t, 100));
  const all = joinWhole(escaped, ", ", max);
  if (all.count === escaped.length) return all.text;
  const some = joinWhole(escaped, ", ", max - ` (+${escaped.length} more)`.length);
  return `${some.text} (+${escaped.length - some.count} more)`;
}

/**
 * `/source`: metadata, first paragraph and link of one article. Each field has a fixed budget (names at most 256,
 * tags 1,024, the file 300), so the description's share of the 6,000-character message is known in advance.
 */
export function renderSource(a: SourceView): Payload {
  const fields: APIEmbedField[] = [];
  const add = (name: string, value: string | undefined, max: number, inline = true) => {
    if (value?.trim()) fields.push({ name, value: fitEscaped(value.trim(), max), inline });
  };
  add("Publisher", a.publisher, 256);
  add("Published", day(a.published), 40);
  add("Author", a.author, 256);
  const tags = a.tags?.length ? tagList(a.tags, LIMITS.fieldValue) : "";
  if (tags) fields.push({ name: "Tags", value: tags, inline: false });
  add("Corpus file", a.source, 300, false);
  const title = fitEscaped(a.title, LIMITS.embedTitle);
  const used = title.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(LIMITS.embedDescription, LIMITS.embedsTotal - used - 16);
  const link = linkWithin("Read the full article", a.url, Math.min(1200, Math.floor(room / 3)));
  const leadRoom = Math.min(1500, room - (link ? link.length + 2 : 0));
  const lead = a.lead?.trim() ? fitEscaped(a.lead.trim(), leadRoom) : "*(no text)*";
  const embed: APIEmbed = {
    title,
    description: link ? `${lead}\n\n${link}` : lead,
    color: BRAND_COLOR,
    fields,
  };
  const url = safeUrl(a.url);
  if (url) embed.url = url;
  return payload("", [embed]);
}

export const SOURCES_PER_PAGE = 10;

/** `/sources`: one page of the corpus' articles, with previous/next buttons. */
export function renderSources(articles: ArticleMeta[], page: number, mode: IndexMode): Payload {
  const pages = Math.max(1, Math.ceil(articles.length / SOURCES_PER_PAGE));
  const p = Math.max(0, Math.min(page, pages - 1));
  const slice = articles.slice(p * SOURCES_PER_PAGE, (p + 1) * SOURCES_PER_PAGE);
  // A tenth of the description per line, so a page always shows its ten articles whole.
  const each = Math.floor(LIMITS.embedDescription / SOURCES_PER_PAGE) - 1;
  const lines = slice.map((a, i) => {
    const number = `**${p * SOURCES_PER_PAGE + i + 1}.** `;
    return `${number}${articleLine(a, each - number.length)}`;
  });
  const embed: APIEmbed = {
    title: `Corpus articles (${articles.length})`,
    description:
      lines.length > 0
        ? joinWhole(lines, "\n", LIMITS.embedDescription).text
        : "The corpus is empty. Add articles and run /reindex.",
    color: BRAND_COLOR,
    footer: { text: `Page ${p + 1} of ${pages} · ${modeLabel(mode)} · /source shows one article` },
  };
  const components =
    pages > 1
      ? [
          row([
            button(
              encodeButton({ kind: "sources-page", page: Math.max(0, p - 1) }),
              "Previous",
              ButtonStyle.Secondary,
              "◀️",
              p === 0,
            ),
            button(
              encodeButton({ kind: "sources-page", page: Math.min(pages - 1, p + 1) }),
              "Next",
              ButtonStyle.Secondary,
              "▶️",
              p + 1 >= pages,
            ),
          ]),
        ]
      : [];
  return payload("", [embed], components);
}

export interface HelpView {
  articles: number;
  mode: IndexMode;
  cooldownSeconds: number;
  replyInThread: boolean;
}

export function renderHelp(v: HelpView): Payload {
  const description = [
    `I answer questions about a corpus of ${v.articles} article${v.articles === 1 ? "" : "s"} by **quoting** passages with citations. I never write an answer myself: every quote is verbatim, with its title, publisher, date and link.`,
    "",
    "**Ask**",
    "• `/ask question:` — quotes that answer it (add `private:True` to see them alone). Buttons: **More sources**, **Full passage** and 👍/👎 feedback.",
    `• Mention me with a question in a channel${v.replyInThread ? " (I answer in a thread)" : ""}.`,
    "",
    "**Look things up**",
    "• `/search query:` — a ranked list of matching passages (`k:` 1–10).",
    "• `/source article:` — one article's details and first paragraph (start typing a title).",
    "• `/sources` — every article in the corpus.",
    "",
    "**Cite sources in a discussion**",
    "• Right-click a message → **Apps → Find sources**: passages that support or concern it.",
    "",
    "**Tips**: ask about one thing at a time and use words an article would use. If nothing matches I say so and suggest the closest articles.",
    v.cooldownSeconds > 0 ? `Questions are limited to one every ${v.cooldownSeconds} s per person.` : "",
  ]
    .filter((l, i, all) => l !== "" || all[i - 1] !== "")
    .join("\n");
  return payload("", [
    {
      title: "quotebot — answers with quotes, never invented",
      description: description.slice(0, LIMITS.embedDescription),
      color: BRAND_COLOR,
      footer: { text: `${modeLabel(v.mode)} · admins: /reindex rebuilds the index without a restart` },
    },
  ]);
}

// ---------------------------------------------------------------- autocomplete

export interface Choice {
  name: string;
  value: string;
}

/** Autocomplete choices for article titles: at most 25, names within 100 characters, values are article ids. */
export function articleChoices(articles: ArticleMeta[], toValue: (a: ArticleMeta) => string): Choice[] {
  return articles.slice(0, LIMITS.choices).map((a) => ({
    name: clip(a.title.replace(/\s+/g, " ").trim() || a.id, LIMITS.choiceName),
    value: toValue(a),
  }));
}

// ---------------------------------------------------------------- components

function button(
  customId: string,
  label: string,
  style: APIButtonComponentWithCustomId["style"],
  emoji?: string,
  disabled = false,
): APIButtonComponentWithCustomId {
  const b: APIButtonComponentWithCustomId = {
    type: ComponentType.Button,
    custom_id: customId,
    label: clip(label, LIMITS.buttonLabel),
    style,
  };
  if (emoji) b.emoji = { name: emoji };
  if (disabled) b.disabled = true;
  return b;
}

function voteButtons(session: string): APIButtonComponentWithCustomId[] {
  return [
    button(encodeButton({ kind: "answer-vote", session, vote: "up" }), "Helpful", ButtonStyle.Success, "👍"),
    button(encodeButton({ kind: "answer-vote", session, vote: "down" }), "Not helpful", ButtonStyle.Danger, "👎"),
  ];
}

function row(components: APIButtonComponentWithCustomId[]): ActionRow {
  return { type: ComponentType.ActionRow, components: components.slice(0, LIMITS.buttonsPerRow) };
}
