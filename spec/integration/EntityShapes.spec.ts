/**
 * Composed keys of other shapes than the orders', against DynamoDB Local: a range template of
 * three fields with two separators ('#' and '!'), an inverted global index (the table's range
 * key as its hash, the table's hash key as its range), a local index on a padded number, and a
 * global index whose range template starts with a field, shared with another entity whose
 * items interleave with the thing's there, and a sparse global index on a nullable field.
 * Every plan `getMany` and `count` make returns exactly what `Evaluate` says the condition
 * selects of the thing's stored items (a key whose value no write takes is refused, and no
 * item has it); a Query is also walked page by cursor, in both orders. fast-check, fixed
 * seeds; every plan (GetItem, a Query of the table and of each index, Scan) is reached and
 * returns items (some conditions are drawn from the stored things, so that the narrow plans
 * find some).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import { fixture, ok, run, scanAll } from '../harness/models.js'

const Thing = Model.make({
  table: 'things',
  entity: 'thing',
  codec: t.intersection([t.type({ g: t.string, a: t.string, b: t.string, c: t.string, n: Field.int({ min: 0, max: 9999 }) }), t.partial({ o: t.union([t.string, t.null]) })]),
  hashKey: Model.key('pk', 'G#{g}'),
  rangeKey: Model.key('sk', 'T#{a}#{b}!{c}'),
  indexes: {
    inverted: Model.globalIndex({ hashKey: Model.key('sk', 'T#{a}#{b}!{c}'), rangeKey: Model.key('pk', 'G#{g}') }),
    byN: Model.localIndex({ rangeKey: Model.key('lsk', 'N#{n}#{c}', { pad: { n: 4 } }) }),
    free: Model.globalIndex({ hashKey: Model.key('fpk', 'F#{g}'), rangeKey: Model.key('fsk', '{b}#{n}') }),
    sparse: Model.globalIndex({ hashKey: Model.key('spk', 'S#{b}'), rangeKey: Model.key('ssk', 'O#{o}#') }),
  },
  billing: 'onDemand',
})
type Thing = Model.TypeOf<typeof Thing>
const Other = Model.make({
  table: 'things',
  entity: 'other',
  codec: t.type({ g: t.string, a: t.string, b: t.string, n: Field.int({ min: 0, max: 9999 }) }),
  hashKey: Model.key('pk', 'G#{g}'),
  rangeKey: Model.key('sk', 'U#{a}'),
  indexes: {
    byN: Model.localIndex({ rangeKey: Model.key('lsk', 'N#{n}#{a}', { pad: { n: 4 } }) }),
    free: Model.globalIndex({ hashKey: Model.key('fpk', 'F#{g}'), rangeKey: Model.key('fsk', '{b}#{n}') }),
  },
  billing: 'onDemand',
})
const x = Thing.attrs

// around both separators: '"' just above '!', '$' just above '#', prefixes of one another, the ends of the order
const texts = ['', 'a', 'ab', 'a"', 'a$', 'a~', 'b', 'é', '\uffff', '😀']
const gs = ['g', 'h', '']
const ns = [0, 1, 9, 10, 99, 100, 9999]
const thingArb: fc.Arbitrary<Thing> = fc.record(
  { g: fc.constantFrom(...gs), a: fc.constantFrom(...texts), b: fc.constantFrom(...texts), c: fc.constantFrom(...texts, '!', 'x!y', '#'), n: fc.constantFrom(...ns), o: fc.constantFrom(null, ...texts) },
  { requiredKeys: ['g', 'a', 'b', 'c', 'n'] },
)

const textValue = fc.constantFrom(...texts, 'a!', 'a#', '!', '#', '"', '$', 'a\u0000', '\u{10ffff}')
const nValue = fc.constantFrom(...ns, -1, 5.5, 10000, 1e30)
const op = fc.constantFrom('lt', 'lte', 'gt', 'gte') as fc.Arbitrary<'lt' | 'lte' | 'gt' | 'gte'>
const onText = (f: 'a' | 'b' | 'c' | 'o'): fc.Arbitrary<C.Condition> =>
  fc.oneof(
    { weight: 4, arbitrary: textValue.map((v) => C.eq(x[f], v)) },
    { weight: 3, arbitrary: fc.tuple(op, textValue).map(([o, v]) => C[o](x[f], v)) },
    { weight: 2, arbitrary: textValue.map((v) => C.beginsWith(x[f], v)) },
    { weight: 1, arbitrary: fc.tuple(textValue, textValue).map(([l, h]) => (Buffer.compare(Buffer.from(l), Buffer.from(h)) <= 0 ? C.between(x[f], l, h) : C.between(x[f], h, l))) },
  )
const conjunct: fc.Arbitrary<C.Condition> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...gs).map((v) => C.eq(x.g, v)) },
  { weight: 1, arbitrary: fc.tuple(op, fc.constantFrom(...gs)).map(([o, v]) => C[o](x.g, v)) },
  { weight: 4, arbitrary: onText('a') },
  { weight: 4, arbitrary: onText('b') },
  { weight: 3, arbitrary: onText('c') },
  { weight: 3, arbitrary: onText('o') },
  { weight: 1, arbitrary: fc.constantFrom(C.exists(x.o), C.notExists(x.o), C.eq(x.o, null), C.ne(x.o, null), C.ne(x.o, 'a')) },
  { weight: 3, arbitrary: fc.tuple(op, nValue).map(([o, v]) => C[o](x.n, v)) },
  { weight: 1, arbitrary: nValue.map((v) => C.eq(x.n, v)) },
  { weight: 1, arbitrary: fc.tuple(nValue, nValue).map(([l, h]) => C.between(x.n, Math.min(l, h), Math.max(l, h))) },
  // a whole key, and a whole key of the inverted index (every field of the range template)
  { weight: 2, arbitrary: thingArb.map((v) => C.and(C.eq(x.g, v.g), C.eq(x.a, v.a), C.eq(x.b, v.b), C.eq(x.c, v.c))) },
  { weight: 2, arbitrary: thingArb.map((v) => C.and(C.eq(x.a, v.a), C.eq(x.b, v.b), C.eq(x.c, v.c))) },
)
/**
 * Conjuncts from the stored things (`kept`), so that the narrow plans find items: a whole key
 * (GetItem), a whole key of the inverted index, and bounds that hold the thing's own values:
 * `g` with one on `n` (the padded local index), `g` with one on `b` (the index whose range
 * starts with a field), `b` with one on `o` (the sparse index).
 */
