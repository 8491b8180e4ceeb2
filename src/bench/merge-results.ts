/**
 * Re-measure some steps and keep the others from an earlier run (`npm run bench -- --only embedding --merge
 * bench/results.json`). Only allowed when the measured settings are the same; carried-over sections are named in
 * the results and the report.
 */
import { evaluateGoals } from "./goals.js";
import type { BenchResults } from "./results.js";

const SECTIONS = ["embedding", "build", "hnsw", "scale", "lexical"] as const;

export function mergeResults(fresh: BenchResults, earlier: BenchResults): BenchResults {
  if (JSON.stringify(fresh.settings) !== JSON.stringify(earlier.settings) || fresh.mode !== earlier.mode)
    throw new Error(
      `cannot merge: the earlier run measured other settings (${JSON.stringify(earlier.settings)}, ${earlier.mode})`,
    );
  const merged: BenchResults = { ...fresh };
  const carried: NonNullable<BenchResults["carriedOver"]> = [];
  for (const section of SECTIONS) {
    if (fresh[section] !== undefined || earlier[section] === undefined) continue;
    (merged as unknown as Record<string, unknown>)[section] = earlier[section];
    const from = earlier.carriedOver?.find((c) => c.section === section)?.generatedAt ?? earlier.generatedAt;
    carried.push({ section, generatedAt: from });
  }
  if (carried.length > 0) merged.carriedOver = carried;
  merged.goals = evaluateGoals(merged);
  return merged;
}
