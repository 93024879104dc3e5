/**
 * Type tests: `Env`'s settings, one name each. The retry budget is `maxAttempts`, at the top
 * of `Env.make`'s options (and of `Env.withBatch`'s); `retry` holds the backoff only.
 */
import { Env } from 'dynamongo'

export const made = Env.make({ maxAttempts: 3, retry: { baseDelayMs: 10, maxDelayMs: 100 } })
export const changed = Env.withBatch({ maxAttempts: 2, retry: { baseDelayMs: 1 } })(made)

// @ts-expect-error the budget has one name: maxAttempts, not retry.maxAttempts
export const budgetInRetry = Env.make({ retry: { maxAttempts: 3 } })
// @ts-expect-error nor in withBatch's retry
export const budgetInBatchRetry = Env.withBatch({ retry: { maxAttempts: 2 } })

// the clock is a `() => Date` (DESIGN §5.3): what every write, TTL comparison and pacing reads
export const clocked = Env.make({ now: () => new Date('2024-06-01T00:00:00.000Z') })
// @ts-expect-error milliseconds are not a clock: `now` gives a Date
export const msClock = Env.make({ now: () => 1_717_200_000_000 })
