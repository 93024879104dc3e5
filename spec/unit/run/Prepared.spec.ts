/**
 * The prepared reads kept by content (lib/run/prepared.ts): a kept read is what preparing it
 * afresh gives, whatever the condition and options; a condition changed in place finds the
 * read of its new content; at most `capacity` reads a model are kept. And the text a kept
 * read is found by (`conditionHash`) is equal for the same condition, and a read of that hash is
 * taken only for the same condition (`sameCondition` tells conditions apart exactly).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as N from '../../../lib/ast/nodes.js'
import * as P from '../../../lib/ast/Path.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Kept from '../../../lib/run/prepared.js'
import * as Read from '../../../lib/run/read.js'

/** The snapshot a read is planned, keyed and kept from (`conditionOnce`, as read.ts's prepare takes it). */
const copyOf = (c: C.Condition): C.Condition => {
  const copy = Kept.conditionOnce(c)
  if (E.isLeft(copy)) throw new Error(`the condition could not be read: ${JSON.stringify(copy.left)}`)
  return copy.right as C.Condition
}

/** An order of a single-table design (its keys composed from its fields), with a local index. */
const definition = () =>
  Model.make({
    table: 'shop',
    entity: 'order',
    codec: t.intersection([
      t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }) }),
      t.partial({ note: t.string }),
    ]),
    hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
    indexes: { byStatus: Model.globalIndex({ hashKey: Model.key('gpk', 'STATUS#{status}'), rangeKey: 'total' }) },
  })

type Order = ReturnType<typeof definition>

/** A stand-in client that records each request's input and answers with no items. */
const standIn = () => {
  const sent: unknown[] = []
  const send = async (command: { input: unknown }) => {
    sent.push(JSON.parse(JSON.stringify(command.input)))
    return { $metadata: {}, Items: [], Count: 0 }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0 }), sent }
}

const dates = [new Date('2024-01-01T00:00:00.000Z'), new Date('2024-02-01T00:00:00.000Z'), new Date('2024-03-31T23:59:59.999Z')]

/** Conditions on an order from a few values, so that equal ones come up often. */
const orderCondition = (m: Order): fc.Arbitrary<C.Condition> => {
  const a = m.attrs
  const customer = fc.constantFrom('c1', 'c2', 'c#1', '')
  const leaf: fc.Arbitrary<C.Condition> = fc.oneof(
    customer.map((c) => C.eq(a.customerId, c)),
    fc.constantFrom(...dates).map((d) => C.gte(a.createdAt, d)),
    fc.tuple(fc.constantFrom(...dates), fc.constantFrom(...dates)).map(([x, y]) => C.between(a.createdAt, x, y)),
    fc.constantFrom('o1', 'o2').map((o) => C.eq(a.orderId, o)),
    fc.constantFrom('open', 'paid').map((s) => C.eq(a.status, s)),
    fc.constantFrom(0, -0, 100, 1.5, -1).map((n) => C.gte(a.total, n)),
    fc.constantFrom('a', '').map((p) => C.beginsWith(a.note, p)),
    fc.constant(C.exists(a.note)),
  )
  return fc.oneof(
    { weight: 2, arbitrary: fc.tuple(customer, fc.array(leaf, { maxLength: 3 })).map(([c, more]) => C.and(C.eq(a.customerId, c), ...more)) },
    { weight: 1, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { minLength: 1, maxLength: 2 }).map((xs) => C.or(...xs)) },
    { weight: 1, arbitrary: leaf.map((x) => C.not(x)) },
  )
}

const options = fc.record(
  {
    descending: fc.boolean(),
    consistentRead: fc.boolean(),
    pageSize: fc.integer({ min: 1, max: 30 }),
    select: fc.subarray(['status', 'total', 'note'] as const),
    index: fc.constant('byStatus' as const),
  },
  { requiredKeys: [] },
)

const shown = (x: E.Either<unknown, unknown>): unknown => (E.isLeft(x) ? { left: JSON.parse(JSON.stringify(x.left)) } : { right: x.right })

