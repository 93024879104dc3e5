/**
 * Known full keys by their values (lib/plan/Plan.ts, `crossKeys`): a conjunction whose key
 * conjuncts give every key field of the table literal values by `eq` or `isIn` (hash eq and
 * range isIn, hash isIn and range eq, both isIn) names the cross product of those values, each
 * a full key: a `BatchGetItem` of them (the other conjuncts the filter evaluated on the
 * results), never a Scan of the table. Each key is validated as `keysIn`'s are, before any
 * request; duplicate values make no duplicate keys; two lists or more that multiply past
 * 10,000 keys are planned as if no cross product were there (a single list of any length is
 * its keys, as `keysIn`'s).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting, firstPage } from '../../harness/counting.js'

const Row = Model.make({
  table: 'rows',
  hashKey: 'h',
  rangeKey: 'r',
  codec: t.intersection([t.type({ h: t.string, r: Field.int() }), t.partial({ x: Field.int(), tag: t.string })]),
  indexes: { byTag: Model.globalIndex({ hashKey: 'tag', rangeKey: 'r' }) },
})
const w = Row.attrs

/** A composed-key entity in a shared table (DESIGN §5.4). */
const Line = Model.make({
  table: 'shop',
  entity: 'line',
  codec: t.type({ customerId: t.string, orderId: t.string, status: t.string }),
  hashKey: Model.key('pk', 'C#{customerId}'),
  rangeKey: Model.key('sk', 'L#{orderId}'),
})
const l = Line.attrs

/** Three key fields: one in the hash template, two in the range's. */
const Cell = Model.make({
  table: 'shop',
  entity: 'cell',
  codec: t.type({ a: t.string, b: t.string, c: t.string }),
  hashKey: Model.key('pk', 'A#{a}'),
  rangeKey: Model.key('sk', 'B#{b}#C#{c}'),
})
const ce = Cell.attrs

const plan = (e: E.Either<DE.DynamoError, Plan.Plan>): Plan.Plan => {
  if (E.isLeft(e)) throw new Error(DE.show(e.left))
  return e.right
}
const tagOf = (e: E.Either<DE.DynamoError, Plan.Plan>): string => (E.isRight(e) ? e.right._tag : `${e.left._tag}: ${DE.show(e.left)}`)
const key = (h: string, r: number) => ({ _tag: 'Key', key: { h: { S: h }, r: { N: String(r) } }, values: { h, r } })
const range = (n: number, f: (i: number) => string = (i) => `v${i}`) => Array.from({ length: n }, (_, i) => f(i))

test('eq on the hash key AND isIn on the range key: a BatchGetItem of the three keys (no Scan of the table)', () => {
  const c = C.and(C.eq(w.h, 'h'), C.isIn(w.r, [1, 2, 3]))
  assert.equal(plan(Dynamo.explain(Row, c)), { _tag: 'BatchGetItem', table: 'rows', keys: [key('h', 1), key('h', 2), key('h', 3)] })
})

test('the three shapes, golden: the keys of one partition in its range key\'s order (as the Query of it reads them), of several in the order given (the hash values outermost), the other conjuncts the filter evaluated on the results', () => {
  const show = (c: C.Condition) => Plan.show(plan(Dynamo.explain(Row, c)))
  assert.is(
    show(C.and(C.eq(w.h, 'h'), C.isIn(w.r, [3, 1, 2]), C.gt(w.x, 5))),
    ['BatchGetItem rows (3 keys, 1 request)', '  key: h = "h" AND r = 1', '  key: h = "h" AND r = 2', '  key: h = "h" AND r = 3', '  filter (evaluated on the results): x > 5'].join('\n'),
  )
  assert.is(
    show(C.and(C.isIn(w.h, ['b', 'a']), C.eq(w.r, 7))),
    ['BatchGetItem rows (2 keys, 1 request)', '  key: h = "b" AND r = 7', '  key: h = "a" AND r = 7'].join('\n'),
  )
  assert.is(
    show(C.and(C.beginsWith(w.tag, 't'), C.isIn(w.h, ['b', 'a']), C.isIn(w.r, [1, 2, 3]), C.lt(w.r, 3))),
    [
      'BatchGetItem rows (6 keys, 1 request)',
      '  key: h = "b" AND r = 1',
      '  key: h = "b" AND r = 2',
      '  key: h = "b" AND r = 3',
      '  key: h = "a" AND r = 1',
      '  key: h = "a" AND r = 2',
      '  … 1 more',
      '  filter (evaluated on the results): begins_with(tag, "t") AND r < 3',
    ].join('\n'),
  )
  // the plan itself: the filter is what is left, in its order
  const p = plan(Dynamo.explain(Row, C.and(C.isIn(w.h, ['a']), C.ne(w.x, 1), C.isIn(w.r, [1, 2]))))
  assert.equal(p, { _tag: 'BatchGetItem', table: 'rows', keys: [key('a', 1), key('a', 2)], filter: C.ne(w.x, 1) })
})

