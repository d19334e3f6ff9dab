/**
 * Exact Shapley values of a cooperative game with few players (chains have 3–4),
 * by the subset formula over bitmask coalitions.
 */

/**
 * φᵢ = Σ_{S ⊆ N∖{i}} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)).
 * `value` receives a coalition as a bitmask over `players` indices; v(∅) should be 0.
 * Exponential in n: limited to 16 players.
 */
export function shapleyValues(n: number, value: (coalition: number) => number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 16) throw new Error(`shapleyValues: n must be an integer in 0..16, got ${n}`);
  const size = 1 << n;
  const v = new Float64Array(size);
  for (let c = 0; c < size; c++) v[c] = value(c);
  const fact = [1];
  for (let i = 1; i <= n; i++) fact.push(fact[i - 1]! * i);
  const phi = new Array<number>(n).fill(0);
  for (let c = 0; c < size; c++) {
    let k = 0;
    for (let x = c; x; x &= x - 1) k++;
    if (k === n) continue;
    const w = (fact[k]! * fact[n - k - 1]!) / fact[n]!;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if (c & bit) continue;
      phi[i]! += w * (v[c | bit]! - v[c]!);
    }
  }
  return phi;
}