test('property: a page through the kept reads sends and gives what a model with nothing kept does, for any condition and options', async () => {
  const shared = definition()
  const kept = standIn()
  await fc.assert(
    fc.asyncProperty(orderCondition(shared), options, async (c, o) => {
      const got = shown(await Dynamo.page(shared, c, o as Dynamo.PageOptions<Order, any>)(kept.env)())
      const keptSent = kept.sent.splice(0)
      // afresh: a model of its own has nothing kept
      const fresh = standIn()
      const want = shown(await Dynamo.page(definition(), c, o as Dynamo.PageOptions<Order, any>)(fresh.env)())
      assert.equal(keptSent, fresh.sent)
      assert.equal(got, want)
    }),
    { numRuns: 400, seed: 2_026_120_501 },
  )
})

test('property: pages of a few reads in any order, each condition the same object, a copy or another, give what a model with nothing kept gives (the last read compared, not keyed)', async () => {
  const shared = definition()
  const kept = standIn()
  const step = fc.record({ c: fc.nat(2), o: fc.nat(1), copy: fc.boolean() })
  // two sets of options, the second the first with one option changed
  const twoOptions = fc.tuple(options, fc.constantFrom('descending', 'consistentRead', 'select', 'index', 'pageSize')).map(([o, name]) => {
    const changed: Record<string, unknown> = { ...o }
    if (name === 'select') changed['select'] = o.select === undefined ? ['total'] : o.select.length === 0 ? undefined : o.select.slice(1)
    else if (name === 'index') changed['index'] = o.index === undefined ? 'byStatus' : undefined
    else if (name === 'pageSize') changed['pageSize'] = (o.pageSize ?? 1) + 1
    else changed[name] = o[name] !== true
    return [o, changed]
  })
  await fc.assert(
    fc.asyncProperty(fc.array(orderCondition(shared), { minLength: 3, maxLength: 3 }), twoOptions, fc.array(step, { minLength: 2, maxLength: 6 }), async (cs, os, steps) => {
      // the pages one after another (another model's read between them would be the last one)
      const got: unknown[] = []
      for (const x of steps) {
        const c = cs[x.c] as C.Condition
        got.push(shown(await Dynamo.page(shared, x.copy ? (copyOf(c)) : c, os[x.o] as Dynamo.PageOptions<Order, any>)(kept.env)()), kept.sent.splice(0))
      }
      const want: unknown[] = []
      for (const x of steps) {
        const fresh = standIn()
        want.push(shown(await Dynamo.page(definition(), cs[x.c] as C.Condition, os[x.o] as Dynamo.PageOptions<Order, any>)(fresh.env)()), fresh.sent)
      }
      assert.equal(got, want)
    }),
    { numRuns: 200, seed: 2_026_120_503 },
  )
})

test('a condition changed in place between two pages reads its new content; a cursor of the old read is refused by the new', async () => {
  const m = definition()
  const s = standIn()
  const value: { _tag: 'Value'; value: unknown; codec: unknown } = { _tag: 'Value', value: 'c1', codec: undefined }
  const c = { _tag: 'Comparison', op: '=', left: P.of('customerId'), right: value, [N.built]: true } as unknown as C.Condition
  await Dynamo.page(m, c, { pageSize: 2 })(s.env)()
  value.value = 'c2'
  await Dynamo.page(m, c, { pageSize: 2 })(s.env)()
  const keys = s.sent.map((x) => (x as { ExpressionAttributeValues: Record<string, { S: string }> }).ExpressionAttributeValues[':v0']?.S)
  assert.equal(keys, ['CUSTOMER#c1', 'CUSTOMER#c2'])
})

