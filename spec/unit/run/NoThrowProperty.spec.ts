/**
 * Property: whatever garbage is passed (spec/arb/garbage.ts) as strategies, conditions,
 * updates, items and options, every Dynamo operation's call returns, its task resolves (never
 * rejects), and an input refused before the network (any Left but an AwsError) sent nothing.
 * The client stands in for DynamoDB: it counts requests and refuses each (a non-retryable
 * AwsError), so nothing goes on past a request.
 */
import { ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as F from '../../../lib/codec/Field.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as G from '../../arb/garbage.js'

const Thing = Model.make({
  table: 'things',
  hashKey: 'pk',
  codec: t.intersection([t.type({ pk: t.string, n: t.number }), t.partial({ at: F.dateTime, tags: t.array(t.string) })]),
  defaults: { at: () => new Date(0), tags: () => [] },
})
const Pair = Model.make({ table: 'pairs', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, m: F.map({ a: t.string }) }) })
const models = [Thing, Pair] as const

type AnyOp = Dynamo.Op<unknown>
const ops: ReadonlyArray<readonly [string, (m: (typeof models)[number], x: unknown, y: unknown, o: unknown) => AnyOp]> = [
  ['saveOne', (m, x, _, o) => Dynamo.saveOne(m as never, x as never, o as never) as AnyOp],
  ['saveMany', (m, x, y, o) => Dynamo.saveMany(m as never, [x, y] as never, o as never) as AnyOp],
  ['saveMany of garbage', (m, x, _, o) => Dynamo.saveMany(m as never, x as never, o as never) as AnyOp],
  ['getOne', (m, x) => Dynamo.getOne(m as never, x as never) as AnyOp],
  ['getMany', (m, x, _, o) => Dynamo.getMany(m as never, x as never, o as never) as AnyOp],
  ['getMany of a list', (m, x, y, o) => Dynamo.getMany(m as never, [x, y] as never, o as never) as AnyOp],
  ['deleteOne', (m, x) => Dynamo.deleteOne(m as never, x as never) as AnyOp],
  ['deleteMany', (m, x) => Dynamo.deleteMany(m as never, x as never) as AnyOp],
  ['deleteMany of a list', (m, x, y) => Dynamo.deleteMany(m as never, [x, y] as never) as AnyOp],
  ['updateOne', (m, x, y) => Dynamo.updateOne(m as never, x as never, y as never) as AnyOp],
  ['updateOne of a key', (m, _, y) => Dynamo.updateOne(m as never, (m === Thing ? 'a' : ['a', 1]) as never, y as never) as AnyOp],
  ['updateOne of a list', (m, x, y) => Dynamo.updateOne(m as never, (m === Thing ? 'a' : ['a', 1]) as never, [U_SET(x), y] as never) as AnyOp],
  ['updateFromDict', (m, x) => Dynamo.updateFromDict(m as never, x as never) as AnyOp],
  ['explain', (m, x) => () => () => Promise.resolve(Dynamo.explain(m as never, x as never))],
]

/** A `Set` action of garbage on `n`. */
const U_SET = (v: unknown): unknown => ({ _tag: 'Set', path: { _tag: 'Path', elements: ['n'] }, value: v })

const refusing = () => {
  let sent = 0
  const env = Env.make({
    client: {
      send: () => {
        sent++
        return Promise.reject(new ResourceNotFoundException({ message: 'no table here', $metadata: {} }))
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })
  return { env, sent: () => sent }
}

test('garbage in: every operation resolves; a Left before the network sends nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ops), fc.constantFrom(...models), G.garbage, G.garbage, G.options, async ([name, op], m, x, y, o) => {
      const { env, sent } = refusing()
      let p: Promise<E.Either<DE.DynamoError, unknown>> | undefined
      try {
        p = op(m, x, y, o)(env)()
      } catch (e) {
        assert.unreachable(`${name}: the call threw ${String(e)}`)
      }
      let rejected = false
      const r = await (p as Promise<E.Either<DE.DynamoError, unknown>>).catch(() => {
        rejected = true
        return undefined
      })
      assert.not.ok(rejected, `${name}: the task rejected`)
      assert.ok(r !== undefined && (r._tag === 'Left' || r._tag === 'Right'), `${name}: not an Either`)
      if (E.isLeft(r) && r.left._tag !== 'AwsError') assert.is(sent(), 0, `${name}: a ${r.left._tag} after ${sent()} requests`)
    }),
    { seed: 14, numRuns: 2000 },
  )
})

test.run()
