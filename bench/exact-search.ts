/**
 * Exact nearest neighbours by brute force over unit vectors (cosine = dot product), in float64 accumulation. This
 * is the ground truth that HNSW recall is measured against.
 */

/** Rows of a matrix packed into one Float32Array, so the scan walks contiguous memory. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  dim: number;
}

export function packRows(rows: readonly Float32Array[], dim: number): Matrix {
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new RangeError(`row ${i} has ${r.length} values, expected ${dim}`);
    data.set(r, i * dim);
  });
  return { data, rows: rows.length, dim };
}

export interface Neighbor {
  label: number;
  similarity: number;
}

export function dot(m: Matrix, row: number, query: Float32Array): number {
  let s = 0;
  const off = row * m.dim;
  for (let d = 0; d < m.dim; d++) s += m.data[off + d]! * query[d]!;
  return s;
}

/** The `k` rows with the highest dot product with `query`, best first (ties: lower label first). */
export function exactTopK(m: Matrix, query: Float32Array, k: number): Neighbor[] {
  const n = Math.min(k, m.rows);
  if (n <= 0) return [];
  // A small sorted buffer beats a heap for k ≈ 10.
  const best: { label: number; score: number }[] = [];
  const { data, dim } = m;
  for (let row = 0; row < m.rows; row++) {
    let s = 0;
    const off = row * dim;
    for (let d = 0; d < dim; d++) s += data[off + d]! * query[d]!;
    if (best.length === n && s <= best[n - 1]!.score) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < s) at--;
    best.splice(at, 0, { label: row, score: s });
    if (best.length > n) best.pop();
  }
  return best.map((b) => ({ label: b.label, similarity: b.score }));
}
