import { describe, expect, it } from "vitest";
import { DUPLICATE_THRESHOLD, fingerprint, quoteSimilarity } from "../../src/answer/dedupe.js";

/** Every term equally weighted, so the expected overlaps can be counted by hand. */
const flat = () => 1;

describe("quoteSimilarity", () => {
  it("given a syndicated copy (one quote contained in the other) then similarity is 1", () => {
    const long = "Two Russian nationals were charged by the DOJ for the Mt. Gox hack, the agency said on Friday.";
    const short = "Two Russian nationals were charged by the DOJ for the Mt. Gox hack";
    expect(quoteSimilarity(fingerprint(long, flat), fingerprint(short, flat))).toBe(1);
  });

  it("given a close rewording of the same fact then it is a duplicate", () => {
    const a = fingerprint("CyberTrust also announced the launch of its new Russia-focused exchange CyberEX.", flat, [
      "cyberex",
    ]);
    const b = fingerprint(
      "CyberTrust announced at a press conference that it is launching a Russia-focused exchange known as CyberEX.",
      flat,
      ["cyberex"],
    );
    // Terms of the shorter, without the question term: cybertrust also announc launch new russia focus exchang (8);
    // shared: cybertrust announc launch russia focus exchang (6) → 6/8.
    expect(quoteSimilarity(a, b)).toBe(6 / 8);
    expect(quoteSimilarity(a, b)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it("given two different facts about the same subject then they are not duplicates", () => {
    const q = ["kickico"];
    const a = fingerprint(
      "KICKICO announced a partnership with China, the Chinese-Russian Cryptocurrency Alliance.",
      flat,
      q,
    );
    const b = fingerprint("Start-ups can raise money on KICKICO's crypto crowdfunding platform in Moscow.", flat, q);
    expect(quoteSimilarity(a, b)).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it("given quotes that share only the question's words then they are not duplicates", () => {
    const q = ["bitpowr", "transact"];
    const a = fingerprint("Bitpowr has processed $200 million in transactions since January 2022.", flat, q);
    const b = fingerprint("Bitpowr plans to expand to Asia, where transactions keep growing fast.", flat, q);
    expect(quoteSimilarity(a, b)).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it("given rare shared words then they weigh more than common ones", () => {
    const a = "The ChainMaker network links banks, ports and courts.";
    const b = "Regulators praised ChainMaker, the network built for courts.";
    const weight = (t: string) => (t === "chainmak" ? 10 : 1);
    // Six terms each, three shared (chainmak, network, court): flat 3/6; weighted (10 + 2) / (10 + 5).
    expect(quoteSimilarity(fingerprint(a, flat), fingerprint(b, flat))).toBe(3 / 6);
    expect(quoteSimilarity(fingerprint(a, weight), fingerprint(b, weight))).toBe(12 / 15);
  });

  it("given a text with fewer than four content words then term overlap does not count", () => {
    const a = fingerprint("Bank shares rose.", flat);
    const b = fingerprint("Shares of the bank rose sharply after the results were published.", flat);
    expect(quoteSimilarity(a, b)).toBe(0);
  });
});
