/**
 * Pacing: requests spaced so the read capacity they consume stays under a rate
 * (`readUnitsPerSecond`). Each response tells what its request consumed
 * (`ReturnConsumedCapacity`); the next request starts no earlier than the start of that one
 * plus `consumed / rate` seconds (or than the time the requests before it have earned, when
 * that is later). The clock and the wait are given, so the pacing is specified with a fake
 * clock.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export interface Clock {
  /** Milliseconds. */
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
}

export interface Pacer {
  /** Waits until the next request may start; gives the time it starts. */
  readonly wait: () => Promise<number>
  /** A request that started at `startedAt` consumed `units` read capacity units. */
  readonly spent: (startedAt: number, units: number) => void
}

/**
 * The read capacity units one `ConsumedCapacity` entry of an answer counts: its
 * `CapacityUnits` when that is a finite number > 0, else none. An answer whose count is no
 * DynamoDB's (negative, NaN, past any request's) is refused before it is counted
 * (`answer.capacityWhy`): the pacer is never moved back, nor stopped.
 */
export const units = (c: unknown): number => {
  const u = typeof c === 'object' && c !== null ? (c as { readonly CapacityUnits?: unknown }).CapacityUnits : undefined
  return typeof u === 'number' && Number.isFinite(u) && u > 0 ? u : 0
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** Requests paced at `unitsPerSecond` read capacity units a second. */
export const make = (unitsPerSecond: number, clock: Clock): Pacer => {
  let next = -Infinity
  return {
    wait: async () => {
      const t = clock.now()
      if (t < next) await clock.sleep(next - t)
      return Math.max(t, next)
    },
    spent: (startedAt, units) => {
      next = Math.max(next, startedAt) + (units * 1000) / unitsPerSecond
    },
  }
}