test('a read is kept from its second preparation: one asked for once is not', async () => {
  const m = definition()
  const s = standIn()
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c1'))(s.env)()
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c2'))(s.env)()
  assert.is(Kept.keptCount(m), 0)
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c1'))(s.env)()
  assert.is(Kept.keptCount(m), 1)
  // the pages of one walk: the last read prepared is taken, kept or not
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c3'))(s.env)()
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c3'))(s.env)()
  assert.is(Kept.keptCount(m), 1)
  const keys = s.sent.map((x) => (x as { ExpressionAttributeValues: Record<string, { S: string }> }).ExpressionAttributeValues[':v0']?.S)
  assert.equal(keys, ['CUSTOMER#c1', 'CUSTOMER#c2', 'CUSTOMER#c1', 'CUSTOMER#c3', 'CUSTOMER#c3'])
})

test('at most `capacity` reads a model are kept, the oldest let go first', async () => {
  const m = definition()
  const s = standIn()
  // each asked for twice: kept from the second
  for (const _ of [1, 2]) for (let i = 0; i < Kept.capacity + 10; i++) await Dynamo.page(m, C.eq(m.attrs.customerId, `c${i}`))(s.env)()
  assert.is(Kept.keptCount(m), Kept.capacity)
  // and those still kept give what they gave
  s.sent.length = 0
  await Dynamo.page(m, C.eq(m.attrs.customerId, `c${Kept.capacity + 9}`))(s.env)()
  assert.is((s.sent[0] as { ExpressionAttributeValues: Record<string, { S: string }> }).ExpressionAttributeValues[':v0']?.S, `CUSTOMER#c${Kept.capacity + 9}`)
})

test('reads with an abort signal, a clock (ttl) or a condition of other values are not kept', async () => {
  const m = definition()
  const s = standIn()
  // each asked for twice (a read is kept from its second preparation)
  for (const _ of [1, 2]) {
    await Dynamo.page(m, C.eq(m.attrs.customerId, 'c1'), { signal: new AbortController().signal })(s.env)()
    await Dynamo.page(m, C.eq(m.attrs.customerId, 'c1'), { segments: 2 } as never)(s.env)()
  }
  assert.is(Kept.keptCount(m), 0)
  const Timed = Model.make({ table: 'timed', hashKey: 'pk', codec: t.type({ pk: t.string, ttl: Field.epochSeconds }), ttl: 'ttl' })
  for (const pk of ['a', 'b', 'a']) await Dynamo.page(Timed, C.eq(Timed.attrs.pk, pk))(s.env)()
  assert.is(Kept.keptCount(Timed), 0)
  assert.is(Kept.conditionHash(C.eq(m.attrs.note, new Set(['a']) as never)), undefined)
  assert.is(Kept.conditionHash({ _tag: 'Exists', path: P.of('a') } as C.Condition), undefined)
  const marked = new Date(0) as Date & { note?: string }
  marked.note = 'read by a codec'
  assert.is(Kept.conditionHash(C.eq(m.attrs.createdAt, marked)), undefined)
  assert.type(Kept.conditionHash(C.eq(m.attrs.createdAt, new Date(0))), 'number')
  const forged = { _tag: 'Comparison', op: '=', left: P.of('a'), right: { _tag: 'Value', value: 'a', codec: 'not a codec' }, [N.built]: true } as unknown as C.Condition
  assert.is(Kept.conditionHash(forged), undefined)
})

// -------------------------------------------------------------------------------------
// conditionHash, sameCondition
// -------------------------------------------------------------------------------------

const codecs = [undefined, t.string, Field.dateTime] as const

/** Condition nodes from a small alphabet of paths and values (marked as built), so that equal and near ones come up. */
const path = fc.array(fc.oneof(fc.constantFrom('a', 'b', 'a.b', '1', ''), fc.constantFrom(0, -0, 1)), { minLength: 0, maxLength: 2 }).map((rest) => P.of('a', ...rest))
const value = fc.record({
  _tag: fc.constant('Value' as const),
  value: fc.oneof(fc.constantFrom('a', '1', 'n1;', 's1:a', '', 0, -0, 1, NaN, Infinity, true, false, null, undefined), fc.constantFrom(0, 1).map((x) => new Date(x))),
  codec: fc.constantFrom(...codecs),
})
const built = <A extends object>(x: A): C.Condition => ({ ...x, [N.built]: true }) as unknown as C.Condition

