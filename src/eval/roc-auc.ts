/**
 * ROC AUC of a score separating positives from negatives: the probability that a random positive scores above a
 * random negative (ties count half). Used to compare candidate no-answer signals independently of a threshold.
 */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return 0;
  const neg = [...negatives].sort((a, b) => a - b);
  /** Number of negatives for which `inside(negative)` holds, given it holds for a prefix of the sorted list. */
  const count = (inside: (n: number) => boolean) => {
    let lo = 0;
    let hi = neg.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inside(neg[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let wins = 0;
  for (const p of positives) {
    const below = count((n) => n < p);
    const upTo = count((n) => n <= p);
    wins += below + (upTo - below) / 2;
  }
  return wins / (positives.length * negatives.length);
}
