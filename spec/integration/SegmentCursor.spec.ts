/**
 * Cursors of parallel scans (DESIGN §5.1) against DynamoDB Local. A cursor's tag covers the
 * read's segment and number of segments: a cursor of one segment given to another, of one split
 * given to another, or altered, is a `ValidationError` before any request, with `cursorKey` or
 * without. Without `cursorKey` the tag is a checksum anyone can compute, so a client can forge
 * a cursor of a segment holding a key of another segment: which segment holds a key is
 * DynamoDB's own hash, not known before a request, and DynamoDB refuses such a start key
 * ("Exclusive start key must lie within the segment"): the read is then the cursor's
 * `ValidationError`, and nothing of another segment is read. With `cursorKey` no cursor can be
 * forged: refused before any request.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import * as Cursor from '../../lib/run/Cursor.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Pages from '../../lib/run/pages.js'
import { right } from '../harness/either.js'
import { fixture, ok, type Fixture, REQUEST_MS } from '../harness/models.js'
import { after, before } from '../harness/setup.js'

const Row = Model.make({ table: 'rows', hashKey: 'pk', billing: 'onDemand', codec: t.type({ pk: t.string, n: t.number }) })
type Row = Model.TypeOf<typeof Row>
const all = C.gte(Row.attrs.n, 0)

const events: Env.Event[] = []
let f: Fixture
let keyed: Env.Env

before(test, async () => {
  f = await fixture('segcursor', { on: (e) => events.push(e) })
  keyed = Env.make({ client: f.client, tablePrefix: f.prefix, cursorKey: new Uint8Array(32).fill(7), on: (e) => events.push(e), timeoutMs: REQUEST_MS })
  await ok(f.env, Dynamo.createTable(Row))
  await ok(f.env, Dynamo.saveMany(Row, Array.from({ length: 40 }, (_, i) => ({ pk: `p${i}`, n: i }))))
})

after(test, async () => {
  await ok(f.env, Dynamo.deleteTable(Row))
})

/** Refused with a ValidationError naming the cursor after `requests` requests; what it says. */
const refused = async (env: Env.Env, op: Dynamo.Op<unknown>, requests = 0): Promise<string> => {
  const before = events.length
  const r = await op(env)()
  assert.ok(E.isLeft(r), `taken: ${JSON.stringify(E.isRight(r) ? r.right : '')}`)
  assert.is(r.left._tag, 'ValidationError', DE.show(r.left))
  assert.is((r.left as DE.ValidationError).issues[0]?.path, 'cursor')
  assert.is(events.length - before, requests, 'requests sent')
  return DE.show(r.left)
}

const cursorOf = (p: Dynamo.Page<unknown>): string => {
  assert.ok(p.cursor._tag === 'Some')
  return (p.cursor as O.Some<string>).value
}

/** A cursor of the read `segment` (or `segments`) holding `positions`, its checksum right: what a client who knows the read can write without cursorKey. */
const forged = (positions: ReadonlyArray<Record<string, AttributeValue> | undefined>, split: { readonly segment: { readonly index: number; readonly total: number } } | { readonly segments: number }): string => {
  const plan = right(Plan.make(Row, all, {}))
  const segment = 'segment' in split ? split.segment : { index: 0, total: split.segments }
  const stream = right(Pages.make(Row, f.table(Row), plan, { segment }))
  const identity = 'segment' in split ? stream.identity() : `${stream.identity()}\nsegments`
  const ps = positions.map((key): O.Option<Pages.Position> => (key === undefined ? { _tag: 'None' } : { _tag: 'Some', value: { _tag: 'After', key } }))
  return right(Cursor.encode(ps, identity, undefined))
}

test('a cursor of one segment given to another, of one split given to another, or altered: refused before any request, with cursorKey and without', async () => {
  for (const env of [f.env, keyed]) {
    const s0 = cursorOf(await ok(env, Dynamo.page(Row, all, { pageSize: 2, segment: { index: 0, total: 2 } })))
    const split = cursorOf(await ok(env, Dynamo.page(Row, all, { pageSize: 2, segments: 2 })))
    await refused(env, Dynamo.page(Row, all, { pageSize: 2, segment: { index: 1, total: 2 }, cursor: s0 }))
    await refused(env, Dynamo.page(Row, all, { pageSize: 2, segment: { index: 0, total: 3 }, cursor: s0 }))
    await refused(env, Dynamo.page(Row, all, { pageSize: 2, segments: 2, cursor: s0 }))
    await refused(env, Dynamo.page(Row, all, { pageSize: 2, segments: 3, cursor: split }))
    await refused(env, Dynamo.page(Row, all, { pageSize: 2, segment: { index: 0, total: 2 }, cursor: split }))
    const flipped = `${s0.slice(0, 5)}${s0[5] === 'A' ? 'B' : 'A'}${s0.slice(6)}`
    await refused(env, Dynamo.page(Row, all, { pageSize: 2, segment: { index: 0, total: 2 }, cursor: flipped }))
    // the cursor goes on in its own segment
    assert.ok(E.isRight(await Dynamo.page(Row, all, { pageSize: 2, segment: { index: 0, total: 2 }, cursor: s0 })(env)()))
  }
})

test('a forged cursor of a segment holding a key of another: without cursorKey the cursor\'s ValidationError once DynamoDB refuses the start key (nothing read); with cursorKey refused before any request', async () => {
  const s0 = await ok(f.env, Dynamo.getMany(Row, all, { segment: { index: 0, total: 2 } }))
  const s1 = await ok(f.env, Dynamo.getMany(Row, all, { segment: { index: 1, total: 2 } }))
  assert.ok(s0.length > 0 && s1.length > 0, 'both segments hold items')
  const key = (r: Row) => ({ pk: { S: r.pk } })
  const foreign = key(s0[0] as Row)
  // DynamoDB's own word on that start key
  const raw = await f.client.send(new ScanCommand({ TableName: f.table(Row), Segment: 1, TotalSegments: 2, ExclusiveStartKey: foreign })).then(() => 'answered', (e: Error) => `${e.name}: ${e.message}`)
  assert.match(raw, /^ValidationException: .*within the segment/)
  const one = forged([foreign], { segment: { index: 1, total: 2 } })
  assert.match(await refused(f.env, Dynamo.page(Row, all, { segment: { index: 1, total: 2 }, cursor: one }), 1), 'outside this read\'s segment')
  // a split read's positions swapped: each a key of the other segment (its segments start at once: one request each)
  const swapped = forged([key(s1[0] as Row), foreign], { segments: 2 })
  await refused(f.env, Dynamo.page(Row, all, { segments: 2, cursor: swapped }), 2)
  let first: E.Either<DE.DynamoError, unknown> | undefined
  for await (const p of Dynamo.pages(Row, all, { segments: 2, cursor: swapped })(f.env)) {
    first = p
    break
  }
  assert.ok(first !== undefined && E.isLeft(first) && first.left._tag === 'ValidationError', 'pages: the cursor\'s ValidationError')
  // with cursorKey no cursor is forged: refused before any request
  await refused(keyed, Dynamo.page(Row, all, { segment: { index: 1, total: 2 }, cursor: one }))
  // a forged key of the segment itself is taken (as a cursor of the read would be)
  const own = forged([key(s1[0] as Row)], { segment: { index: 1, total: 2 } })
  assert.ok(E.isRight(await Dynamo.page(Row, all, { segment: { index: 1, total: 2 }, cursor: own })(f.env)()))
})

test.run()