/** One comparison of a path with a value, or one path: equal and near ones come up often. */
const leaf: fc.Arbitrary<C.Condition> = fc.oneof(
  value.map((v) => built({ _tag: 'Comparison', op: '=', left: P.of('a'), right: v })),
  path.map((p) => built({ _tag: 'Exists', path: p })),
)

const node = (maxDepth: number): fc.Arbitrary<C.Condition> => fc.letrec<{ c: C.Condition; o: C.Operand }>((tie) => {
  return {
    o: fc.oneof(path, value, path.map((p): C.Size => ({ _tag: 'Size', path: p }))),
    c: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.record({ _tag: fc.constant('Comparison'), op: fc.constantFrom('=', '<'), left: tie('o'), right: tie('o') }).map(built),
      fc.record({ _tag: fc.constant('Between'), operand: tie('o'), low: tie('o'), high: tie('o') }).map(built),
      fc.record({ _tag: fc.constant('In'), operand: tie('o'), values: fc.array(tie('o'), { maxLength: 2 }) }).map(built),
      fc.record({ _tag: fc.constantFrom('BeginsWith'), path, prefix: tie('o') }).map(built),
      fc.record({ _tag: fc.constantFrom('Contains'), path, operand: tie('o') }).map(built),
      fc.record({ _tag: fc.constantFrom('Exists', 'NotExists'), path }).map(built),
      fc.record({ _tag: fc.constant('AttributeType'), path, type: fc.constantFrom('S', 'N') }).map(built),
      fc.record({ _tag: fc.constantFrom('And', 'Or'), conditions: fc.array(tie('c'), { maxLength: 2 }) }).map(built),
      fc.record({ _tag: fc.constant('Not'), condition: tie('c') }).map(built),
    ),
  }
}).c

/** Two conditions are the same: the same nodes, paths and values (`-0` is not `0`; a date by its time), the same codecs. */
const same = (x: unknown, y: unknown): boolean => {
  if (x instanceof Date || y instanceof Date) return x instanceof Date && y instanceof Date && Object.is(x.getTime(), y.getTime())
  if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return Object.is(x, y)
  if (codecs.includes(x as never) || codecs.includes(y as never)) return x === y
  if (Array.isArray(x) !== Array.isArray(y)) return false
  const kx = Object.keys(x)
  const ky = Object.keys(y)
  return kx.length === ky.length && kx.every((k) => Object.hasOwn(y, k) && same((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]))
}

test('property: conditionHash gives equal hashes for the same condition (and, among these, none for two others)', () => {
  let others = 0
  for (const [arb, numRuns] of [[leaf, 5000], [node(0), 2000], [node(3), 2000]] as const) {
    fc.assert(
      fc.property(arb, arb, (x, y) => {
        const hx = Kept.conditionHash(x)
        const hy = Kept.conditionHash(y)
        assert.type(hx, 'number')
        if (!same(x, y)) others++
        assert.is(hx === hy, same(x, y), `${String(hx)} / ${String(hy)}`)
      }),
      { numRuns, seed: 2_026_120_502 + numRuns },
    )
  }
  assert.ok(others > 4000, `${others} pairs of two conditions`)
})

