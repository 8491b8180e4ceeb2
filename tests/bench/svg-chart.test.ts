import { describe, expect, it } from "vitest";
import { barChartSvg, escapeXml, lineChartSvg, niceTicks } from "../../bench/svg-chart.js";

describe("niceTicks", () => {
  it("given a range then ticks are round steps covering it", () => {
    expect(niceTicks(0, 47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0.9, 1)).toEqual([0.9, 0.92, 0.94, 0.96, 0.98, 1]);
  });

  it("given an empty range then there is still an axis", () => {
    expect(niceTicks(3, 3).length).toBeGreaterThan(1);
  });
});

describe("escapeXml", () => {
  it("given markup characters then they are escaped", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  });
});

describe("barChartSvg", () => {
  const svg = barChartSvg({
    title: "Throughput <chunks/s>",
    groups: ["bs 1", "bs 4"],
    series: [
      { name: "1 thread", values: [40, 42] },
      { name: "2 threads", values: [45, Number.NaN] },
    ],
    yLabel: "chunks/s",
    reference: { value: 44, label: "goal" },
  });

  it("given data then it is one well-formed SVG document with a bar per finite value", () => {
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain("Throughput &lt;chunks/s&gt;");
    expect(svg).toContain(">goal</text>");
  });

  it("given a value then the bar heights follow the values", () => {
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"[^>]*><title>/g)].map((m) => Number(m[1]));
    expect(heights[0]!).toBeLessThan(heights[2]!);
  });
});

describe("lineChartSvg", () => {
  it("given two series then each becomes a path with a point per value", () => {
    const svg = lineChartSvg({
      title: "Recall",
      xLabel: "ef",
      yLabel: "recall@10",
      logX: true,
      series: [
        { name: "M=16", points: [10, 40, 160].map((x, i) => ({ x, y: 0.8 + i * 0.09 })) },
        { name: "M=32", points: [10, 40, 160].map((x, i) => ({ x, y: 0.85 + i * 0.07 })) },
      ],
      yMax: 1,
    });
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    expect(svg).not.toContain("NaN");
  });
});
