/**
 * Key templates at their edges, against DynamoDB Local: a multi-character separator (`::`),
 * empty strings in every field of a composed key, values around the separator's code point,
 * `begins_with` over a composed range key, a padded number before a separator, and numbers in
 * any spelling (`1`, `1.0`, `1e0`: one key). Every plan `getMany` makes returns exactly what
 * `Evaluate` says the condition selects of the stored items.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import { fixture, ok, run, scanAll } from '../harness/models.js'

const Row = Model.make({
  table: 'edges',
  entity: 'row',
  codec: t.type({ g: t.string, a: t.string, b: t.string, n: Field.int({ min: 0, max: 999 }) }),
  hashKey: Model.key('pk', 'G#{g}'),
  rangeKey: Model.key('sk', 'R#{a}::{b}'),
  indexes: { byN: Model.globalIndex({ hashKey: Model.key('gn', 'G#{g}'), rangeKey: Model.key('gns', 'N#{n}#{a}', { pad: { n: 3 } }) }) },
  billing: 'onDemand',
})
type Row = Model.TypeOf<typeof Row>
const r = Row.attrs

// a range field holds no code point at or below ':' (so no digit); around it: ';' just above, '' and prefixes of one another,
// and characters whose UTF-16 order is not their UTF-8 order (U+FF5A below an astral one in UTF-8, above it in UTF-16)
const as = ['', 'a', 'a;', 'ab', 'b', 'é', '\uff5a', '😀']
const bs = ['', 'b', 'x:y', '::', '0']
const gs = ['', 'g']
const rowArb: fc.Arbitrary<Row> = fc.record({ g: fc.constantFrom(...gs), a: fc.constantFrom(...as), b: fc.constantFrom(...bs), n: fc.constantFrom(0, 5, 50, 999) })

const aValue = fc.constantFrom(...as, 'a:', 'a::', ':', 'a;b', '\u0000', '\ue000', '\uffff', '\u{10ffff}')
const bValue = fc.constantFrom(...bs, ':', 'x', 'x:', '')
// numbers the pad of n (3) takes, and numbers it does not: negative, fractional, wider than it
const nValue = fc.constantFrom(0, 4, 5, 6, 50, 999, 1000, -1, 2.5, -0.5, 998.5, 1e21, -1e21)
const op = fc.constantFrom('lt', 'lte', 'gt', 'gte') as fc.Arbitrary<'lt' | 'lte' | 'gt' | 'gte'>
const conjunct: fc.Arbitrary<C.Condition> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...gs).map((v) => C.eq(r.g, v)) },
  { weight: 3, arbitrary: aValue.map((v) => C.eq(r.a, v)) },
  { weight: 3, arbitrary: fc.tuple(op, aValue).map(([o, v]) => C[o](r.a, v)) },
  { weight: 3, arbitrary: aValue.map((v) => C.beginsWith(r.a, v)) },
  { weight: 2, arbitrary: fc.tuple(aValue, aValue).map(([x, y]) => (x <= y ? C.between(r.a, x, y) : C.between(r.a, y, x))) },
  { weight: 3, arbitrary: bValue.map((v) => C.beginsWith(r.b, v)) },
  { weight: 2, arbitrary: fc.tuple(op, bValue).map(([o, v]) => C[o](r.b, v)) },
  { weight: 2, arbitrary: bValue.map((v) => C.eq(r.b, v)) },
  { weight: 2, arbitrary: fc.tuple(op, nValue).map(([o, v]) => C[o](r.n, v)) },
  { weight: 1, arbitrary: fc.tuple(nValue, nValue).map(([x, y]) => C.between(r.n, Math.min(x, y), Math.max(x, y))) },
  { weight: 1, arbitrary: fc.constantFrom(5, 50).map((v) => C.eq(r.n, v)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...gs), aValue, bValue).map(([g, a, b]) => C.and(C.eq(r.g, g), C.eq(r.a, a), C.eq(r.b, b))) },
)
const conditionArb = fc.array(conjunct, { minLength: 1, maxLength: 3 }).map((cs) => (cs.length === 1 ? (cs[0] as C.Condition) : C.and(...cs)))

const keyOf = (x: Row): string => JSON.stringify([x.g, x.a, x.b])

test('every plan of a condition on templates at their edges returns exactly what the condition selects', async () => {
  const f = await fixture('tmpledges')
  await ok(f.env, Dynamo.createTable(Row))
  const [items] = fc.sample(fc.uniqueArray(rowArb, { minLength: 30, maxLength: 60, selector: keyOf }), { seed: 2112, numRuns: 1 }) as [Row[]]
  const saved = await ok(f.env, Dynamo.saveMany(Row, items))
  assert.is(saved.failCount, 0, JSON.stringify(saved.fail).slice(0, 300))
  const stored = (await scanAll(f.client, f.table(Row))).filter((x) => x['_et']?.S === 'row')
  const kinds = new Map<string, number>()
  const details = await fc.check(
    fc.asyncProperty(conditionArb, async (cond) => {
      const selects = Evaluate.condition(cond)
      if (E.isLeft(selects)) {
        // what DynamoDB refuses (a BETWEEN whose bounds are in order as JavaScript compares
        // strings, not as DynamoDB does, by their UTF-8 bytes): getMany refuses it too, saying so
        assert.equal(await run(f.env, Dynamo.getMany(Row, cond)), selects, Expression.show(cond))
        kinds.set('refused by Evaluate', (kinds.get('refused by Evaluate') ?? 0) + 1)
        return
      }
      const plan = Dynamo.explain(Row, cond)
      if (E.isLeft(plan)) {
        // a full-key equality whose values make no key is refused as getOne refuses that key (Plan: unbuiltKey): it selects no stored item
        assert.is(plan.left._tag, 'ValidationError', `explain refused ${Expression.show(cond)}: ${DE.show(plan.left)}`)
        // by the planner (Plan.make), not by a request explain prepares after it
        assert.equal(Plan.make(Row, cond), plan, Expression.show(cond))
        assert.equal(stored.filter(selects.right), [], Expression.show(cond))
        assert.equal(await run(f.env, Dynamo.getMany(Row, cond)), plan)
        kinds.set('refused', (kinds.get('refused') ?? 0) + 1)
        return
      }
      const p = plan.right
      const kind = p._tag === 'Query' ? `Query ${p.index ?? 'table'}` : p._tag
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      const got = await run(f.env, Dynamo.getMany(Row, cond))
      if (E.isLeft(got)) return assert.unreachable(`${Expression.show(cond)}\n${Plan.show(p)}\nfailed: ${DE.show(got.left)}`)
      const want = stored.filter(selects.right).map((s) => keyOf(E.getOrElseW(() => assert.unreachable())(Model.decode(Row, s)) as Row)).sort()
      assert.equal(got.right.map(keyOf).sort(), want, `${Expression.show(cond)}\n${Plan.show(p)}`)
    }),
    { seed: 2113, numRuns: 250 },
  )
  if (details.failed) assert.unreachable(`shrunk ${details.numShrinks} times: ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`)
  // every plan, and both refusals, reached
  for (const k of ['GetItem', 'Query table', 'Query byN', 'Scan', 'refused', 'refused by Evaluate']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} in ${JSON.stringify([...kinds])}`)
})

test('a number in any spelling makes one key: saved as 1.0, read and counted as 1 and 1e0', async () => {
  const Num = Model.make({ table: 'nums', entity: 'num', codec: t.type({ k: Field.decimal, v: t.string }), hashKey: Model.key('pk', 'K#{k}'), billing: 'onDemand' })
  const f = await fixture('tmplnums')
  await ok(f.env, Dynamo.createTable(Num))
  await ok(f.env, Dynamo.saveOne(Num, { k: '1.0', v: 'first' }))
  // the same key: overwritten, not a second item
  await ok(f.env, Dynamo.saveOne(Num, { k: '1e0', v: 'second' }))
  assert.is((await scanAll(f.client, f.table(Num))).length, 1)
  for (const k of ['1', '1.00', '10e-1', '1e0']) {
    const got = await ok(f.env, Dynamo.getOne(Num, { k }))
    assert.is(got.v, 'second', k)
    assert.is((await ok(f.env, Dynamo.getMany(Num, C.eq(Num.attrs.k, k)))).length, 1, k)
  }
})

test.run()