test('property: sameCondition holds of a condition and a snapshot (conditionOnce) exactly when they are the same condition', () => {
  let equal = 0
  for (const [arb, numRuns] of [[leaf, 5000], [node(0), 2000], [node(3), 2000]] as const) {
    fc.assert(
      fc.property(arb, arb, fc.boolean(), (x, y, itself) => {
        const kept = copyOf(itself ? x : y)
        const sameOne = Kept.sameCondition(x, kept)
        if (sameOne) equal++
        assert.is(sameOne, same(x, itself ? x : y))
      }),
      { numRuns, seed: 2_026_120_504 + numRuns },
    )
  }
  assert.ok(equal > 4000, `${equal} the same`)
  // and the near ones by hand: -0 and 0 in a path and as a value, NaN, dates by their time, a marked date
  const eqv = (value: unknown): C.Condition => built({ _tag: 'Comparison', op: '=', left: P.of('a'), right: { _tag: 'Value', value, codec: undefined } })
  const pairs: ReadonlyArray<readonly [C.Condition, C.Condition, boolean]> = [
    [built({ _tag: 'Exists', path: P.of('a', 0) }), built({ _tag: 'Exists', path: P.of('a', -0) }), false],
    [built({ _tag: 'Exists', path: P.of('a', 0) }), built({ _tag: 'Exists', path: P.of('a', '0') }), false],
    [built({ _tag: 'Exists', path: P.of('a') }), built({ _tag: 'Exists', path: P.of('a', 'b') }), false],
    [eqv(0), eqv(-0), false],
    [eqv(NaN), eqv(NaN), true],
    [eqv(new Date(5)), eqv(new Date(5)), true],
    [eqv(new Date(5)), eqv(new Date(6)), false],
    [eqv(Object.assign(new Date(5), { note: 1 })), eqv(new Date(5)), false],
    [eqv('1'), eqv(1), false],
  ]
  for (const [x, y, sameOne] of pairs) {
    assert.is(Kept.sameCondition(x, copyOf(y)), sameOne)
    // a condition the hash covers has one hash for the same one
    const hx = Kept.conditionHash(x)
    if (sameOne) assert.is(hx, Kept.conditionHash(y))
    else if (hx !== undefined) assert.is.not(hx, Kept.conditionHash(y))
  }
})

test('a read kept under the hash of another read is not taken for it: the other is prepared, and kept in its place', async () => {
  const m = definition()
  const s = standIn()
  const c1 = C.eq(m.attrs.customerId, 'c1')
  const c2 = C.eq(m.attrs.customerId, 'c2')
  // c1's read kept (from its second preparation)
  for (const c of [c1, C.eq(m.attrs.customerId, 'c0'), c1]) await Dynamo.page(m, c)(s.env)()
  const h1 = Read.pageHash(m, s.env, c1, {})
  const h2 = Read.pageHash(m, s.env, c2, {})
  if (h1 === undefined || h2 === undefined) throw new Error('both reads are kept')
  assert.is.not(h1, h2)
  // c1's read kept under c2's hash too, as if the two hashes were one
  Kept.keep(m, h2, Kept.found(m, h1))
  // another read in between, so that c1's is not the last one compared
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c3'))(s.env)()
  await Dynamo.page(m, c2)(s.env)()
  const sent = s.sent.at(-1) as { ExpressionAttributeValues: Record<string, { S: string }> }
  assert.is(sent.ExpressionAttributeValues[':v0']?.S, 'CUSTOMER#c2')
  // asked for again, c2's own read is kept in the place of c1's
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c3'))(s.env)()
  await Dynamo.page(m, c2)(s.env)()
  assert.is(Kept.found(m, h2) === Kept.found(m, h1), false, "c2's read is kept in the place of c1's")
  await Dynamo.page(m, C.eq(m.attrs.customerId, 'c3'))(s.env)()
  await Dynamo.page(m, c2)(s.env)()
  assert.is((s.sent.at(-1) as typeof sent).ExpressionAttributeValues[':v0']?.S, 'CUSTOMER#c2')
})

test('a condition whose nodes read differently from one read to the next (a getter) is kept under the content it was prepared from: a later plain condition gets its own read', async () => {
  const m = definition()
  const s = standIn()
  let reads = 0
  const flip = {
    _tag: 'Value',
    get value(): unknown {
      return reads++ === 0 ? 'a' : 'b'
    },
    codec: undefined,
  }
  const comparison = (right: unknown) => ({ _tag: 'Comparison', op: '=', left: P.of('customerId'), right, [N.built]: true }) as unknown as C.Condition
  await Dynamo.page(m, comparison(flip))(s.env)()
  for (const customer of ['a', 'b']) {
    await Dynamo.page(m, comparison({ _tag: 'Value', value: customer, codec: undefined }))(s.env)()
    const sent = s.sent.at(-1) as { ExpressionAttributeValues: Record<string, { S: string }> }
    assert.is(sent.ExpressionAttributeValues[':v0']?.S, `CUSTOMER#${customer}`)
  }
})

