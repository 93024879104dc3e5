/**
 * A suite's setup that cannot fail unseen. uvu 0.5's runner returns from a `finally` block, so
 * what a `before` hook throws is dropped: the suite's tests are counted but none runs, nothing
 * says why, and uvu exits 0 (spec/run.mjs counts them failed, with no message). `before` runs
 * `setup` once, in the suite's own `before` hook; if it throws, every test of the suite fails
 * with that error (thrown again in `before.each`, inside the test's own try).
 */
import type { Test } from 'uvu'

/** Runs `setup` before the tests of `suite`; an error of it fails each test, saying what it was. */
export const before = <T>(suite: Test<T>, setup: () => Promise<void> | void): void => {
  suite.before(async () => {
    try {
      await setup()
    } catch (error) {
      failedSetups.set(suite, { error })
    }
  })
  suite.before.each(() => {
    const failed = failedSetups.get(suite)
    if (failed !== undefined) throw failed.error
  })
}

/** The error of each suite whose `before` setup threw. */
const failedSetups = new WeakMap<object, { readonly error: unknown }>()

/**
 * Runs `teardown` after the tests of `suite`, unless its `before` setup threw: uvu runs after
 * hooks even then, and a teardown of what was never set up would throw out of uvu's runner,
 * hiding the setup's error and ending the process before the files that follow it.
 */
export const after = <T>(suite: Test<T>, teardown: () => Promise<void> | void): void => {
  suite.after(async () => {
    if (!failedSetups.has(suite)) await teardown()
  })
}