test('one partition\'s keys in DynamoDB\'s order of the range key\'s type: numbers by value, not as written', () => {
  const p = plan(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.isIn(w.r, [10, 9, 100, -1]))))
  assert.equal(p, { _tag: 'BatchGetItem', table: 'rows', keys: [key('a', -1), key('a', 9), key('a', 10), key('a', 100)] })
})

test('duplicate values make no duplicate keys (nor items): the first of each kept, in order', () => {
  const p = plan(Dynamo.explain(Row, C.and(C.isIn(w.h, ['a', 'b', 'a']), C.isIn(w.r, [2, 1, 2, 2]))))
  assert.equal(p, { _tag: 'BatchGetItem', table: 'rows', keys: [key('a', 2), key('a', 1), key('b', 2), key('b', 1)] })
})

test('of several eq/isIn conjuncts on a key field, the one of fewest values gives the keys; the others are checks', () => {
  const p = plan(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.isIn(w.r, [1, 2, 3]), C.isIn(w.r, [3, 2]))))
  assert.equal(p, { _tag: 'BatchGetItem', table: 'rows', keys: [key('a', 2), key('a', 3)], filter: C.isIn(w.r, [1, 2, 3]) })
  // an isIn on the hash key beside its equality: a check of the one key
  const q = plan(Dynamo.explain(Row, C.and(C.isIn(w.h, ['a', 'b']), C.eq(w.h, 'c'), C.isIn(w.r, [1, 2]))))
  assert.equal(q, { _tag: 'BatchGetItem', table: 'rows', keys: [key('c', 1), key('c', 2)], filter: C.isIn(w.h, ['a', 'b']) })
})

test('what names no full key is planned without one: a Query on the hash key, a Scan, a GetItem of one key', () => {
  assert.is(tagOf(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.gt(w.r, 1)))), 'Query')
  assert.is(tagOf(Dynamo.explain(Row, C.and(C.isIn(w.h, ['a', 'b']), C.gt(w.r, 1)))), 'Scan')
  assert.is(tagOf(Dynamo.explain(Row, C.isIn(w.r, [1, 2]))), 'Scan')
  assert.is(tagOf(Dynamo.explain(Row, C.or(C.and(C.eq(w.h, 'a'), C.isIn(w.r, [1])), C.eq(w.x, 3)))), 'Scan')
  assert.is(tagOf(Dynamo.explain(Row, C.not(C.and(C.eq(w.h, 'a'), C.isIn(w.r, [1, 2]))))), 'Scan')
  assert.is(tagOf(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.eq(w.r, 1), C.gt(w.x, 2)))), 'GetItem')
  // a full key with a check on a key field (no strategy getOne takes, so no GetItem): its one key
  assert.equal(plan(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.eq(w.r, 1), C.isIn(w.r, [1, 2])))), {
    _tag: 'BatchGetItem',
    table: 'rows',
    keys: [key('a', 1)],
    filter: C.isIn(w.r, [1, 2]),
  })
  // a read through a named index reads that index (a Query of its partition, the range key's isIn checked in memory)
  const through = plan(Dynamo.explain(Row, C.and(C.eq(w.tag, 't'), C.eq(w.h, 'a'), C.isIn(w.r, [1, 2])), { index: 'byTag' }))
  assert.equal([through._tag, through._tag === 'Query' && through.index, through._tag === 'Query' && through.check], ['Query', 'byTag', C.isIn(w.r, [1, 2])])
})

test('each key validated as keysIn\'s are: a bad value is a ValidationError, an isIn of no values an ExpressionError, before any request', async () => {
  const bad: ReadonlyArray<readonly [C.Condition, DE.DynamoError['_tag'], RegExp]> = [
    [C.and(C.eq(w.h, 'a'), C.isIn(w.r, [1, 'two' as never])), 'ValidationError', /r: expected/],
    [C.and(C.eq(w.h, 'a'), C.isIn(w.r, [1, 1.5])), 'ValidationError', /r: /],
    [C.and(C.isIn(w.h, ['a', 5 as never]), C.eq(w.r, 1)), 'ValidationError', /h: expected/],
    [C.and(C.isIn(w.h, ['a', 'b']), C.isIn(w.r, [1, 'x' as never]), C.gt(w.x, 1)), 'ValidationError', /r: expected/],
    [C.and(C.eq(w.h, 'a'), C.isIn(w.r, [])), 'ExpressionError', /r IN \(\) has no values/],
  ]
  for (const [c, tag, says] of bad) {
    const explained = Dynamo.explain(Row, c)
    assert.ok(E.isLeft(explained) && explained.left._tag === tag && says.test(DE.show(explained.left)), tagOf(explained))
    const { env, sent } = counting()
    for (const read of [
      Dynamo.getMany(Row, c),
      Dynamo.count(Row, c),
      Dynamo.page(Row, c),
      firstPage(Dynamo.pages(Row, c)),
      Dynamo.deleteMany(Row, c),
    ] as ReadonlyArray<Dynamo.Op<unknown>>) {
      const r = await read(env)()
      assert.ok(E.isLeft(r) && r.left._tag === tag, E.isLeft(r) ? DE.show(r.left) : 'read')
    }
    assert.is(sent.length, 0)
  }
})

