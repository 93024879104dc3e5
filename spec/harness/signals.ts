/**
 * Callers' signals that are the application's code and throw: a Proxy of a real signal whose
 * named properties answer (or throw) as the spec says, every other property the real signal's
 * (its methods bound to it, as a Proxy cannot be their `this`).
 */

/** `signal`, each property named in `answers` read through its function, every other one the signal's own. */
export const hostileSignal = (signal: AbortSignal, answers: Readonly<Record<string, () => unknown>>): AbortSignal =>
  new Proxy(signal, {
    get(target, p) {
      const answer = typeof p === 'string' && Object.hasOwn(answers, p) ? answers[p] : undefined
      if (answer !== undefined) return answer()
      const v: unknown = Reflect.get(target, p, target)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })

/** A signal, never aborted, whose `aborted` throws from its read `from` on. */
export const unreadable = (from: number): AbortSignal => {
  let reads = 0
  return hostileSignal(new AbortController().signal, {
    aborted: () => {
      if (++reads >= from) throw new Error('aborted cannot be read')
      return false
    },
  })
}
