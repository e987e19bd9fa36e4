/** util.math (not cryptographic, like AppSync's). */
export const math = {
  // Java Math.round: half rounds up, as JS Math.round does
  roundNum: (input: number): number => Math.round(input),
  minVal: (input1: number, input2: number): number => Math.min(input1, input2),
  maxVal: (input1: number, input2: number): number => Math.max(input1, input2),
  randomDouble: (): number => Math.random(),
  /** An integer in [start, end): the upper bound is exclusive, as Java's bounded random helpers are. */
  randomWithinRange: (start: number, end: number): number => {
    const low = Math.ceil(Math.min(start, end));
    const high = Math.floor(Math.max(start, end));
    return high <= low ? low : low + Math.floor(Math.random() * (high - low));
  },
};
