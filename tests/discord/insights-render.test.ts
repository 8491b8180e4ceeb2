/** /insights' message: whole list items within Discord's limits, however long the questions and titles. */
import { describe, expect, it } from "vitest";
import { fitList, renderInsights } from "../../src/discord/commands/insights.js";
import { limitViolations } from "../../src/discord/render.js";
import { buildInsights } from "../../src/store/insights.js";

const long = (n: number) => `${"why does the quokkafest_market *rally* when <@123> says so ".repeat(8)}${n}`;

describe("renderInsights", () => {
  it("given many long declined and down-voted questions and long titles, then the message fits every limit and lists are cut between items", () => {
    const now = Date.now();
    const events = Array.from({ length: 60 }, (_, i) => ({
      guildId: "1",
      at: now - i,
      source: "mention" as const,
      question: long(i),
      outcome: (i % 2 ? "declined" : "answered") as "declined" | "answered",
      chunkIds: [`article-${i}#0`],
      userHash: "h",
    }));
    const votes = Array.from({ length: 30 }, (_, i) => ({
      at: new Date(now - i).toISOString(),
      vote: "down" as const,
      question: long(100 + i),
      resultIds: [`a${i}#0`, `b${i}#1`, `c${i}#2`],
      guild: "1",
    }));
    const report = buildInsights(events, votes, { since: now - 1000, until: now, guildId: "1", limit: 25 });
    expect(report.declinedQuestions).toHaveLength(25);
    const body = renderInsights(report, 7, (id) => `A very long article title ${"x".repeat(300)} ${id}`);
    expect(limitViolations(body)).toEqual([]);
    for (const e of body.embeds) expect(e.description).toMatch(/… and \d+ more$/);
    // Mentions in members' questions are shown inert.
    expect(body.embeds[0]!.description).not.toMatch(/<@123>/);
  });

  it("given items that fit, then all are listed with no note; given none, then 'none'", () => {
    expect(fitList(["a", "b"], 100)).toBe("a\nb");
    expect(fitList([], 100)).toBe("none");
    expect(fitList(["x".repeat(50), "y".repeat(50), "z".repeat(50)], 110)).toBe(`${"x".repeat(50)}\n… and 2 more`);
  });
});
