/**
 * The one rule of a whole-number setting (an option, `--segments`, a key's pad, a model's
 * units): a safe integer from `min`, to `max` when given, and the words a message says it in.
 * Each caller shows the value given its own way (`show`, or only its kind where it may be a
 * secret).
 */

/** Whether `n` is a whole number from `min` (to `max`, when given). */
export const isWhole = (n: unknown, min: number, max?: number): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max)

/** What a whole number from `min` (to `max`) is called: `a whole number ≥ 1`, `a whole number from 1 to 1,000,000`. */
export const wholeRule = (min: number, max?: number): string =>
  `a whole number ${max === undefined ? `≥ ${min}` : `from ${min} to ${max.toLocaleString('en-US')}`}`

/** Why `n` is no whole number from `min` (to `max`), with `n` as `shown` gives it, or `undefined`. */
export const wholeWhy = (n: unknown, min: number, max: number | undefined, shown: (u: unknown) => string): string | undefined =>
  isWhole(n, min, max) ? undefined : `must be ${wholeRule(min, max)}, got ${shown(n)}`