const storedConjunct = (kept: ReadonlyArray<Thing>): fc.Arbitrary<C.Condition> => {
  const one = fc.constantFrom(...kept)
  const withO = kept.filter((v): v is Thing & { readonly o: string } => typeof v.o === 'string')
  const holding = fc.constantFrom('gte', 'lte', 'eq') as fc.Arbitrary<'gte' | 'lte' | 'eq'>
  return fc.oneof(
    one.map((v) => C.and(C.eq(x.g, v.g), C.eq(x.a, v.a), C.eq(x.b, v.b), C.eq(x.c, v.c))),
    one.map((v) => C.and(C.eq(x.a, v.a), C.eq(x.b, v.b), C.eq(x.c, v.c))),
    fc.tuple(one, holding).map(([v, o]) => C.and(C.eq(x.g, v.g), C[o](x.n, v.n))),
    fc.tuple(one, holding).map(([v, o]) => C.and(C.eq(x.g, v.g), C[o](x.b, v.b))),
    ...(withO.length === 0 ? [] : [fc.tuple(fc.constantFrom(...withO), holding).map(([v, o]) => C.and(C.eq(x.b, v.b), C[o](x.o, v.o)))]),
  )
}
/** A conjunction of 1 to 5 conjuncts, or (one time in three) a stored thing's conjunct alone or with one other. */
const conditionArb = (kept: ReadonlyArray<Thing>): fc.Arbitrary<C.Condition> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.array(conjunct, { minLength: 1, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.tuple(storedConjunct(kept), fc.array(conjunct, { maxLength: 1 })).map(([k, cs]) => [k, ...cs]) },
  ).map((cs) => (cs.length === 1 ? (cs[0] as C.Condition) : C.and(...cs)))

const keyOf = (v: Thing): string => JSON.stringify([v.g, v.a, v.b, v.c])
const batches = Number(process.env['SHAPES_BATCHES'] ?? 2)
const perBatch = Number(process.env['SHAPES_CONDITIONS'] ?? 120)

