/**
 * The edge of every `Dynamo` operation: a throw while a request is built or a result read
 * (the application's code: a default, a codec, a getter, a Proxy's trap) becomes a `Left`;
 * the task never rejects, and its call never throws. And the checks of options already read
 * (`run/options` reads them, once): a boolean, a whole number, a `Date`, a signal.
 *
 * @since 0.1.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type { ReaderTaskEither } from 'fp-ts/lib/ReaderTaskEither.js'
import * as DE from '../DynamoError.js'
import { kindOf, show } from '../internal/show.js'
import { catching, threw } from '../internal/threw.js'
import { wholeWhy } from '../internal/whole.js'
import { isValidDate } from '../internal/date.js'
import type { Env } from './Env.js'
import { threwAt } from '../internal/optionNames.js'
import { follow } from './abort.js'
import { isInvalidClock } from './clock.js'
import { invalidOf } from './config.js'
import type * as M from '../model/Model.js'
import { withModel } from '../model/isModel.js'
import { expiredBy } from '../model/lifecycle.js'

export { abortSignalHint, names, showing, unknownOption, type Names } from '../internal/optionNames.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An operation: reads an `Env`, fails with a `DynamoError`, or gives an `A`.
 *
 * @category model
 */
export type Op<A> = ReaderTaskEither<Env, DE.DynamoError, A>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** What an exception of the application's code means: a `ValidationError` that quotes it (an `Env` clock that gave no valid Date: its `ConfigError`). */
export const fromThrown = (e: unknown): DE.DynamoError => (isInvalidClock(e) ? e.error : threw(e))

/**
 * A write DynamoDB applied whose item the codec refuses: the item an update left, or the item
 * a delete removed (`deleted`). The error says the write was done and carries that item.
 */
export const writtenButInvalid = (e: DE.DynamoError, written: Readonly<Record<string, AttributeValue>>, deleted = false): DE.DynamoError =>
  e._tag === 'ValidationError'
    ? {
        _tag: 'ValidationError',
        message: deleted ? `the item was deleted, but it does not decode: ${e.message}` : `the update was written, but the item it left does not decode: ${e.message}`,
        issues: e.issues,
        written,
      }
    : e

/**
 * A `Left` of `fromThrown`; with the operation's `env`, its `ConfigError` first when its
 * settings are refused (`invalidOf`): an Env built by hand without `batch` (or its `retry`)
 * throws where an operation reads them before its first request, and that is the Env's
 * fault, the one kind of error every other refused setting gives, never the application's.
 */
export const leftThrown = (e: unknown, env?: Env): E.Either<DE.DynamoError, never> => E.left((env === undefined ? undefined : envRefused(env)) ?? fromThrown(e))

/** `invalidOf(env)`, or `undefined` when reading `env` throws too (then the throw that brought us here is the answer). */
const envRefused = (env: Env): DE.DynamoError | undefined => {
  try {
    return invalidOf(env)
  } catch {
    return undefined
  }
}

/** An operation that fails with `e` without a call. */
export const left =
  <A>(e: DE.DynamoError): Op<A> =>
  () =>
  () =>
    Promise.resolve(E.left(e))

/** An operation that gives `a` without a call. */
export const right =
  <A>(a: A): Op<A> =>
  () =>
  () =>
    Promise.resolve(E.right(a))

/**
 * An operation from its body: a throw in the body, or a rejection of its promise, is a
 * `Left` of `fromThrown`. (The single-item hot paths, `getOne` and `saveOne`, catch in their
 * own promise chains instead: this adds a promise per call.)
 */
export const guard =
  <A>(body: (env: Env) => Promise<E.Either<DE.DynamoError, A>>): Op<A> =>
  (env) =>
  () => {
    try {
      return body(env).then(undefined, (e: unknown) => leftThrown(e, env))
    } catch (e) {
      return Promise.resolve(leftThrown(e, env))
    }
  }

/** A build step run: an exception it raises is a `Left` of `fromThrown` (`catching`). */
export const attempt = <A>(f: () => E.Either<DE.DynamoError, A>): E.Either<DE.DynamoError, A> => catching(f, fromThrown)

// -------------------------------------------------------------------------------------
// options
// -------------------------------------------------------------------------------------

/** An option (or argument) refused: a `ValidationError` whose one issue is at `path`. */
export const invalid = (path: string, message: string): E.Either<DE.DynamoError, never> => E.left(DE.validationError([{ path, message }]))

/**
 * Every option of `O`, each present (an absent one `undefined`): an object literal of this
 * type names every option of `O` and no other, as the compiler checks (as `names`' record).
 */
export type Every<O> = { readonly [K in keyof Required<O>]: O[K] }

/** Why the option `name` is not a boolean (or absent), or `undefined` (`internal/optionNames`' rule, one for every boolean option). */
export { booleanOption } from '../internal/optionNames.js'

/** Why the option `name` is not a whole number from `min` (to `max`, when given) or absent, or `undefined`. */
export const wholeOption = (name: string, n: unknown, min: number, max?: number): DE.DynamoError | undefined => {
  const why = n === undefined ? undefined : wholeWhy(n, min, max, show)
  return why === undefined ? undefined : DE.validationError([{ path: name, message: why }])
}

/** Why the option `name` is no valid `Date` (or absent), or `undefined`: its time read as `internal/date` reads it. */
export const dateOption = (name: string, d: unknown): DE.DynamoError | undefined =>
  d === undefined || isValidDate(d)
    ? undefined
    : DE.validationError([{ path: name, message: `must be a valid Date, got ${kindOf(d)}` }])

const NO_SIGNAL: E.Either<never, undefined> = E.right(undefined)

/**
 * The caller's signal `s` (an `AbortSignal`, or anything with a boolean `aborted` and
 * `addEventListener`/`removeEventListener` as it has), read once, as the signal of dynamongo's
 * own that follows it (`abort.follow`: a genuine `AbortSignal`, whose reads never throw), which
 * is all the operation reads of it after; `undefined` when absent. One that lacks them, or whose
 * reading throws (a getter, a Proxy's trap: its `aborted`, its `addEventListener`), is the
 * `ValidationError` naming `signal` (`threwAt`) before any request: nothing is sent.
 */
export const signalOf = (s: unknown): E.Either<DE.DynamoError, AbortSignal | undefined> => {
  if (s === undefined) return NO_SIGNAL
  try {
    if (typeof s === 'object' && s !== null) {
      const aborted: unknown = (s as AbortSignal).aborted
      if (typeof aborted === 'boolean' && typeof (s as AbortSignal).addEventListener === 'function' && typeof (s as AbortSignal).removeEventListener === 'function') {
        return E.right(follow(s as AbortSignal, aborted))
      }
    }
    return E.left(DE.validationError([{ path: 'signal', message: `must be an AbortSignal, got ${kindOf(s, 'an object without its methods')}` }]))
  } catch (e) {
    return E.left(threwAt('signal', e))
  }
}

/**
 * Whether the stored `item` of `m` expired at `now` (`lifecycle.expiredBy`, the rule of the
 * predicate `Command.isExpired` too), with what reading the model throws (a getter, a Proxy) as
 * the `ValidationError` quoting it (`withModel`): an item is never read as live because its
 * model's time to live could not be read.
 */
export const expired = (m: M.Any, item: M.AttributeMap, now: Date): E.Either<DE.DynamoError, boolean> =>
  withModel(m, () => E.right(expiredBy(m.ttl, item, now)))
