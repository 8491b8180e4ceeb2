/** Autocomplete over article titles: what the user typed so far, prefix matches first, then substring matches. */
import type { ArticleMeta } from "../types.js";

export function matchTitles(all: readonly ArticleMeta[], typed: string, limit = 25): ArticleMeta[] {
  const q = typed.trim().toLowerCase();
  if (q === "") return all.slice(0, limit);
  const starts = all.filter((a) => a.title.toLowerCase().startsWith(q));
  const contains = all.filter((a) => !a.title.toLowerCase().startsWith(q) && a.title.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}
