/**
 * The precision/recall trade-off of the no-answer decision over calibration samples (see decline-samples.ts): for
 * each threshold, a question is answered when its answer confidence reaches the threshold.
 * - precision: answered questions that the corpus does answer / all answered questions;
 * - recall: answered positives / all positives;
 * - false answers: negatives answered / all negatives (an irrelevant quote shown for an unanswerable question);
 * - gold first: positives answered with a gold passage ranked first / all positives.
 * Each question is one positive and one negative, so precision is measured at even odds.
 */
import { answerConfidence, type SimilarityCalibration } from "../answer/compose-answer.js";
import type { DeclineSample } from "./decline-samples.js";

export interface TradeoffRow {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  falseAnswers: number;
  goldFirst: number;
}

export function declineTradeoff(
  samples: readonly DeclineSample[],
  thresholds: readonly number[],
  calibration?: SimilarityCalibration,
): TradeoffRow[] {
  const scored = samples.map((s) => ({ ...s, confidence: answerConfidence(s.passages, calibration) }));
  const positives = scored.filter((s) => s.positive).length;
  const negatives = scored.length - positives;
  return thresholds.map((threshold) => {
    let tp = 0;
    let fp = 0;
    let gold = 0;
    for (const s of scored) {
      if (s.confidence < threshold) continue;
      if (s.positive) {
        tp++;
        if (s.goldFirst) gold++;
      } else fp++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
    const recall = positives > 0 ? tp / positives : 0;
    return {
      threshold,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
      falseAnswers: negatives > 0 ? fp / negatives : 0,
      goldFirst: positives > 0 ? gold / positives : 0,
    };
  });
}
