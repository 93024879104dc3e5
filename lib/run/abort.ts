/**
 * A caller's signal, followed: `follow` gives the signal of dynamongo's own that mirrors it (a
 * genuine `AbortSignal`, whose reads never throw), and `onAbort`/`offAbort` let requests and
 * pauses wait on a signal through one listener of dynamongo's on it.
 *
 * The caller's signal is read when an operation's options are parsed (`op.signalOf`), and never
 * after: every request, pause and wait of the operation reads the mirror. Its `aborted` is read
 * then, and its `'abort'` event heard through one listener (one per caller's signal, however many
 * operations share it: Node warns of a leak past 10 listeners on one signal,
 * `MaxListenersExceededWarning`). A signal is followed through its `'abort'` event, as the
 * platform's `AbortSignal` always dispatches it: one whose `aborted` turns true without it is
 * seen aborted by the next operation given it, not by one already running.
 *
 * One listener of dynamongo's on a signal, too, however many requests and pauses wait on it at
 * once (`onAbort`): a listener per request would pass that limit on the mirror (a saveMany with
 * more than 10 chunks in flight, a dozen operations sharing one shutdown signal).
 */

/** The mirror of each caller's signal: its controller (the entry goes with the caller's signal). */
const mirrors = new WeakMap<object, AbortController>()

/** The mirrors themselves: one given again (options parsed twice on their way) is its own. */
const own = new WeakSet<object>()

/** Why `signal` aborted (its `reason`), or an `AbortError` when reading that throws. */
const reasonOf = (signal: AbortSignal): unknown => {
  try {
    return signal.reason
  } catch {
    return new DOMException('This operation was aborted', 'AbortError')
  }
}

/**
 * The signal of dynamongo's own that follows `caller`, whose `aborted` was read once as
 * `aborted`: aborted already, with the caller's reason, when it has; else aborted when the
 * caller's `'abort'` event fires. A throw of `caller`'s `addEventListener` (the application's
 * code) is thrown, nothing kept: the caller's signal then is no signal to follow. The mirror
 * holds nothing of the caller's (its listener, held by the caller, holds the controller), so it
 * keeps neither the caller's signal nor the operations given it alive.
 */
export const follow = (caller: AbortSignal, aborted: boolean): AbortSignal => {
  if (own.has(caller)) return caller
  const known = mirrors.get(caller)
  if (known !== undefined) {
    if (aborted && !known.signal.aborted) known.abort(reasonOf(caller))
    return known.signal
  }
  const mirror = new AbortController()
  if (aborted) mirror.abort(reasonOf(caller))
  else caller.addEventListener('abort', () => mirror.abort(reasonOf(caller)), { once: true })
  mirrors.set(caller, mirror)
  own.add(mirror.signal)
  return mirror.signal
}

/** What waits on an abort: a function, or an object with `handleEvent` (as a DOM listener). */
export type AbortListener = (() => void) | { readonly handleEvent: () => void }

/** The listeners waiting on each signal (its entry goes with it). */
const waiting = new WeakMap<object, Set<AbortListener>>()

/** Tell `listener` when `signal` aborts (once), until `offAbort`. The caller has seen that `signal` has not aborted yet. */
export const onAbort = (signal: AbortSignal, listener: AbortListener): void => {
  const known = waiting.get(signal)
  if (known !== undefined) {
    known.add(listener)
    return
  }
  const fresh = new Set<AbortListener>([listener])
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
  // known once it listens: a signal whose addEventListener threw is asked again by the next
  waiting.set(signal, fresh)
}

/** `listener` no longer waits on `signal`. */
export const offAbort = (signal: AbortSignal, listener: AbortListener): void => {
  waiting.get(signal)?.delete(listener)
}
