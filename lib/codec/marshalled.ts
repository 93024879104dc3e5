/**
 * The records `Item.encode` and `Item.marshall` fill in (what was read, whether it reads back
 * otherwise): made here, by the library, for its own callers (`Model.encode`). Any other object
 * given in their place, through a cast, is the caller's and is not written into (nothing
 * mutates its input): only a record made by `marshalled` is.
 *
 * @since 0.1.0
 */
import type { Marshalled } from './Item.js'

const made = new WeakSet<object>()

/** A new record for `Item.encode`/`Item.marshall` to fill in. */
export const marshalled = (): Marshalled => {
  const m: Marshalled = { lossy: false }
  made.add(m)
  return m
}

/** Whether `u` is a record made by `marshalled` (so one the library may write into). */
export const isMarshalled = (u: unknown): u is Marshalled => typeof u === 'object' && u !== null && made.has(u)