test("a path whose elements read differently from one read to the next (a getter) is read once: its hash is one read's, never one read's length with another's elements", () => {
  let reads = 0
  const lists = [['a'], ['a', 'b']]
  const flip = { _tag: 'Path', get elements() { return lists[reads++ % 2] } }
  const key = Kept.conditionHash(built({ _tag: 'Exists', path: flip }))
  assert.is(reads, 1, 'the elements are read once')
  assert.is(key, Kept.conditionHash(built({ _tag: 'Exists', path: P.of('a') })))
})

test('a date of a condition changed in place between two pages (setTime) reads its new time: the kept read holds its own copy', async () => {
  const m = definition()
  const s = standIn()
  const day = new Date('2024-01-01T00:00:00.000Z')
  const c = C.and(C.eq(m.attrs.customerId, 'c1'), C.gte(m.attrs.createdAt, day))
  await Dynamo.page(m, c)(s.env)()
  day.setTime(Date.parse('2024-02-01T00:00:00.000Z'))
  await Dynamo.page(m, c)(s.env)()
  const f = standIn()
  await Dynamo.page(definition(), C.and(C.eq(m.attrs.customerId, 'c1'), C.gte(m.attrs.createdAt, new Date('2024-02-01T00:00:00.000Z'))))(f.env)()
  assert.equal(s.sent[1], f.sent[0])
})

test('a select list that answers differently each time it is read (a Proxy) is read once: checked, keyed and planned as one list; later plain selects get their own reads', async () => {
  const c = (m: Order) => C.eq(m.attrs.customerId, 'c1')
  /** What a model with nothing kept sends for a page of `select`. */
  const fresh = async (select: ReadonlyArray<'status' | 'total'>): Promise<unknown> => {
    const f = standIn()
    const m = definition()
    await Dynamo.page(m, c(m), { select })(f.env)()
    return f.sent[0]
  }
  const m = definition()
  const s = standIn()
  let reads = 0
  const flip = new Proxy(['status'], { get: (target, name, receiver) => (name === '0' ? (reads++ % 2 === 0 ? 'status' : 'total') : Reflect.get(target, name, receiver)) })
  const r = await Dynamo.page(m, c(m), { select: flip as ReadonlyArray<'status'> })(s.env)()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.is(reads, 1, 'the list is read once')
  assert.equal(s.sent[0], await fresh(['status']))
  for (const select of [['total'], ['status']] as const) {
    await Dynamo.page(m, c(m), { select })(s.env)()
    assert.equal(s.sent.at(-1), await fresh(select), select[0])
  }
})

test('the key of a kept read reads every option its preparation reads', () => {
  const m = definition()
  const { env } = standIn()
  const a = m.attrs
  const conditions = [C.eq(a.customerId, 'c1'), C.and(C.eq(a.customerId, 'c1'), C.gte(a.total, 3)), C.eq(a.status, 'open'), C.exists(a.note)]
  const optionSets: ReadonlyArray<Dynamo.PageOptions<Order, any>> = [
    {},
    { index: 'byStatus' },
    { select: ['status'] },
    { descending: true },
    { consistentRead: true },
    { readUnitsPerSecond: 5 },
    { pageSize: 3, maxRequests: 2 },
  ]
  let compared = 0
  for (const c of conditions) {
    for (const o of optionSets) {
      const { keyed, prepared } = Read.optionsRead(m, env, c, o)
      if (keyed === undefined) continue
      compared++
      for (const name of prepared) assert.ok(keyed.includes(name), `prepareAfresh reads the option ${name}; the key of a kept read does not`)
    }
  }
  assert.ok(compared >= conditions.length * 5, `compared ${compared}`)
})

test.run()
