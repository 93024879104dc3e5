/**
 * Listening to a caller's signal: one listener of dynamongo's on it, however many requests
 * and pauses wait on it at once, each told of its abort. A listener per request would pass
 * Node's limit of 10 on one signal (a saveMany with more than 10 chunks in flight, a dozen
 * operations sharing one shutdown signal), and Node would warn of a leak on the caller's
 * signal (`MaxListenersExceededWarning`). The one listener stays until the signal aborts.
 */

/** What waits on an abort: a function, or an object with `handleEvent` (as a DOM listener). */
export type AbortListener = (() => void) | { readonly handleEvent: () => void }

/** The listeners waiting on each caller's signal (its entry goes with it). */
const waiting = new WeakMap<object, Set<AbortListener>>()

/** Tell `listener` when `signal` aborts (once), until `offAbort`. The caller has seen that `signal` has not aborted yet. */
export const onAbort = (signal: AbortSignal, listener: AbortListener): void => {
  const known = waiting.get(signal)
  if (known !== undefined) {
    known.add(listener)
    return
  }
  const fresh = new Set<AbortListener>([listener])
  waiting.set(signal, fresh)
  signal.addEventListener(
    'abort',
    () => {
      waiting.delete(signal)
      for (const l of fresh) {
        try {
          if (typeof l === 'function') l()
          else l.handleEvent()
        } catch {
          // one listener's failure neither stops the others nor escapes the signal's dispatch
        }
      }
      fresh.clear()
    },
    { once: true },
  )
}

/** `listener` no longer waits on `signal`. */
export const offAbort = (signal: AbortSignal, listener: AbortListener): void => {
  waiting.get(signal)?.delete(listener)
}
