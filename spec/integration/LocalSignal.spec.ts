/**
 * `start({ signal })` with a signal that cannot be read once the JVM runs: an `AbortSignal`
 * whose `aborted` throws (an own getter: the application's code) from its third read on, as
 * the start waits for the JVM to answer. The start fails, and leaves nothing of it running:
 * the JVM it spawned is stopped, never left to run until this process ends.
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

test('a signal whose aborted throws from its third read on (the JVM spawned, not yet answering): start() fails, and no JVM of it is left running', async () => {
  const signal = new AbortController().signal
  let reads = 0
  Object.defineProperty(signal, 'aborted', {
    get: () => {
      if (++reads >= 3) throw new Error('aborted cannot be read')
      return false
    },
  })
  const before = new Set(ownJvms())
  let left: number[] = []
  try {
    const got = await start({ timeoutMs: START_MS, signal })()
    if (E.isRight(got)) await got.right.stop()
    assert.ok(E.isLeft(got), 'the start failed')
    left = ownJvms().filter((p) => !before.has(p))
    assert.equal(left, [], 'no JVM of the start is left running')
    assert.ok(reads >= 3, `the signal was read ${reads} times`)
  } finally {
    // red or not, none of this spec's JVMs outlives it (stopped by pid)
    for (const p of ownJvms().filter((q) => !before.has(q))) {
      try {
        process.kill(p, 'SIGKILL')
      } catch {
        // ended meanwhile
      }
    }
  }
})

test.run()