test('on composed keys: the keys composed from the fields\' values, the entity checked on the results (no Query of the partition)', () => {
  const c = C.and(C.eq(l.customerId, 'c1'), C.isIn(l.orderId, ['o2', 'o1']), C.eq(l.status, 'open'))
  assert.equal(plan(Dynamo.explain(Line, c)), {
    _tag: 'BatchGetItem',
    table: 'shop',
    keys: [
      { _tag: 'Key', key: { pk: { S: 'C#c1' }, sk: { S: 'L#o1' } }, values: { customerId: 'c1', orderId: 'o1' } },
      { _tag: 'Key', key: { pk: { S: 'C#c1' }, sk: { S: 'L#o2' } }, values: { customerId: 'c1', orderId: 'o2' } },
    ],
    filter: C.and(C.eq(A.path<string>('_et'), 'line'), C.eq(l.status, 'open')),
  })
  // every field of the key must have its values: two of three is a Query of the partition
  assert.is(tagOf(Dynamo.explain(Cell, C.and(C.eq(ce.a, 'x'), C.isIn(ce.b, ['1', '2'])))), 'Query')
  const six = plan(Dynamo.explain(Cell, C.and(C.eq(ce.a, 'x'), C.isIn(ce.b, ['1', '2']), C.isIn(ce.c, ['p', 'q', 'r']))))
  assert.equal(six._tag === 'BatchGetItem' && six.keys.map((k) => k.key['sk']?.S), ['B#1#C#p', 'B#1#C#q', 'B#1#C#r', 'B#2#C#p', 'B#2#C#q', 'B#2#C#r'])
})

test('the cap: lists of two fields or more multiply to at most 10,000 keys (100 requests); past it, the plan is a Scan filtered by the whole condition; one list is never capped', () => {
  const keysOf = (p: Plan.Plan): number => (p._tag === 'BatchGetItem' ? p.keys.length : -1)
  // at the cap: every key, in 100 requests
  const at = plan(Dynamo.explain(Row, C.and(C.isIn(w.h, range(100)), C.isIn(w.r, Array.from({ length: 100 }, (_, i) => i)))))
  assert.is(keysOf(at), 10_000)
  assert.match(Plan.show(at), /^BatchGetItem rows \(10000 keys, 100 requests\)/)
  // three fields of a composed key, at and past the cap
  const cells = (n: number) => C.and(C.isIn(ce.a, range(20)), C.isIn(ce.b, range(20)), C.isIn(ce.c, range(n)))
  assert.is(keysOf(plan(Dynamo.explain(Cell, cells(25)))), 10_000)
  const past = plan(Dynamo.explain(Cell, cells(26)))
  assert.is(past._tag, 'Scan')
  assert.equal(past._tag === 'Scan' && past.filter, C.and(C.eq(A.path<string>('_et'), 'cell'), cells(26)))
  // duplicates count as written: 26 values of which 25 are distinct are past it
  assert.is(plan(Dynamo.explain(Cell, C.and(C.isIn(ce.a, range(20)), C.isIn(ce.b, range(20)), C.isIn(ce.c, [...range(25), 'v0']))))._tag, 'Scan')
  // one list, the other fields of one value: as many keys as it names, however many
  assert.is(keysOf(plan(Dynamo.explain(Row, C.and(C.eq(w.h, 'a'), C.isIn(w.r, Array.from({ length: 12_000 }, (_, i) => i)))))), 12_000)
  assert.is(keysOf(plan(Dynamo.explain(Cell, C.and(C.eq(ce.a, 'x'), C.isIn(ce.b, range(12_000)), C.isIn(ce.c, ['p']))))), 12_000)
})

