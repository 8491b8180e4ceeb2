/**
 * Which model a results section was measured with, and how to describe it: the report's wording about similarities,
 * query prefixes, pooling and depth follows the model actually measured, never an assumed one.
 */
import { modelDefaults } from "../src/config.js";
import type { BenchResults, Step } from "./results.js";

type Settings = BenchResults["settings"];

export interface MeasuredModel {
  id: string;
  weights: "real" | "random";
  layers?: number;
  pooling: "cls" | "mean";
  /** Text put before every question; "" = questions are embedded like passages. */
  queryPrefix: string;
}

/**
 * The model of a run's settings. Results written before the bench recorded weights, pooling and prefix measured
 * the random-weight bge-small copy; those fields are filled from the model id as the project's config would.
 */
export function measuredModel(settings: Settings): MeasuredModel {
  const defaults = modelDefaults(settings.model);
  const weights = settings.weights ?? (/random/i.test(settings.model) ? "random" : "real");
  const legacyBgeSmall = settings.layers === undefined && /bge-small/i.test(settings.model);
  return {
    id: settings.model,
    weights,
    layers: settings.layers ?? (legacyBgeSmall ? 12 : undefined),
    pooling: settings.pooling ?? defaults.pooling,
    queryPrefix: settings.queryPrefix ?? defaults.queryPrefix,
  };
}

/** The settings a section's figures were measured with: its own when carried over from a run of another model. */
export function sectionSettings(r: BenchResults, section: Step): Settings {
  return r.carriedOver?.find((c) => c.section === section)?.measuredWith ?? r.settings;
}

/** The same two models as far as measurement is concerned (id and weights; pooling and prefix follow from them). */
export function sameModel(a: Settings, b: Settings): boolean {
  const x = measuredModel(a);
  const y = measuredModel(b);
  return x.id === y.id && x.weights === y.weights && x.queryPrefix === y.queryPrefix && x.pooling === y.pooling;
}

/** "`id` (q8; real weights: …; 6 layers, mean pooling, questions without a prefix)". */
export function describeModel(m: MeasuredModel, dtype: string): string {
  const weights =
    m.weights === "real"
      ? "real trained weights: similarities mean something"
      : "random weights: the real shape and cost, meaningless similarities";
  const shape = [
    m.layers !== undefined ? `${m.layers} layers` : undefined,
    m.pooling === "cls" ? "CLS pooling" : "mean pooling",
    m.queryPrefix ? `questions prefixed with "${m.queryPrefix.trim()}"` : "questions embedded without a prefix",
  ].filter((x) => x !== undefined);
  return `\`${m.id}\` (${dtype}; ${weights}; ${shape.join(", ")})`;
}

/** How the pipeline turns token vectors into one embedding, in words. */
export function poolingWords(m: MeasuredModel): string {
  return m.pooling === "cls" ? "pools the CLS token" : "mean-pools the token vectors (attention mask applied)";
}
