/**
 * Reads as a stream of pages (lib/run/pages.ts) and what getMany makes of it, against a
 * stand-in client that records every command: how many requests a read makes, in which order,
 * and which read options reach each request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

type Item = Record<string, AttributeValue>
const $metadata = {}

/** A hash+range model: a Query on `pk`, a GetItem on `[pk, sk]`, a Scan on anything else. */
const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, tag: t.string }) })
const r = Row.attrs

const row = (sk: number, tag = 'x'): Item => ({ pk: { S: 'a' }, sk: { N: String(sk) }, tag: { S: tag } })

interface Sent {
  readonly name: string
  readonly input: Record<string, any>
}

interface StandIn {
  readonly env: Env.Env
  readonly sent: Array<Sent>
}

/**
 * A stand-in DynamoDB holding `items` (in key order) in one table. Query and Scan serve the
 * items in order, at most `pageHolds` (and at most `Limit`) a request, ignoring expressions;
 * `ExclusiveStartKey` resumes after that key. BatchGetItem and GetItem look keys up. `fail(n)`
 * makes the n-th request (from 0) throw instead.
 */
const standIn = (items: ReadonlyArray<Item>, options: { readonly pageHolds?: number; readonly fail?: (n: number) => Error | undefined } = {}): StandIn => {
  const sent: Array<Sent> = []
  const key = (i: Item) => `${i['pk']?.S}/${i['sk']?.N}`
  const page = (input: Record<string, any>) => {
    const startAt = input['ExclusiveStartKey'] === undefined ? 0 : items.findIndex((i) => key(i) === key(input['ExclusiveStartKey'])) + 1
    const n = Math.min(options.pageHolds ?? Infinity, input['Limit'] ?? Infinity)
    const Items = items.slice(startAt, startAt + n)
    const last = Items[Items.length - 1]
    const more = startAt + n < items.length && last !== undefined
    return { $metadata, Items, Count: Items.length, ...(more ? { LastEvaluatedKey: { pk: last['pk'], sk: last['sk'] } } : {}) }
  }
  const send = async (command: unknown) => {
    await Promise.resolve()
    const c = command as { constructor: { name: string }; input: Record<string, any> }
    sent.push({ name: c.constructor.name, input: c.input })
    const failure = options.fail?.(sent.length - 1)
    if (failure !== undefined) throw failure
    if (command instanceof QueryCommand || command instanceof ScanCommand) return page(c.input)
    if (command instanceof GetItemCommand) return { $metadata, ...(() => { const it = items.find((i) => key(i) === key(c.input['Key'])); return it === undefined ? {} : { Item: it } })() }
    if (command instanceof BatchGetItemCommand) {
      const [table, req] = Object.entries(c.input['RequestItems'] as Record<string, { Keys: Item[] }>)[0] as [string, { Keys: Item[] }]
      const wanted = new Set(req.Keys.map(key))
      return { $metadata, Responses: { [table]: items.filter((i) => wanted.has(key(i))).reverse() } }
    }
    throw new Error(`unexpected command ${c.constructor.name}`)
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 })
  return { env, sent }
}

const rows = (n: number): ReadonlyArray<Item> => Array.from({ length: n }, (_, i) => row(i + 1))

const right = <A>(x: E.Either<unknown, A>): A => {
  if (E.isLeft(x)) throw new Error(`expected a Right, got ${JSON.stringify(x.left)}`)
  return x.right
}

// -------------------------------------------------------------------------------------
// read options reach every request (1g)
// -------------------------------------------------------------------------------------

const planKinds = {
  GetItem: C.and(C.eq(r.pk, 'a'), C.eq(r.sk, 2)),
  BatchGetItem: Model.keysIn(Row, Array.from({ length: 150 }, (_, i) => ['a', i + 1] as const)),
  Query: C.eq(r.pk, 'a'),
  Scan: C.gt(r.sk, 0),
} as const

test('consistentRead reaches every request of every plan kind: GetItem, BatchGetItem (each chunk), Query and Scan (each page)', async () => {
  for (const [kind, strategy] of Object.entries(planKinds)) {
    assert.is(right(Dynamo.explain(Row, strategy))._tag, kind)
    const s = standIn(rows(7), { pageHolds: 3 })
    const got = right(await Dynamo.getMany(Row, strategy, { consistentRead: true })(s.env)())
    assert.ok(got.length > 0, kind)
    assert.ok(s.sent.length >= (kind === 'GetItem' ? 1 : 2), `${kind}: ${s.sent.length} requests`)
    for (const { name, input } of s.sent) {
      const consistent = name === 'BatchGetItemCommand' ? Object.values(input['RequestItems'] as Record<string, { ConsistentRead?: boolean }>)[0]?.ConsistentRead : input['ConsistentRead']
      assert.is(consistent, true, `${kind}: ${name} without ConsistentRead`)
    }
  }
})

test('without consistentRead no request asks for it', async () => {
  for (const strategy of Object.values(planKinds)) {
    const s = standIn(rows(7), { pageHolds: 3 })
    right(await Dynamo.getMany(Row, strategy)(s.env)())
    for (const { input } of s.sent) assert.not.ok(JSON.stringify(input).includes('ConsistentRead'))
  }
})

test('pageSize is the Limit of every Query and Scan request; descending reaches every Query request', async () => {
  for (const strategy of [planKinds.Query, planKinds.Scan]) {
    const s = standIn(rows(7))
    const got = right(await Dynamo.getMany(Row, strategy, { pageSize: 2, descending: true })(s.env)())
    assert.equal(got.map((x) => x.sk), [1, 2, 3, 4, 5, 6, 7])
    assert.is(s.sent.length, 4)
    for (const { name, input } of s.sent) {
      assert.is(input['Limit'], 2)
      if (name === 'QueryCommand') assert.is(input['ScanIndexForward'], false)
    }
  }
})

test.run()
