/**
 * The application's listeners, as dynamongo calls them (inside the library): `Env.make`'s
 * `on` and `onProgress`, and the `onProgress` of an operation's options. A listener's own
 * failure, a throw or a promise it returns that rejects (an `async` listener type-checks as
 * one returning `void`), is ignored: it never changes what an operation did (a batch half
 * written is reported as such, not as a failure of the application's code), nor escapes its
 * Task (an unhandled rejection ends a Node process by default).
 *
 * @since 0.3.0
 */

const ignore = (): void => undefined

/** Calls `f` with `a`, ignoring its failure (a throw, a rejected promise). */
export const tell = <A>(f: (a: A) => void, a: A): void => {
  try {
    const r: unknown = f(a)
    if (typeof r === 'object' && r !== null && typeof (r as { readonly then?: unknown }).then === 'function') (r as PromiseLike<unknown>).then(undefined, ignore)
  } catch {
    // a listener's own failure must not change what the operation did, nor escape the Task
  }
}

/** `f` as dynamongo calls it (`tell`); `undefined` when there is none. */
export const listener = <A>(f: ((a: A) => void) | undefined): ((a: A) => void) | undefined => (f === undefined ? undefined : (a) => tell(f, a))

/**
 * Calls `f` with `a` and waits for a promise it returns (the application's backpressure), its
 * failure ignored as `tell` ignores it.
 */
export const told = async <A>(f: (a: A) => void | PromiseLike<void>, a: A): Promise<void> => {
  try {
    const r: unknown = f(a)
    if (typeof r === 'object' && r !== null && typeof (r as { readonly then?: unknown }).then === 'function') await (r as PromiseLike<unknown>).then(undefined, ignore)
  } catch {
    // a listener's own failure must not change what the operation did, nor escape the Task
  }
}
