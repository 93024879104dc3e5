/**
 * The `Env`'s clock, checked at each read (`now`): a clock that gives no valid `Date` (an
 * invalid one, `new Date(NaN)`, or no Date) would read every expired item as live (a
 * comparison with NaN is false), write NaN into timestamps and conditions, and stop pacing a
 * paced read; one that throws would be answered as the input's error. Every read of the clock
 * goes through `now`, so the check holds for an `Env` of `Env.make` and for one spread by hand
 * (`{ ...env, now }`) alike: it gives a valid Date, or throws an `InvalidClock`, which the edge
 * of every operation (`op.fromThrown`) answers as its `ConfigError` naming `now`. Every
 * operation that reads the clock reads it before its first request, and a paced read before
 * each of its requests.
 *
 * @since 0.3.0
 */
import * as DE from '../DynamoError.js'
import type { Env } from './Env.js'
import { kindOf, thrown } from '../internal/show.js'
import { timeOf } from '../internal/date.js'
import { leavesExpiredOut } from '../model/lifecycle.js'

/**
 * What a read of a clock that gave no valid Date throws: `error` is the operation's answer.
 * It is recognised by its `_tag` (`isInvalidClock`), not by its class, so that one thrown by
 * another copy of dynamongo in the same process (a clock of an Env made by one, read by the
 * other) is recognised too.
 */
export class InvalidClock extends Error {
  readonly _tag = 'InvalidClock'
  readonly error: DE.DynamoError

  constructor(message: string) {
    super(message)
    this.error = DE.configError(message)
  }
}

/**
 * Whether `e` is an `InvalidClock` (by its tag and its error, from any copy of the package).
 * What cannot be read (a Proxy whose traps throw) is none: never a throw, so that `now` can
 * quote it and an operation's edge can answer it.
 */
export const isInvalidClock = (e: unknown): e is Pick<InvalidClock, '_tag' | 'error'> => {
  if (typeof e !== 'object' || e === null) return false
  try {
    return (e as { readonly _tag?: unknown })._tag === 'InvalidClock' && DE.isDynamoError((e as { readonly error?: unknown }).error)
  } catch {
    return false
  }
}

/**
 * The time of `env`'s clock: a Date of the valid time the clock's Date holds (read once by
 * `internal/date`, never by the object's own `getTime`, which its class may answer otherwise: a
 * clock's invalid Date must not pass as valid here and be read as NaN by the expiry), or an
 * `InvalidClock` thrown (a clock that throws gives no Date either: its throw is quoted).
 */
export const now = (env: Env): Date => {
  let d: unknown
  try {
    d = env.now()
  } catch (e) {
    // eslint-disable-next-line no-restricted-syntax -- as below: the operation's edge answers it as its ConfigError naming now
    throw isInvalidClock(e) ? e : new InvalidClock(`the Env's now threw: ${thrown(e)}`)
  }
  const ms = timeOf(d)
  if (ms !== undefined && Number.isFinite(ms)) return new Date(ms)
  // eslint-disable-next-line no-restricted-syntax -- the clock is read deep inside many operations, each of which catches at its edge (op.fromThrown), where this throw becomes its ConfigError: one check, in one place
  throw new InvalidClock(`the Env's now must give a valid Date, got ${kindOf(d)}`)
}

/**
 * The time a read of items of `models` leaves the expired ones out at: `env`'s clock, read once
 * (`now`), when the read leaves them out (`lifecycle.leavesExpiredOut`: some model has a `ttl`
 * and no `includeExpired: true`); `undefined`, the clock unread, when it reads them all. What
 * `getOne`, the reads, `transactGet` and `collection` read the clock by.
 */
export const expiryTime = (
  env: Env,
  models: ReadonlyArray<{ readonly ttl?: unknown }>,
  includeExpired: boolean | undefined,
): Date | undefined => (leavesExpiredOut(models, includeExpired) ? now(env) : undefined)
