/**
 * The planner over DynamoDB's multi-attribute index keys, against DynamoDB Local: on
 * generated items and generated conditions on their fields, every plan `getMany` makes
 * (GetItem, Query of a multi-attribute index, a sparse one among them, Scan) returns exactly
 * the items the condition selects, as `Evaluate` says of the same stored items in memory, in
 * both orders. fast-check, fixed seeds, shrinking on (as ComposedPlanner.spec.ts does for
 * composed keys).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Plan from '../../lib/plan/Plan.js'
import { fixture, ok, run, scanAll } from '../harness/models.js'
import { Order } from '../harness/multiKey.js'

const o = Order.attrs

const statuses = ['open', 'paid', 'op']
const regions = ['eu', 'us']
const dates = ['2024-01-31T23:59:59.999Z', '2024-02-01T00:00:00.000Z', '2024-02-15T12:00:00.000Z', '2025-01-01T00:00:00.000Z'].map((d) => new Date(d))
const totals = [0, 5, 42, 1000]
const notes = ['a', 'ab', 'b']
const scores = [-1, 0, 2.5, 7]

const orderArb = (i: number): fc.Arbitrary<Order> =>
  fc.record(
    {
      orderId: fc.constant(`o${i}`),
      status: fc.constantFrom(...statuses),
      region: fc.constantFrom(...regions),
      createdAt: fc.constantFrom(...dates),
      total: fc.constantFrom(...totals),
      note: fc.constantFrom(...notes),
      score: fc.constantFrom(...scores),
    },
    { requiredKeys: ['orderId', 'status', 'region', 'createdAt', 'total'] },
  )
const ops = fc.constantFrom('lt', 'lte', 'gt', 'gte') as fc.Arbitrary<'lt' | 'lte' | 'gt' | 'gte'>
const conjunct: fc.Arbitrary<C.Condition> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...statuses).map((v) => C.eq(o.status, v)) },
  { weight: 12, arbitrary: fc.constantFrom(...regions).map((v) => C.eq(o.region, v)) },
  { weight: 4, arbitrary: fc.constantFrom(...dates).map((v) => C.eq(o.createdAt, v)) },
  { weight: 3, arbitrary: fc.tuple(ops, fc.constantFrom(...dates)).map(([op, v]) => C[op](o.createdAt, v)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...dates), fc.constantFrom(...dates)).map(([a, b]) => (a <= b ? C.between(o.createdAt, a, b) : C.between(o.createdAt, b, a))) },
  { weight: 1, arbitrary: fc.constantFrom('2024', '2024-02', '2025').map((v) => C.beginsWith(o.createdAt, v)) },
  { weight: 3, arbitrary: fc.constantFrom(...totals).map((v) => C.eq(o.total, v)) },
  { weight: 2, arbitrary: fc.tuple(ops, fc.constantFrom(...totals, 1, 999)).map(([op, v]) => C[op](o.total, v)) },
  { weight: 2, arbitrary: fc.constantFrom(...notes).map((v) => C.eq(o.note, v)) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'c').map((v) => C.beginsWith(o.note, v)) },
  { weight: 2, arbitrary: fc.tuple(ops, fc.constantFrom(...scores, 1)).map(([op, v]) => C[op](o.score, v)) },
  { weight: 1, arbitrary: fc.constantFrom(...scores).map((v) => C.eq(o.score, v)) },
  { weight: 1, arbitrary: fc.constantFrom('o1', 'o2').map((v) => C.eq(o.orderId, v)) },
  { weight: 1, arbitrary: fc.constantFrom(...statuses).map((v) => C.ne(o.status, v)) },
  { weight: 1, arbitrary: fc.constant(C.exists(o.note)) },
)
const conditionArb = fc.array(conjunct, { minLength: 1, maxLength: 5 }).map((cs) => (cs.length === 1 ? (cs[0] as C.Condition) : C.and(...cs)))

const runs = Number(process.env['MULTIKEY_CONDITIONS'] ?? 150)

test(`every plan through multi-attribute index keys returns exactly what the condition selects (${runs} conditions, both orders)`, async () => {
  const f = await fixture('multikeyplan')
  await ok(f.env, Dynamo.createTable(Order))
  const [raw] = fc.sample(fc.tuple(...Array.from({ length: 80 }, (_, i) => orderArb(i))), { seed: 1717, numRuns: 1 }) as [Order[]]
  await ok(f.env, Dynamo.saveMany(Order, raw))
  const stored = await scanAll(f.client, f.table(Order))
  assert.is(stored.length, raw.length)
  const kinds = new Map<string, number>()
  const details = await fc.check(
    fc.asyncProperty(conditionArb, fc.boolean(), async (cond, descending) => {
      const selects = Evaluate.condition(cond)
      if (E.isLeft(selects)) return assert.unreachable(DE.show(selects.left))
      const plan = Dynamo.explain(Order, cond)
      if (E.isLeft(plan)) return assert.unreachable(`explain refused ${Expression.show(cond)}: ${DE.show(plan.left)}`)
      const p = plan.right
      const kind = p._tag === 'Query' ? `Query ${p.index ?? 'table'}` : p._tag
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      const got = await run(f.env, Dynamo.getMany(Order, cond, p._tag === 'Query' && descending ? { descending } : {}))
      if (E.isLeft(got)) return assert.unreachable(`${Expression.show(cond)}\n${Plan.show(p)}\nfailed: ${DE.show(got.left)}`)
      const want = stored.filter(selects.right).map((x) => x['orderId']?.S as string).sort()
      assert.equal(got.right.map((x) => x.orderId).sort(), want, `${Expression.show(cond)}\n${Plan.show(p)}`)
    }),
    { seed: 4711, numRuns: runs },
  )
  if (details.failed) assert.unreachable(`seed 4711, shrunk ${details.numShrinks} times: ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`)
  // the generator reaches every plan
  for (const k of ['GetItem', 'Query byStatus', 'Query byScore', 'Scan']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} in ${JSON.stringify([...kinds])}`)
  if (process.env['MULTIKEY_STATS'] !== undefined) console.log([...kinds])
})

test.run()
