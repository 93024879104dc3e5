/**
 * The `Env`'s clock, checked at each read (`checked`, what `Env.make` keeps as `now`): a clock
 * that gives no valid `Date` (an invalid one, `new Date(NaN)`, or no Date) would read every
 * expired item as live (a comparison with NaN is false) and write NaN into timestamps and
 * conditions. Each read of it gives a valid Date, or throws `InvalidClock`, which the edge of
 * every operation (`op.fromThrown`) answers as its `ConfigError` naming `now`. Every operation
 * that reads the clock reads it before its first request.
 *
 * @since 0.3.0
 */
import * as DE from '../DynamoError.js'

/** What a read of a clock that gave no valid Date throws: `error` is the operation's answer. */
export class InvalidClock extends Error {
  readonly error: DE.DynamoError

  constructor(message: string) {
    super(message)
    this.error = DE.configError(message)
  }
}

const shown = (d: unknown): string => (d === null ? 'null' : d instanceof Date ? 'an invalid Date' : typeof d)

/** `now`, whose every answer is a valid Date, or an `InvalidClock` thrown. */
export const checked =
  (now: () => Date): (() => Date) =>
  () => {
    const d: unknown = now()
    if (d instanceof Date && Number.isFinite(d.getTime())) return d
    // eslint-disable-next-line no-restricted-syntax -- the clock is read deep inside many operations, each of which catches at its edge (op.fromThrown), where this throw becomes its ConfigError: one check, in one place
    throw new InvalidClock(`the Env's now must give a valid Date, got ${shown(d)}`)
  }
