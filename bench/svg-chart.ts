/**
 * Small, dependency-free SVG charts for docs/performance.md: grouped bars and x/y lines. Pure functions from data
 * to an SVG string, so they are easy to test and the output is diff-friendly.
 */

/** Marks the charts the bench draws, so that a later run removes its own stale charts and nothing else. */
export const CHART_GENERATOR = "quotebot-bench";

export interface BarChart {
  title: string;
  /** One label per group on the x axis. */
  groups: string[];
  /** Each series has one value per group. */
  series: { name: string; values: number[] }[];
  yLabel: string;
  /** Optional horizontal reference line (e.g. a goal). */
  reference?: { value: number; label: string };
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Points may carry a short label drawn next to them (e.g. the parameter value that produced them). */
  series: { name: string; points: { x: number; y: number; label?: string }[] }[];
  /** Log-scale x axis (for parameters such as ef that grow geometrically). */
  logX?: boolean;
  yMin?: number;
  yMax?: number;
  reference?: { value: number; label: string };
  /** Optional vertical reference line at an x value. */
  xReference?: { value: number; label: string };
}

const WIDTH = 640;
const HEIGHT = 360;
const PAD = { left: 64, right: 16, top: 40, bottom: 72 };
const COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Round numbers for axis ticks: 1, 2 or 5 times a power of ten, covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max === min) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** 1, 2 and 5 times powers of ten within [min, max], for log axes. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= min * 0.999 && t <= max * 1.001) out.push(t);
    }
  return out;
}

const fmt = (x: number) => (Math.abs(x) >= 1000 ? x.toLocaleString("en-US") : String(Number(x.toPrecision(4))));
/** Bar labels: short enough not to collide with the neighbouring bar. */
const label = (x: number) =>
  Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : String(Number(x.toPrecision(2)));

function frame(title: string, yLabel: string, xLabel: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" data-generator="${CHART_GENERATOR}" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text transform="translate(16 ${(PAD.top + HEIGHT - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
    xLabel
      ? `<text x="${(PAD.left + WIDTH - PAD.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`
      : "",
    ...body,
    "</svg>",
    "",
  ]
    .filter(Boolean)
    .join("\n");
}

function yAxis(ticks: number[], y: (v: number) => number): string[] {
  return ticks.flatMap((t) => [
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`,
    `<text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`,
  ]);
}

function legend(names: string[]): string[] {
  const perRow = 4;
  return names.flatMap((name, i) => {
    const x = PAD.left + (i % perRow) * 140;
    const y = HEIGHT - 34 + Math.floor(i / perRow) * 14;
    return [
      `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 14}" y="${y}">${escapeXml(name)}</text>`,
    ];
  });
}

function referenceLine(ref: { value: number; label: string } | undefined, y: (v: number) => number): string[] {
  if (!ref) return [];
  const yy = y(ref.value).toFixed(1);
  return [
    `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${yy}" y2="${yy}" stroke="#c00" stroke-dasharray="6 4"/>`,
    `<text x="${WIDTH - PAD.right - 4}" y="${Number(yy) - 4}" text-anchor="end" fill="#c00">${escapeXml(ref.label)}</text>`,
  ];
}

export function barChartSvg(chart: BarChart): string {
  const values = chart.series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = Math.max(0, ...values, chart.reference?.value ?? 0);
  const ticks = niceTicks(0, top * 1.05 || 1);
  const yMax = ticks[ticks.length - 1]!;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH * (1 - v / yMax);
  const groupW = (WIDTH - PAD.left - PAD.right) / Math.max(1, chart.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, chart.series.length);
  const body = [...yAxis(ticks, y)];
  chart.groups.forEach((g, gi) => {
    const x0 = PAD.left + gi * groupW + groupW * 0.1;
    chart.series.forEach((s, si) => {
      const v = s.values[gi];
      if (v === undefined || !Number.isFinite(v)) return;
      const x = x0 + si * barW;
      body.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${escapeXml(`${s.name} · ${g}: ${fmt(v)}`)}</title></rect>`,
        `<text x="${(x + barW / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" text-anchor="middle" font-size="10">${label(v)}</text>`,
      );
    });
    body.push(
      `<text x="${(x0 + groupW * 0.4).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeXml(g)}</text>`,
    );
  });
  body.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  body.push(...referenceLine(chart.reference, y), ...legend(chart.series.map((s) => s.name)));
  return frame(chart.title, chart.yLabel, "", body);
}

export function lineChartSvg(chart: LineChart): string {
  const pts = chart.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const tx = (x: number) => (chart.logX ? Math.log10(x) : x);
  const xs = [...pts.map((p) => tx(p.x)), ...(chart.xReference ? [tx(chart.xReference.value)] : [])].filter(
    Number.isFinite,
  );
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const ys = pts.map((p) => p.y);
  const yTicks = niceTicks(chart.yMin ?? Math.min(...ys), chart.yMax ?? Math.max(...ys));
  const y0 = chart.yMin ?? yTicks[0]!;
  const y1 = chart.yMax ?? yTicks[yTicks.length - 1]!;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + (xMax === xMin ? plotW / 2 : (plotW * (tx(v) - xMin)) / (xMax - xMin));
  const y = (v: number) => PAD.top + plotH * (1 - (v - y0) / (y1 - y0 || 1));
  const body = [
    ...yAxis(
      yTicks.filter((t) => t >= y0 && t <= y1),
      y,
    ),
  ];
  const distinct = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const xTicks = chart.logX
    ? logTicks(10 ** xMin, 10 ** xMax)
    : distinct.length <= 10
      ? distinct
      : niceTicks(xMin, xMax);
  for (const t of xTicks)
    body.push(`<text x="${x(t).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  chart.series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length];
    const path = s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`)
      .join(" ");
    if (path) body.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points)
      if (Number.isFinite(p.x) && Number.isFinite(p.y)) {
        body.push(
          `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3" fill="${color}"><title>${escapeXml(`${s.name}${p.label ? ` ${p.label}` : ""}: (${fmt(p.x)}, ${fmt(p.y)})`)}</title></circle>`,
        );
        if (p.label)
          body.push(
            `<text x="${(x(p.x) + 4).toFixed(1)}" y="${(y(p.y) + 12).toFixed(1)}" font-size="9" fill="${color}">${escapeXml(p.label)}</text>`,
          );
      }
  });
  body.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(y0)}" y2="${y(y0)}" stroke="#333"/>`);
  if (chart.xReference && Number.isFinite(tx(chart.xReference.value))) {
    const xx = x(chart.xReference.value).toFixed(1);
    body.push(
      `<line x1="${xx}" x2="${xx}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="#c00" stroke-dasharray="6 4"/>`,
      `<text x="${Number(xx) + 4}" y="${PAD.top + 12}" fill="#c00">${escapeXml(chart.xReference.label)}</text>`,
    );
  }
  body.push(...referenceLine(chart.reference, y), ...legend(chart.series.map((s) => s.name)));
  return frame(chart.title, chart.yLabel, chart.xLabel, body);
}
