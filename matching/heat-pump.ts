/**
 * Heat-pump option for heat that is too cold: a Carnot COP scaled by a real-machine
 * efficiency, with 5 K approach on both heat exchangers.
 */

const KELVIN = 273.15;

/**
 * COP of a heat pump taking heat at `sourceC` and delivering at `sinkC`:
 * η · T_sink / (T_sink − T_source), temperatures in kelvin with `approachK` of heat-exchanger
 * approach on each side. Clamped to [1.5, 8]: below 1.5 nobody installs one, above 8
 * the Carnot formula over-promises for near-zero lifts.
 */
export function carnotCop(sourceC: number, sinkC: number, efficiency: number, approachK = 5): number {
  const tSink = sinkC + approachK + KELVIN;
  const tSource = sourceC - approachK + KELVIN;
  const dt = tSink - tSource;
  const cop = dt <= 0 ? 8 : (efficiency * tSink) / dt;
  return cop < 1.5 ? 1.5 : cop > 8 ? 8 : cop;
}

/**
 * Heat delivered per unit of source heat: the heat pump adds its electricity,
 * Q_out = Q_source · COP / (COP − 1).
 */
export function heatPumpMultiplier(cop: number): number {
  return cop / (cop - 1);
}
