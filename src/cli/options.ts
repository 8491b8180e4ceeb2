/** Command-line option parsers shared by the entry points (commander `argParser` callbacks). */
import { InvalidArgumentError } from "commander";

/** A whole-number option within [min, max]. */
export function wholeNumber(min: number, max = Number.POSITIVE_INFINITY): (value: string) => number {
  const range = Number.isFinite(max) ? `from ${min} to ${max}` : `≥ ${min}`;
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number ${range}`);
    return n;
  };
}
