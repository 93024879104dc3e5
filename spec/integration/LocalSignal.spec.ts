/**
 * `start({ signal })` reads its signal once, as it begins, and follows it after through its
 * `'abort'` event: a signal whose `aborted` throws (an own getter: the application's code) on
 * its first read is `InvalidOptions`, nothing spawned; one whose `aborted` throws from its second
 * read on is never read again, and the start succeeds. An abort while it waits for the JVM to
 * answer fails it with `Aborted`, and leaves nothing of it running.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import { start } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'

/** The live DynamoDB Local JVMs this process started (its children running the jar), by pid. */
const ownJvms = (): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')
        return stat[0] !== 'Z' && Number(stat[1]) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar')
      } catch {
        return false
      }
    })

/** A signal of `c` whose `aborted` throws from its read `from` on, its reads counted. */
const unreadable = (c: AbortController, from: number) => {
  const s = { signal: c.signal, reads: 0 }
  Object.defineProperty(c.signal, 'aborted', {
    get: () => {
      if (++s.reads >= from) throw new Error('aborted cannot be read')
      return false
    },
  })
  return s
}

/** Runs `f`; whatever it leaves, none of this spec's JVMs outlives it (stopped by pid). */
const sparing = async (f: (before: Set<number>) => Promise<void>): Promise<void> => {
  const before = new Set(ownJvms())
  try {
    await f(before)
  } finally {
    for (const p of ownJvms().filter((q) => !before.has(q))) {
      try {
        process.kill(p, 'SIGKILL')
      } catch {
        // ended meanwhile
      }
    }
  }
}

test('a signal whose aborted throws on its first read: InvalidOptions, no JVM spawned', () =>
  sparing(async (before) => {
    const s = unreadable(new AbortController(), 1)
    const got = await start({ timeoutMs: START_MS, signal: s.signal })()
    assert.ok(E.isLeft(got) && got.left.reason === 'InvalidOptions', `InvalidOptions, got ${E.isLeft(got) ? got.left.reason : 'a start'}`)
    assert.equal(ownJvms().filter((p) => !before.has(p)), [], 'no JVM spawned')
  }))

test('a signal whose aborted throws from its second read on: read once, the start succeeds', () =>
  sparing(async () => {
    const s = unreadable(new AbortController(), 2)
    const got = await start({ timeoutMs: START_MS, signal: s.signal })()
    if (E.isRight(got)) await got.right.stop()
    assert.ok(E.isRight(got), `started, got ${E.isLeft(got) ? got.left.message : ''}`)
    assert.is(s.reads, 1, 'aborted read once')
  }))

test('aborted while the JVM is not yet answering: Aborted, and no JVM of it left running', () =>
  sparing(async (before) => {
    const c = new AbortController()
    const started = start({ timeoutMs: START_MS, signal: c.signal })()
    // aborted once its JVM runs, before it answers (it takes seconds to)
    while (ownJvms().filter((p) => !before.has(p)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    c.abort()
    const got = await started
    if (E.isRight(got)) await got.right.stop()
    assert.ok(E.isLeft(got) && got.left.reason === 'Aborted', `Aborted, got ${E.isLeft(got) ? got.left.reason : 'a start'}`)
    assert.equal(ownJvms().filter((p) => !before.has(p)), [], 'no JVM of it left running')
  }))

test.run()
