/**
 * Clamp to [0, 1], mapping NaN to 0: a factor fed garbage scores nothing rather than
 * poisoning the weighted sum.
 */
export function clamp01(x: number): number {
  return x >= 0 ? (x <= 1 ? x : 1) : 0;
}
