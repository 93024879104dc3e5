/**
 * A load whose writes fail for a reason that is no line's (the endpoint refuses connections,
 * DynamoDB throttles past every attempt, the table is gone) stops after the group of lines
 * whose writes so failed: `Left` of that error, saying after which line and the lines that
 * failed, rather than read on and spend every attempt of every group on the same failure (a
 * file of millions of lines against a dead endpoint would run for days). A line's own refusal
 * (DynamoDB's ValidationException, a versioned item's condition) fails that line only.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import { show, type DynamoError } from '../../../lib/DynamoError.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })
const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, version: Field.int({ min: 1 }) }), version: 'version' })

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
const gone = () => Object.assign(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: { httpStatusCode: 400 } }), { $fault: 'client' })

/** A client whose every write fails with `error()`, counting the requests. */
const failing = (error: () => Error) => {
  let requests = 0
  const client = {
    send: async () => {
      requests++
      throw error()
    },
  }
  // one chunk at once: a group is 50 lines
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0, maxAttempts: 3, concurrency: 1 })
  return { env, requests: () => requests }
}

const lines = (n: number, versioned: boolean) => Array.from({ length: n }, (_, i) => JSON.stringify({ Item: { id: { S: `u${i + 1}` }, ...(versioned ? { version: { N: '1' } } : {}) } }))

test('a load whose writes fail for no line of theirs (connection refused past every attempt, the table gone; batched and versioned alike) stops after that group: Left of the error, after which line, the lines failed; no more groups written', async () => {
  for (const [m, error, name] of [
    [User, refused, 'ECONNREFUSED'],
    [User, gone, 'ResourceNotFoundException'],
    [Doc, refused, 'ECONNREFUSED'],
    [Doc, gone, 'ResourceNotFoundException'],
  ] as const) {
    const { env, requests } = failing(error)
    const r = await Dynamo.load(m, lines(1000, m === Doc))(env)()
    const what = `${m.table} ${name}`
    assert.ok(E.isLeft(r), `${what}: ${JSON.stringify(E.isRight(r) ? { written: r.right.written, fail: r.right.fail.length } : r.left)}`)
    const e = (r as E.Left<DynamoError & { readonly fail?: ReadonlyArray<{ line: number }> }>).left
    assert.ok(e._tag === 'AwsError' && e.name === name, `${what}: ${show(e)}`)
    assert.match(show(e), /after line \d+; 0 items written; lines? 1(–\d+)? failed, not written/, `${what}: ${show(e)}`)
    // the first group's lines failed (a versioned model's: those sent); at most the next group was read meanwhile, none written
    assert.ok((e.fail?.length ?? 0) >= (m === Doc ? 1 : 50) && (e.fail?.length ?? 0) <= 100, `${what}: ${e.fail?.length} failed`)
    assert.ok(requests() <= 2 * 50 * 3, `${what}: ${requests()} requests`)
  }
})

test("a line's own refusal (ValidationException) fails that line only: the load reads on to its end", async () => {
  let requests = 0
  const client = {
    send: async (c: { input: { RequestItems: Record<string, ReadonlyArray<unknown>> } }) => {
      requests++
      const n = Object.values(c.input.RequestItems)[0]?.length ?? 0
      // a chunk holding u7 is refused as a whole (DynamoDB's way), until u7 is sent alone
      if (JSON.stringify(c.input).includes('"u7"')) throw Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
      return { $metadata: {}, UnprocessedItems: {}, n }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0, maxAttempts: 3, concurrency: 1 })
  const r = await Dynamo.load(User, lines(1000, false))(env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.equal([(r as E.Right<{ written: number }>).right.written, (r as E.Right<{ fail: ReadonlyArray<{ line: number }> }>).right.fail.map((f) => f.line)], [999, [7]])
  assert.ok(requests > 40)
})

test("a versioned model's conditional puts: once one fails for no line of its own, the group's other items are not sent (neither written nor failed), the load stops", async () => {
  const { env, requests } = failing(refused)
  const r = await Dynamo.load(Doc, lines(1000, true))(env)()
  assert.ok(E.isLeft(r), JSON.stringify(r))
  const e = (r as E.Left<DynamoError & { readonly fail?: ReadonlyArray<{ line: number }> }>).left
  assert.ok(e._tag === 'AwsError' && e.name === 'ECONNREFUSED', show(e))
  // one chunk at once: the first item's 3 attempts, then nothing more sent
  assert.is(requests(), 3)
  assert.equal(e.fail?.map((f) => f.line), [1])
  assert.match(show(e), /0 items written; line 1 failed, not written/)
})

test("a versioned model's last group: once a put fails for no line of its own, the load stops as mid-file (Left), its puts not sent named", async () => {
  const { env, requests } = failing(refused)
  const r = await Dynamo.load(Doc, lines(10, true))(env)()
  assert.ok(E.isLeft(r), JSON.stringify(r))
  const e = (r as E.Left<DynamoError & { readonly fail?: ReadonlyArray<{ line: number }> }>).left
  assert.ok(e._tag === 'AwsError' && e.name === 'ECONNREFUSED', show(e))
  assert.is(requests(), 3)
  assert.equal(e.fail?.map((f) => f.line), [1])
  // every line read is accounted for: written, failed or not sent
  assert.match(show(e), /\(after line 10; 0 items written; line 1 failed, not written; lines 2–10 not sent\)/)
})

test('a stopped load names the lines it read but did not send: written, failed or not sent, every line read', async () => {
  let requests = 0
  const client = {
    send: async () => {
      requests++
      // the first group's two chunks are written; then the table is gone
      if (requests > 2) throw gone()
      return { $metadata: {}, UnprocessedItems: {} }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0, maxAttempts: 3, concurrency: 1 })
  const r = await Dynamo.load(User, lines(1000, false))(env)()
  assert.ok(E.isLeft(r), JSON.stringify(r))
  const e = (r as E.Left<DynamoError>).left
  assert.match(show(e), /\(after line 150; 50 items written; lines 51–100 failed, not written; lines 101–150 not sent\)/)
})

test.run()
