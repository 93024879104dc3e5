/**
 * DynamoDB's `Limit` is a 32-bit integer: DynamoDB Local answers a Query or Scan with a
 * `Limit` above 2^31 − 1 with `InternalFailure` (a 500, which the runtime retries). `pageSize`
 * and `limit` take any whole number ≥ 1: a request never carries a `Limit` DynamoDB refuses
 * (above it, a page is bounded by DynamoDB's 1 MB only, as without one).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { pipe } from 'fp-ts/lib/function.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import { fixture, ok, run } from '../harness/models.js'

const Row = Model.make({ table: 'rows', billing: 'onDemand', hashKey: 'h', rangeKey: 'r', codec: t.type({ h: t.string, r: t.number }) })
const Entity = Model.make({ table: 'shop', billing: 'onDemand', entity: 'e', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'E#{id}'), rangeKey: Model.key('sk', 'N#{n}', { pad: { n: 3 } }) })

test('pageSize and limit above 2^31 − 1 (a Query, a Scan, count, collection): every read succeeds, as with no bound', async () => {
  const f = await fixture('limits')
  await ok(f.env, Dynamo.createTable(Row))
  await ok(f.env, Dynamo.createTable(Entity))
  await ok(f.env, Dynamo.saveMany(Row, [1, 2, 3].map((r) => ({ h: 'a', r }))))
  await ok(f.env, Dynamo.saveMany(Entity, [1, 2].map((n) => ({ id: 'x', n }))))
  const q = C.eq(Row.attrs.h, 'a')
  const s = C.gt(Row.attrs.r, 1)
  const huge = 2 ** 31
  const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, unknown]> = [
    ['page of a Query, pageSize 2^31', pipe(Dynamo.page(Row, q, { pageSize: huge }), RTE.map((p) => p.items.length)), 3],
    ['page of a Scan, pageSize 2^53 − 1', pipe(Dynamo.page(Row, s, { pageSize: Number.MAX_SAFE_INTEGER }), RTE.map((p) => p.items.length)), 2],
    ['getMany of a Query, limit 2^31', pipe(Dynamo.getMany(Row, q, { limit: huge }), RTE.map((xs) => xs.length)), 3],
    ['getMany of a Scan, pageSize 2^31', pipe(Dynamo.getMany(Row, s, { pageSize: huge }), RTE.map((xs) => xs.length)), 2],
    ['count, pageSize 2^31', Dynamo.count(Row, q, { pageSize: huge }), 3],
    ['collection, pageSize 2^31', pipe(Dynamo.collection({ e: Entity }, { id: 'x' }, { pageSize: huge }), RTE.map((c) => c.e.length)), 2],
  ]
  for (const [what, op, want] of reads) {
    const r = await run(f.env, op)
    assert.equal(r, E.right(want), `${what}: ${E.isLeft(r) ? DE.show(r.left) : JSON.stringify(r.right)}`)
  }
})

test.run()
