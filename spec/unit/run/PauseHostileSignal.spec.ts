/**
 * The backoff's wait (`retry.pause`) with a caller's signal that cannot be read: its `aborted`
 * throws (a getter, a Proxy's trap, on its first read or a later one), or its
 * `addEventListener` does. The wait never throws nor rejects (a throw there escapes the promise
 * handler of the retry that began it, and rejects the operation's Task): it ends, and the
 * attempt after it reads the signal and names it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Env from '../../../lib/run/Env.js'
import { pause } from '../../../lib/run/retry.js'

const env = Env.make({ sleep: () => new Promise(() => undefined) })

/** A signal, never aborted, whose `aborted` throws from its read `from` on (1: the first). */
const unreadable = (from: number): AbortSignal => {
  const real = new AbortController().signal
  let reads = 0
  return new Proxy(real, {
    get(target, p) {
      if (p === 'aborted') {
        if (++reads >= from) throw new Error('aborted cannot be read')
        return false
      }
      const v: unknown = Reflect.get(target, p, target)
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** A signal-like object whose `addEventListener` throws. */
const unlistenable = { aborted: false, addEventListener: () => { throw new Error('no listener taken') }, removeEventListener: () => undefined } as unknown as AbortSignal

/** How `pause` ended: 'resolved', 'rejected' or 'threw' (a throw of its call). */
const outcome = async (signal: AbortSignal): Promise<string> => {
  let p: Promise<void>
  try {
    p = pause(env, 10, signal)
  } catch {
    return 'threw'
  }
  return p.then(() => 'resolved', () => 'rejected')
}

test("a signal whose aborted throws, or whose addEventListener does: pause ends, never throws nor rejects (the Env's sleep never ends on its own here)", async () => {
  assert.is(await outcome(unreadable(1)), 'resolved', 'aborted throws at its first read')
  assert.is(await outcome(unlistenable), 'resolved', 'addEventListener throws')
})

test.run()
