/**
 * Retries with capped exponential backoff and full jitter, and bounded concurrency.
 *
 * Retry `n` (counted from 1, after the first attempt) waits
 * `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))` milliseconds ("full jitter",
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). The clock
 * (`sleep`) and the dice (`random`) come from the `Env`, so tests are deterministic and
 * need not wait.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type * as DE from '../DynamoError.js'
import type { Env, RetryOptions } from './Env.js'
import { offAbort, onAbort } from './abort.js'

// -------------------------------------------------------------------------------------
// backoff
// -------------------------------------------------------------------------------------

/**
 * The cap of retry `retry` (from 1): `min(maxDelayMs, baseDelayMs * 2^(retry-1))`. A base of 0
 * is 0 at every retry: `2^(retry-1)` overflows to `Infinity` for a retry high enough, and `0 * Infinity` is no number.
 */
export const backoffCap = (options: RetryOptions, retry: number): number =>
  options.baseDelayMs === 0 ? 0 : Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1))

/**
 * The wait before retry `retry` (from 1): full jitter, an integer in `[0, cap]`. The Env's
 * random source is the application's code: a number out of `[0, 1]` is read as the nearest
 * end, no number (or a throw) as 0.
 */
export const backoffDelay = (options: RetryOptions, retry: number, random: () => number): number => {
  const cap = backoffCap(options, retry)
  let r: unknown
  try {
    r = random()
  } catch {
    r = undefined
  }
  const u = typeof r === 'number' && Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0
  // a draw of 0 waits 0, under a cap of `Infinity` too (no cap: `0 * Infinity` is no number)
  return u === 0 ? 0 : Math.min(cap, Math.floor(u * (cap + 1)))
}

/**
 * Whether an error is worth another attempt after a wait (throttling, 5xx, network, time limit,
 * clock skew, a single write refused while a transaction holds its item).
 */
export const isRetryableError = (e: DE.DynamoError): boolean => e._tag === 'AwsError' && e.retryable

/**
 * Waits `ms` (the Env's clock), or less when `signal` aborts: the Env's sleep is then told to
 * end too (a signal of the pause's own: the caller's has one listener, `onAbort`), so that no
 * timer of a wait no longer waited for keeps the process alive. The Env's sleep is the
 * application's code: one that throws, rejects (as `timers/promises`' does when its signal
 * aborts) or gives no promise has ended its wait; the pause never rejects, so that a retry's
 * wait can neither reject an operation's task nor escape the promise handler that began it.
 * `signal` is dynamongo's own (`abort.follow`), whose reads never throw.
 */
export const pause = (env: Env, ms: number, signal: AbortSignal | undefined): Promise<void> => {
  if (signal?.aborted === true) return Promise.resolve()
  return new Promise((resolve) => {
    const sleeping = signal === undefined ? undefined : new AbortController()
    const done = (): void => {
      if (signal !== undefined) offAbort(signal, done)
      sleeping?.abort()
      resolve()
    }
    if (signal !== undefined) onAbort(signal, done)
    let slept: unknown
    try {
      slept = env.sleep(ms, sleeping?.signal)
    } catch {
      done()
      return
    }
    Promise.resolve(slept).then(done, done)
  })
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Run `attempt` until it succeeds, fails with an error that is not retryable, or
 * `env.batch.retry.maxAttempts` attempts were made; wait with backoff between attempts.
 * `onRetry` is told of every retry (for statistics); `retryable` tells which errors are
 * worth another attempt (default `isRetryableError`). A wait ends early when `signal` aborts
 * (the attempt after it sees the signal and sends nothing).
 */
export const retrying =
  <A>(
    attempt: (n: number) => TaskEither<DE.DynamoError, A>,
    onRetry?: (error: DE.DynamoError, retry: number) => void,
    retryable: (e: DE.DynamoError) => boolean = isRetryableError,
    signal?: AbortSignal,
  ) =>
  (env: Env): TaskEither<DE.DynamoError, A> =>
  async () => {
    const options = env.batch.retry
    for (let n = 1; ; n++) {
      const r = await attempt(n)()
      if (E.isRight(r) || !retryable(r.left) || n >= options.maxAttempts) return r
      onRetry?.(r.left, n)
      await pause(env, backoffDelay(options, n, env.random), signal)
    }
  }

/**
 * A concurrency as the runners read it: a whole number from 1; one that is none (an Env
 * spread by hand with `NaN` or 0, which its first request refuses: `Env.invalidOf`) is 1, so
 * that every element still reaches a request, never none at all.
 */
export const atLeastOne = (concurrency: number): number => (concurrency >= 1 ? Math.floor(concurrency) : 1)

/**
 * `f` over every element with at most `concurrency` calls in flight; results in input
 * order. `f` must not reject (return `Either`s).
 */
export const mapBounded = async <A, B>(
  as: ReadonlyArray<A>,
  concurrency: number,
  f: (a: A, index: number) => Promise<B>,
): Promise<ReadonlyArray<B>> => {
  const out = new Array<B>(as.length)
  let next = 0
  const n = Math.max(1, Math.min(atLeastOne(concurrency), as.length))
  // n workers, each taking the next element until none is left
  await Promise.all(
    Array.from({ length: n }, async (): Promise<void> => {
      while (next < as.length) {
        const i = next++
        out[i] = await f(as[i] as A, i)
      }
    }),
  )
  return out
}