test('counted requests: every read of known keys sends BatchGetItem requests of exactly those keys, never a Scan; its options reach them', async () => {
  const c = C.and(C.eq(w.h, 'h'), C.isIn(w.r, [1, 2, 3, 2]), C.gt(w.x, 5))
  const keys = [1, 2, 3].map((r) => ({ h: { S: 'h' }, r: { N: String(r) } }))
  const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['getMany', Dynamo.getMany(Row, c)],
    ['getMany, limit 1', Dynamo.getMany(Row, c, { limit: 1 })],
    ['count', Dynamo.count(Row, c)],
    ['page', Dynamo.page(Row, c)],
    ['pages', firstPage(Dynamo.pages(Row, c))],
    ['reduce', Dynamo.reduce(Row, c, 0, (n) => n + 1)],
    ['deleteMany', Dynamo.deleteMany(Row, c)],
  ]
  for (const [what, read] of reads) {
    const { env, sent } = counting<{ constructor: { name: string }; input: any }>()
    const r = await read(env)()
    assert.ok(E.isRight(r), `${what}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
    assert.equal(
      sent.map((x) => x.constructor.name),
      ['BatchGetItemCommand'],
      what,
    )
    assert.equal(sent[0]?.input.RequestItems.rows.Keys, keys, what)
  }
  // consistentRead and select reach the request (a projection reads what the filter tests too)
  const { env, sent } = counting<{ constructor: { name: string }; input: any }>()
  const r = await Dynamo.getMany(Row, c, { consistentRead: true, select: ['tag'] })(env)()
  assert.ok(E.isRight(r))
  assert.is(sent.length, 1)
  const { ConsistentRead, ProjectionExpression, ExpressionAttributeNames } = sent[0]?.input.RequestItems.rows
  assert.is(ConsistentRead, true)
  assert.equal(
    ProjectionExpression.split(', ').map((n: string) => ExpressionAttributeNames[n]).sort(),
    ['h', 'r', 'tag', 'x'],
  )
})

test('a read that needs a Query or a Scan (descending, segments) plans key values as it would without their cross product: a Query of the partition (a Scan when split in segments), never a refusal of a key list the condition did not name; a paced one (readUnitsPerSecond) stays the BatchGetItem of its keys', async () => {
  const c = C.and(C.eq(w.h, 'h'), C.isIn(w.r, [1, 2]), C.gt(w.x, 0))
  const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, string]> = [
    ['segments', Dynamo.getMany(Row, c, { segments: 2 }), 'ScanCommand'],
    ['segment', Dynamo.reduce(Row, c, 0, (n) => n + 1, { segment: { index: 0, total: 2 } }), 'ScanCommand'],
    ['readUnitsPerSecond', Dynamo.getMany(Row, c, { readUnitsPerSecond: 10 }), 'BatchGetItemCommand'],
    // the partition's range key between the least and the greatest value (the isIn checked in memory; no Scan of the table)
    ['descending', Dynamo.getMany(Row, c, { descending: true }), 'QueryCommand'],
    // a composed key's partition: the Query it was, in descending order
    ['descending, composed', Dynamo.getMany(Line, C.and(C.eq(l.customerId, 'c1'), C.isIn(l.orderId, ['o1', 'o2'])), { descending: true }), 'QueryCommand'],
  ]
  for (const [what, read, command] of reads) {
    const { env, sent } = counting<{ constructor: { name: string }; input: Record<string, unknown> }>()
    const r = await read(env)()
    assert.ok(E.isRight(r), `${what}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
    assert.ok(sent.length > 0 && sent.every((x) => x.constructor.name === command), `${what}: ${sent.map((x) => x.constructor.name).join(', ')}`)
  }
  const { env, sent } = counting<{ input: Record<string, unknown> }>()
  await Dynamo.getMany(Line, C.and(C.eq(l.customerId, 'c1'), C.isIn(l.orderId, ['o1', 'o2'])), { descending: true })(env)()
  assert.is(sent[0]?.input.ScanIndexForward, false)
  // descending on plain keys: a Query of the partition in descending order (not a Scan, which has no order and is refused)
  const d = counting<{ input: Record<string, unknown> }>()
  assert.ok(E.isRight(await Dynamo.getMany(Row, c, { descending: true })(d.env)()))
  assert.equal(
    [d.sent[0]?.input.KeyConditionExpression, d.sent[0]?.input.FilterExpression, d.sent[0]?.input.ScanIndexForward],
    ['#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2', '#n2 > :v3', false],
  )
})

test('a key list the condition names (isIn on a lone key field) stays one: descending and segments are refused, before any request (readUnitsPerSecond paces it)', async () => {
  const One = Model.make({ table: 'ones', hashKey: 'id', codec: t.type({ id: t.string }) })
  const c = C.isIn(One.attrs.id, ['a', 'b'])
  const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, RegExp]> = [
    ['descending', Dynamo.getMany(One, c, { descending: true }), /descending orders a Query; this read is a BatchGetItem/],
    ['segments', Dynamo.getMany(One, c, { segments: 2 }), /segments split a Scan; this read is a BatchGetItem/],
  ]
  for (const [what, read, says] of reads) {
    const { env, sent } = counting()
    const r = await read(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError' && says.test(DE.show(r.left)), `${what}: ${E.isLeft(r) ? DE.show(r.left) : 'read'}`)
    assert.is(sent.length, 0, what)
  }
})

test.run()
