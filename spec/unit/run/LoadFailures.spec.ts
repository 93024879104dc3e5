/**
 * `load` of many bad lines holds none of them when the caller takes them as they fail
 * (`onFail`): a file of junk lines is a count and a stream of failures, never a list of
 * millions of objects. Without `onFail`, `fail` holds every one, as it always has.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

/** An Env whose client takes every BatchWriteItem, counting the items written. */
const recording = () => {
  let items = 0
  const send = async (c: { input: { RequestItems: Record<string, ReadonlyArray<unknown>> } }) => {
    for (const rs of Object.values(c.input.RequestItems)) items += rs.length
    return { UnprocessedItems: {}, $metadata: {} }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined }), written: () => items }
}

const JUNK = 50_000

/** `n` lines, every 1,000th an item, the others junk; `pulled` counts the lines read so far. */
const lines = (n: number) => {
  const state = { pulled: 0 }
  function* gen(): Generator<string> {
    for (let i = 1; i <= n; i++) {
      state.pulled = i
      yield i % 1000 === 0 ? JSON.stringify({ Item: { id: { S: `u${i}` } } }) : `junk ${i}`
    }
  }
  return { input: gen(), state }
}

test('with onFail, each failed line is given once, in the order found, and none is kept: fail is empty, the good lines are written', async () => {
  const { env, written } = recording()
  const { input } = lines(JUNK)
  let given = 0
  let last = 0
  let ordered = true
  const r = await Dynamo.load(User, input, {
    onFail: (f) => {
      given++
      if (f.line <= last) ordered = false
      last = f.line
    },
  })(env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  const bad = JUNK - JUNK / 1000
  assert.is(r.right.fail.length, 0, 'no failure kept')
  assert.is(given, bad)
  assert.ok(ordered)
  assert.is(r.right.written, JUNK / 1000)
  assert.is(written(), JUNK / 1000)
})

test('without onFail, fail holds every failed line, sorted', async () => {
  const { env } = recording()
  const r = await Dynamo.load(User, lines(3000).input)(env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.is(r.right.fail.length, 2997)
  assert.ok(r.right.fail.every((f, i) => i === 0 || (r.right.fail[i - 1]?.line ?? 0) < f.line))
})

test("a promise onFail returns is awaited before the next line is read (the caller's backpressure); onFail's throw or rejection is ignored, the load goes on", async () => {
  const { env } = recording()
  const { input, state } = lines(3000)
  let ahead = 0
  let calls = 0
  const r = await Dynamo.load(User, input, {
    onFail: async (f) => {
      calls++
      // no line was read past the one that failed while its failure is taken: measured once
      // the load had a turn to read on
      await new Promise((resolve) => setImmediate(resolve))
      ahead = Math.max(ahead, state.pulled - f.line)
      if (calls % 7 === 0) throw new Error('the application failed')
    },
  })(env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.is(ahead, 0)
  assert.is(r.right.fail.length, 0)
  assert.is(calls, 2997)
  let thrown = 0
  const throwing = await Dynamo.load(User, lines(2000).input, {
    onFail: () => {
      thrown++
      throw new Error('sync')
    },
  })(env)()
  assert.equal(throwing, E.right({ written: 2, fail: [] }))
  assert.is(thrown, 1998)
})

/** An Env whose client refuses every item, each its own refusal (ValidationException: a failure of the line, the load reads on). */
const refusing = () => {
  const send = async () => {
    throw Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
  }
  return Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, maxAttempts: 2 })
}

test("onFail is called one at a time, its last promise settled first: the write failures and the read loop's never overlap, no line is read while one is pending, and each line is given once", async () => {
  // every third line an item, every item's write failing: a group's write failures are given
  // while the next group's lines are read and refused
  let pulled = 0
  function* input(): Generator<string> {
    for (let i = 1; i <= 3000; i++) {
      pulled = i
      yield i % 3 === 0 ? JSON.stringify({ Item: { id: { S: `u${i}` } } }) : `junk ${i}`
    }
  }
  let pending = 0
  let most = 0
  const seen = new Set<number>()
  let writes = 0
  // lines read while a write failure's call was pending
  let readMeanwhile = 0
  const r = await Dynamo.load(User, input(), {
    onFail: async (f) => {
      seen.add(f.line)
      const before = pulled
      pending++
      most = Math.max(most, pending)
      await new Promise((resolve) => setTimeout(resolve, 1))
      pending--
      if (f.line % 3 === 0) {
        writes++
        readMeanwhile += pulled - before
      }
    },
  })(refusing())()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.is(writes, 1000, 'every write failure given')
  assert.is(readMeanwhile, 0, "no line read while a write failure's call is pending")
  assert.is(seen.size, 3000, 'every line given once')
  assert.is(most, 1, 'at most one onFail pending at once')
  assert.is(pending, 0, 'the load returns after the last onFail settled')
})

test("with onFail, a stopped load's message counts every line of unknown outcome and names the lowest, as it does the lines not written", async () => {
  // every write's outcome unknown (a server error, no retry): the load stops once the group
  // after the first is read (a group is 1,250 items, twice 25 chunks of 25 at concurrency 25:
  // 2,500 lines here, every other one junk)
  const send = async () => {
    throw Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } })
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, maxAttempts: 1, concurrency: 25 })
  const withOnFail = async (given: boolean) => {
    async function* input(): AsyncGenerator<string> {
      for (let i = 1; i <= 6000; i++) yield i % 2 === 0 ? JSON.stringify({ Item: { id: { S: `u${i}` } } }) : `junk ${i}`
      throw new Error('the input failed')
    }
    let unknown = 0
    const r = await Dynamo.load(User, input(), given ? { onFail: (f) => void (f.outcome === 'unknown' && unknown++) } : {})(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError', JSON.stringify(r))
    return { message: r.left.message, unknown }
  }
  const kept = await withOnFail(false)
  const told = await withOnFail(true)
  assert.ok(told.unknown > 1000, `${told.unknown} lines of unknown outcome`)
  assert.is(told.message, kept.message)
  assert.match(told.message, new RegExp(`lines 2, 4, .* and ${told.unknown - 10} more lines may have been written`))
})

test('an onFail that is no function is a ValidationError naming it, before any line is read', async () => {
  const { env } = recording()
  const { input, state } = lines(10)
  const r = await Dynamo.load(User, input, { onFail: 'x' as never })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && /onFail/.test(r.left.message), JSON.stringify(r))
  assert.is(state.pulled, 0)
})

test.run()
