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
      // no line was read past the one that failed while its failure is taken
      ahead = Math.max(ahead, state.pulled - f.line)
      await new Promise((resolve) => setImmediate(resolve))
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

test('an onFail that is no function is a ValidationError naming it, before any line is read', async () => {
  const { env } = recording()
  const { input, state } = lines(10)
  const r = await Dynamo.load(User, input, { onFail: 'x' as never })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && /onFail/.test(r.left.message), JSON.stringify(r))
  assert.is(state.pulled, 0)
})

test.run()
