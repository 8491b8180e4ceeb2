/** The issue's goals, checked against one run's figures. A missing figure is reported as not met, never guessed. */
import { HNSW_GOAL } from "./hnsw-recall.js";
import { measuredModel, sameModel, sectionSettings } from "./measured-model.js";
import { type BenchResults, coldStartRun, type Goal, type Step } from "./results.js";

/**
 * Warm `ask` p50 ÷ the question's own forward pass. Issue 14 asks ≤ 3× with the real all-MiniLM-L6-v2 weights,
 * sentence scoring included (6 layers: the forward pass is about half the old one, so the same work after it weighs
 * twice as much); ≤ 1.3× was the goal for the 12-layer random-weight bge-small, before sentence scoring.
 */
export function latencyGoal(settings: BenchResults["settings"]): number {
  return measuredModel(settings).weights === "real" ? 3 : 1.3;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

export function evaluateGoals(r: BenchResults): Goal[] {
  const goals: Goal[] = [];
  /** Names the model of a section carried over from a run of another model, so no figure passes for this run's. */
  const other = (section: Step) => {
    const s = sectionSettings(r, section);
    return sameModel(s, r.settings) ? "" : `; measured with ${s.model}, ${measuredModel(s).weights} weights`;
  };
  if (r.embedding) {
    const e = r.embedding.efficiency;
    goals.push({
      id: "embed-efficiency",
      what: "Embedding throughput of the index build vs raw ONNX Runtime (same model, batches, process)",
      target: "≥ 0.90",
      measured: `${e.ratio.toFixed(3)} (${e.pipelineChunksPerSec.toFixed(1)} vs ${e.rawChunksPerSec.toFixed(1)} chunks/s${other("embedding")})`,
      met: e.ratio >= 0.9,
    });
  }
  const latencyTarget = latencyGoal(sectionSettings(r, "scale"));
  for (const run of r.scale?.runs ?? []) {
    if (!run.latency) continue;
    const l = run.latency;
    goals.push({
      id: `query-latency-${run.targetChunks}`,
      what: `Warm query latency at ${run.chunks.toLocaleString("en-US")} chunks: ask p50 vs the query's forward pass p50`,
      target: `≤ ${latencyTarget}×`,
      measured: `${l.askVsForward.toFixed(2)}× (ask p50 ${ms(l.ask.p50)}, p95 ${ms(l.ask.p95)}; forward p50 ${ms(l.forward.p50)}${(l.askVsForwardByRound?.length ?? 0) > 1 ? `; ${l.askVsForwardByRound!.length} rounds: ${l.askVsForwardByRound!.map((x) => x.toFixed(2)).join(", ")}` : ""}; hnswlib-node ${r.machine.hnswlibBuild ?? "portable"} build${other("scale")})`,
      met: l.askVsForward <= latencyTarget,
    });
  }
  const hnswGoals = [
    ["questions", r.hnsw?.chosen ?? []],
    ["held-out passages", r.hnsw?.documentChosen ?? []],
  ] as const;
  for (const [queries, chosen] of hnswGoals)
    for (const c of chosen)
      goals.push({
        id: `hnsw-${c.size}${queries === "questions" ? "" : "-passages"}`,
        what: `HNSW at ${c.size.toLocaleString("en-US")} vectors, ${queries} as queries: recall@10 vs exact, time vs exact brute force`,
        target: `recall ≥ ${HNSW_GOAL.minRecall} at ≤ 1/${Math.round(1 / HNSW_GOAL.maxTimeVsExact)} of exact time`,
        measured: `recall ${c.point.recall.toFixed(3)} at ${c.point.timeVsExact.toFixed(3)}× exact (M=${c.point.M}, efC=${c.point.efConstruction}, ef=${c.point.ef}${other("hnsw")})`,
        met: c.meetsGoal,
      });
  if (r.build) {
    const b = r.build;
    goals.push({
      id: "incremental-rebuild",
      what: `Incremental rebuild after changing one article (${b.articles.toLocaleString("en-US")} articles)`,
      target: "≤ 5% of the full build",
      measured: `${pct(b.incremental.ratioToFull)} (${ms(b.incremental.medianMs)} vs ${(b.full.durationMs / 1000).toFixed(1)} s${other("build")})`,
      met: b.incremental.ratioToFull <= 0.05,
    });
  }
  const cold = coldStartRun(r);
  if (cold?.coldStart) {
    goals.push({
      id: "cold-start",
      what: `Cold start at ${cold.chunks.toLocaleString("en-US")} chunks (process start → first answer)`,
      target: "≤ 2 s",
      measured: `${(cold.coldStart.firstAnswerMedianMs / 1000).toFixed(2)} s (median of ${cold.coldStart.runs.length}${other("scale")})`,
      met: cold.coldStart.firstAnswerMedianMs <= 2000,
    });
  }
  return goals;
}
