/**
 * Re-measure some steps and keep the others from an earlier run (`npm run bench -- --only embedding --merge
 * bench/results.json`). Only allowed when the measured settings are the same, the model aside: a section measured
 * with another model carries that run's settings with it (`measuredWith`), so the report names the model of every
 * section. Carried-over sections are named in the results and the report.
 */
import { evaluateGoals } from "./goals.js";
import { sameModel, sectionSettings } from "./measured-model.js";
import { type BenchResults, STEPS, type Step } from "./results.js";

type Settings = BenchResults["settings"];

/**
 * The settings a section's figures depend on, besides the model: embedding throughput (document batches) depends
 * on neither the HNSW parameters nor the query embedder's thread count.
 */
function relevantSettings(section: Step, settings: Settings): unknown {
  const { model: _m, weights: _w, layers: _l, pooling: _p, queryPrefix: _q, ...rest } = settings;
  if (section === "embedding") {
    const { hnsw: _graph, queryThreads: _query, ...others } = rest;
    return others;
  }
  return rest;
}

/** The sections `earlier` would have to lend a run measuring `measured`, and whether each may be carried over. */
export function carriedSteps(
  measured: readonly string[],
  fresh: Pick<BenchResults, "settings" | "mode">,
  earlier: BenchResults,
): { section: Step; compatible: boolean }[] {
  return STEPS.filter((s) => !measured.includes(s) && earlier[s] !== undefined).map((section) => ({
    section,
    compatible:
      fresh.mode === earlier.mode &&
      JSON.stringify(relevantSettings(section, fresh.settings)) ===
        JSON.stringify(relevantSettings(section, sectionSettings(earlier, section))),
  }));
}

export function mergeResults(fresh: BenchResults, earlier: BenchResults): BenchResults {
  const measured = STEPS.filter((s) => fresh[s] !== undefined);
  const plan = carriedSteps(measured, fresh, earlier);
  const refused = plan.filter((p) => !p.compatible).map((p) => p.section);
  if (refused.length > 0)
    throw new Error(
      `cannot merge ${refused.join(", ")}: the earlier run measured other settings (${JSON.stringify(sectionSettings(earlier, refused[0]!))}, ${earlier.mode}); re-measure them too`,
    );
  const merged: BenchResults = { ...fresh };
  const carried: NonNullable<BenchResults["carriedOver"]> = [];
  for (const { section } of plan) {
    (merged as unknown as Record<string, unknown>)[section] = earlier[section];
    const from = earlier.carriedOver?.find((c) => c.section === section)?.generatedAt ?? earlier.generatedAt;
    const own = sectionSettings(earlier, section);
    carried.push({ section, generatedAt: from, ...(sameModel(own, fresh.settings) ? {} : { measuredWith: own }) });
  }
  if (carried.length > 0) merged.carriedOver = carried;
  merged.goals = evaluateGoals(merged);
  return merged;
}
