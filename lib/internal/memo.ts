/**
 * A function of an object computed once per object (a `WeakMap`: the value goes with the
 * object): what a model or a codec implies, read on every request.
 *
 * @since 0.1.0
 */

/** `f`, computed once per argument; `f` never gives `undefined` (use `null`). */
export const perObject = <K extends object, A extends NonNullable<unknown> | null>(f: (k: K) => A): ((k: K) => A) => {
  const cache = new WeakMap<K, A>()
  return (k) => {
    let v = cache.get(k)
    if (v === undefined) {
      v = f(k)
      cache.set(k, v)
    }
    return v
  }
}
