/** The charts of docs/performance.md, as SVG files under bench/: file name → SVG text. */
import { HNSW_GOAL } from "./hnsw-recall.js";
import { type BenchResults, medianRun } from "./results.js";
import { barChartSvg, lineChartSvg } from "./svg-chart.js";

const MB = 1024 * 1024;

export function renderCharts(r: BenchResults): Record<string, string> {
  const out: Record<string, string> = {};
  if (r.embedding) {
    const t = r.embedding.tuning.filter((p) => !p.contended);
    const sizes = [...new Set(t.map((p) => p.batchSize))].sort((a, b) => a - b);
    const kinds = [...new Set(t.map((p) => `${p.threads}/${p.spinning}`))];
    out["embedding-tuning.svg"] = barChartSvg({
      title: "Raw ONNX Runtime throughput by batch size and threads",
      groups: sizes.map((b) => `batch ${b}`),
      series: kinds.map((k) => {
        const [threads, spinning] = k.split("/");
        return {
          name: `${threads} thread${threads === "1" ? "" : "s"}${spinning === "true" ? ", spinning" : ""}`,
          values: sizes.map(
            (b) => t.find((p) => p.batchSize === b && `${p.threads}/${p.spinning}` === k)?.chunksPerSec ?? Number.NaN,
          ),
        };
      }),
      yLabel: "chunks/s (median)",
    });
  }
  if (r.build) {
    const phases = [
      "corpus-loaded",
      "model-loaded",
      "chunked",
      "embedded",
      "lexical-written",
      "vectors-written",
      "published",
    ];
    const labels = ["load corpus", "previous index + model", "chunk", "embed", "BM25", "HNSW", "publish"];
    const durations = (p: Record<string, number>) =>
      phases.map((name, i) => (p[name] ?? Number.NaN) - (i === 0 ? 0 : (p[phases[i - 1]!] ?? Number.NaN)));
    const median = medianRun(r.build.incremental.runs);
    const incremental = median ? durations(median.phases) : [];
    // Embedding dwarfs every other phase of a full build; leave it out so the rest (all an incremental build does)
    // stays readable. Its time is in the title and the table.
    const keep = labels.map((_, i) => i).filter((i) => phases[i] !== "embedded");
    const full = durations(r.build.full.phases);
    out["build-phases.svg"] = barChartSvg({
      title: `Build phases, BBC News (embedding, ${(full[3]! / 1000).toFixed(0)} s in the full build, not drawn)`,
      groups: keep.map((i) => labels[i]!),
      series: [
        { name: "full build (s)", values: keep.map((i) => full[i]! / 1000) },
        ...(median ? [{ name: "incremental, median run (s)", values: keep.map((i) => incremental[i]! / 1000) }] : []),
      ],
      yLabel: "seconds",
    });
  }
  const sweeps = [
    ...(r.hnsw?.scales ?? []).map((s) => ({ s, file: `hnsw-${s.size}.svg`, queries: "questions" })),
    ...(r.hnsw?.documentScales ?? []).map((s) => ({ s, file: `hnsw-passages-${s.size}.svg`, queries: "passages" })),
  ];
  for (const { s, file, queries } of sweeps) {
    const graphs = [...new Set(s.points.map((p) => `${p.M}/${p.efConstruction}`))];
    out[file] = lineChartSvg({
      title: `HNSW at ${s.size.toLocaleString("en-US")} vectors, ${queries} as queries: recall@10 vs time (ef varies)`,
      xLabel: "query time / exact brute-force time (log)",
      yLabel: "recall@10",
      logX: true,
      series: graphs.map((g) => {
        const [M, efC] = g.split("/");
        return {
          name: `M=${M}, efC=${efC}`,
          points: s.points
            .filter((p) => `${p.M}/${p.efConstruction}` === g)
            // Label the ef values on the product's own graph (the first series); more would clutter.
            .map((p) => ({ x: p.timeVsExact, y: p.recall, label: g === graphs[0] ? `ef ${p.ef}` : undefined })),
        };
      }),
      reference: { value: HNSW_GOAL.minRecall, label: `recall ${HNSW_GOAL.minRecall}` },
      xReference: { value: HNSW_GOAL.maxTimeVsExact, label: `1/${Math.round(1 / HNSW_GOAL.maxTimeVsExact)} of exact` },
    });
  }
  const runs = r.scale?.runs ?? [];
  if (runs.some((x) => x.latency)) {
    const withLatency = runs.filter((x) => x.latency);
    out["query-latency.svg"] = barChartSvg({
      title: "Warm query latency (median)",
      groups: withLatency.map((x) => `${x.chunks.toLocaleString("en-US")} chunks`),
      series: [
        { name: "forward pass", values: withLatency.map((x) => x.latency!.forward.p50) },
        { name: "BM25", values: withLatency.map((x) => x.latency!.bm25.p50) },
        { name: "HNSW", values: withLatency.map((x) => x.latency!.hnsw.p50) },
        { name: "ask, end to end", values: withLatency.map((x) => x.latency!.ask.p50) },
      ],
      yLabel: "ms",
    });
  }
  if (runs.some((x) => x.coldStart)) {
    const base = r.scale?.baseline;
    const groups = [...(base ? ["8 articles"] : []), ...runs.map((x) => `${x.chunks.toLocaleString("en-US")} chunks`)];
    out["cold-start.svg"] = barChartSvg({
      title: "Cold start: process start to first answer (median)",
      groups,
      series: [
        {
          name: "first answer (s)",
          values: [
            ...(base ? [base.coldStart.firstAnswerMedianMs] : []),
            ...runs.map((x) => x.coldStart?.firstAnswerMedianMs ?? Number.NaN),
          ].map((v) => v / 1000),
        },
      ],
      yLabel: "seconds",
      reference: { value: 2, label: "goal 2 s" },
    });
    out["memory.svg"] = barChartSvg({
      title: "Peak RSS of `ask` vs raw index payload",
      groups,
      series: [
        {
          name: "peak RSS (MB)",
          values: [
            ...(base ? [base.coldStart.maxRssMedianBytes] : []),
            ...runs.map((x) => x.coldStart?.maxRssMedianBytes ?? Number.NaN),
          ].map((v) => v / MB),
        },
        {
          name: "vectors + graph + texts (MB)",
          values: [...(base ? [base.sizes.rawBytes] : []), ...runs.map((x) => x.sizes.rawBytes)].map((v) => v / MB),
        },
      ],
      yLabel: "MB",
    });
  }
  return out;
}
