/**
 * What a spec of "nothing throws, nothing rejects, nothing escapes" needs: the exceptions and
 * rejections that escape every handler while a body runs, and an operation's value, checked to
 * settle without throwing or rejecting.
 */
import * as assert from 'uvu/assert'
import { within } from './standIn.js'

/**
 * Runs `f` while every uncaught exception and unhandled rejection is kept (in the list `f` is
 * given, as it grows), then two turns of the event loop more (an exception of a promise
 * handler surfaces after the handler's turn): `f`'s value and what escaped.
 */
export const listening = async <A>(f: (escaped: ReadonlyArray<unknown>) => Promise<A>): Promise<{ readonly value: A; readonly escaped: ReadonlyArray<unknown> }> => {
  const escaped: unknown[] = []
  const note = (e: unknown): void => void escaped.push(e)
  process.on('uncaughtException', note)
  process.on('unhandledRejection', note)
  try {
    const value = await f(escaped)
    await turn()
    await turn()
    return { value, escaped }
  } finally {
    process.off('uncaughtException', note)
    process.off('unhandledRejection', note)
  }
}

/** One turn of the event loop. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** The value of `run()`, which must neither throw nor reject, and must settle within `ms` (a liveness bound, not a timing); `what` names it in a failure. */
export const settledValue = async <A>(run: () => Promise<A>, ms: number, what: string): Promise<A> => {
  let settled: { readonly value: A } | undefined
  try {
    settled = await within(run(), ms)
  } catch (e) {
    assert.unreachable(`${what}: threw or rejected: ${String(e)}`)
  }
  if (settled === undefined) assert.unreachable(`${what}: did not settle`)
  return (settled as { readonly value: A }).value
}

/** The value of `f()`, which must not throw; `what` names it in a failure. */
export const returned = <A>(what: string, f: () => A): A => {
  try {
    return f()
  } catch (e) {
    assert.unreachable(`${what} threw: ${String(e)}`)
    throw e
  }
}