test(`every plan over a thing's composed keys returns and counts exactly what the condition selects (${batches} batches × ${perBatch} conditions)`, async () => {
  const kinds = new Map<string, number>()
  let returned = 0
  // items returned by the plans of each kind
  const returnedBy = new Map<string, number>()
  let pages = 0
  for (let b = 0; b < batches; b++) {
    const f = await fixture(`shapes${b}`)
    await ok(f.env, Dynamo.createTable([Thing, Other]))
    const [raw] = fc.sample(fc.array(thingArb, { minLength: 20, maxLength: 80 }), { seed: 2500 + b, numRuns: 1 }) as [Thing[]]
    const saved = await ok(f.env, Dynamo.saveMany(Thing, raw))
    assert.ok(saved.success.length > 10, `saved ${saved.success.length}`)
    const [others] = fc.sample(fc.array(fc.record({ g: fc.constantFrom(...gs), a: fc.constantFrom(...texts), b: fc.constantFrom(...texts), n: fc.constantFrom(...ns) }), { minLength: 10, maxLength: 30 }), { seed: 3500 + b, numRuns: 1 }) as [Array<Model.TypeOf<typeof Other>>]
    await ok(f.env, Dynamo.saveMany(Other, others))
    // a foreign item (no entity) with a thing's keys
    await f.client.send(new PutItemCommand({ TableName: f.table(Thing), Item: { pk: { S: 'G#g' }, sk: { S: 'T#a#a!a' }, lsk: { S: 'N#0001#a' }, fpk: { S: 'F#g' }, fsk: { S: 'a#1' } } }))
    const all = await scanAll(f.client, f.table(Thing))
    const things = all.filter((i) => i['_et']?.S === 'thing')
    const kept = things.map((s) => E.getOrElseW(() => assert.unreachable())(Model.decode(Thing, s)) as Thing)
    const details = await fc.check(
      fc.asyncProperty(conditionArb(kept), fc.boolean(), fc.integer({ min: 1, max: 7 }), async (cond, descending, pageSize) => {
        const selects = Evaluate.condition(cond)
        if (E.isLeft(selects)) {
          kinds.set('refused', (kinds.get('refused') ?? 0) + 1)
          const got = await run(f.env, Dynamo.getMany(Thing, cond))
          assert.ok(E.isLeft(got), `${Expression.show(cond)}: Evaluate refuses it (${DE.show(selects.left)}), getMany does not`)
          return
        }
        const plan = Dynamo.explain(Thing, cond)
        if (E.isLeft(plan)) {
          // a key (an equality on every key field) whose value no write takes: refused as a key, and no item has it
          assert.is(plan.left._tag, 'ValidationError', `explain refused ${Expression.show(cond)}: ${DE.show(plan.left)}`)
          assert.equal(things.filter(selects.right), [], `${Expression.show(cond)}: refused, but it selects items`)
          assert.equal(await run(f.env, Dynamo.getMany(Thing, cond)), plan)
          kinds.set('no key', (kinds.get('no key') ?? 0) + 1)
          return
        }
        const p = plan.right
        const kind = p._tag === 'Query' ? `Query ${p.index ?? 'table'}` : p._tag
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        const got = await run(f.env, Dynamo.getMany(Thing, cond))
        if (E.isLeft(got)) return assert.unreachable(`${Expression.show(cond)}\n${Plan.show(p)}\nfailed: ${DE.show(got.left)}`)
        const want = things.filter(selects.right).map((s) => keyOf(E.getOrElseW(() => assert.unreachable())(Model.decode(Thing, s)) as Thing)).sort()
        const have = got.right.map(keyOf).sort()
        returned += have.length
        returnedBy.set(kind, (returnedBy.get(kind) ?? 0) + have.length)
        assert.equal(have, want, `${Expression.show(cond)}\n${Plan.show(p)}`)
        const counted = await run(f.env, Dynamo.count(Thing, cond))
        assert.equal(counted, E.right(want.length), `count ${Expression.show(cond)}\n${Plan.show(p)}`)
        if (p._tag !== 'Query') return
        // walked page by cursor, in both orders: the same items as one read, every page with a cursor full
        const order = descending ? { descending } : {}
        const whole = await ok(f.env, Dynamo.getMany(Thing, cond, order))
        const walked: Thing[] = []
        let cursor: string | undefined
        do {
          const page = await ok(f.env, Dynamo.page(Thing, cond, { ...order, pageSize, ...(cursor === undefined ? {} : { cursor }) }))
          walked.push(...page.items)
          cursor = O.isSome(page.cursor) ? page.cursor.value : undefined
          if (cursor !== undefined) assert.is(page.items.length, pageSize, `${Expression.show(cond)}: a page with a cursor is full`)
          pages++
        } while (cursor !== undefined)
        assert.equal(walked.map(keyOf), whole.map(keyOf), `${Expression.show(cond)}\n${Plan.show(p)}\npageSize ${pageSize}${descending ? ', descending' : ''}`)
      }),
      { seed: 5200 + b, numRuns: perBatch },
    )
    if (details.failed) assert.unreachable(`seed ${5200 + b}, shrunk ${details.numShrinks} times: ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`)
  }
  const counts = JSON.stringify({ kinds: [...kinds], returned, returnedBy: [...returnedBy], pages })
  if (process.env['SHAPES_STATS'] !== undefined) console.log(counts)
  for (const k of ['GetItem', 'Query table', 'Query inverted', 'Query byN', 'Query free', 'Query sparse', 'Scan']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} in ${counts}`)
  // every plan also returns items (a plan that reads nothing would agree with Evaluate on nothing):
  // at least these per 240 conditions, about half of what the fixed seeds give
  const floors: ReadonlyArray<readonly [string, number]> = [['GetItem', 8], ['Query table', 40], ['Query inverted', 5], ['Query byN', 35], ['Query free', 20], ['Query sparse', 12], ['Scan', 80]]
  for (const [k, floor] of floors) {
    const least = Math.floor((floor * batches * perBatch) / 240)
    assert.ok((returnedBy.get(k) ?? 0) >= least, `${k} returned fewer than ${least} items in ${counts}`)
  }
})

test.run()
