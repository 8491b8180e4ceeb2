/** Answer → readable terminal text: numbered quotes, the key sentence emphasised, and a citation line each. */
import type { Answer, ArticleMeta } from "../types.js";

export interface TerminalStyle {
  bold(s: string): string;
  dim(s: string): string;
}

const ansi: TerminalStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
const plain: TerminalStyle = { bold: (s) => s, dim: (s) => s };

export const terminalStyle = (color: boolean): TerminalStyle => (color ? ansi : plain);

export function formatCitation(a: ArticleMeta): string {
  const parts = [`“${a.title}”`];
  if (a.publisher) parts.push(a.publisher);
  if (a.published) parts.push(a.published);
  if (a.url) parts.push(a.url);
  parts.push(`[${a.source}]`);
  return parts.join(" · ");
}

export function renderTerminal(answer: Answer, style: TerminalStyle = plain): string {
  const lines: string[] = [];
  if (!answer.answered) {
    lines.push("Nothing in the corpus answers that question.");
    if (answer.suggestions.length > 0) {
      lines.push("Closest articles:");
      for (const s of answer.suggestions) lines.push(`  - ${formatCitation(s)}`);
    }
    lines.push(style.dim(`(${answer.mode} search)`));
    return lines.join("\n");
  }
  for (const r of answer.results) {
    const q = r.quote;
    const text =
      q.text.slice(0, q.highlight.start) +
      style.bold(q.text.slice(q.highlight.start, q.highlight.end)) +
      q.text.slice(q.highlight.end);
    lines.push(`${r.rank}. “${text}”`);
    lines.push(`   — ${formatCitation(r.passage.article)} ${style.dim(`(score ${r.score.toFixed(3)})`)}`);
    for (const also of r.alsoReportedBy) lines.push(`   ${style.dim("also reported by")} ${formatCitation(also)}`);
    lines.push("");
  }
  lines.push(style.dim(`(${answer.mode} search)`));
  return lines.join("\n");
}
