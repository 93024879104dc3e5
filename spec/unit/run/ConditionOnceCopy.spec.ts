/**
 * A read that is not kept plans from one copy of its condition (`PreparedReads.conditionOnce`):
 * a condition cast through `any` whose tag is a condition's when the read asks, and no
 * condition's when the copy reads it, is an `ExpressionError` before any request, its copy never
 * planned as a strategy of another kind.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const One = Model.make({ table: 'ones', hashKey: 'id', codec: t.type({ id: t.string }) })

/** `c`, its `_tag` read as itself the first time and as `'Bogus'` after. */
const turning = (c: C.Condition): C.Condition => {
  let reads = 0
  return new Proxy(c, { get: (o, k, r) => (k === '_tag' && reads++ > 0 ? 'Bogus' : Reflect.get(o, k, r)) })
}

for (const [name, run] of [
  ['a read with a signal', (c: C.Condition) => Dynamo.page(One, c, { signal: new AbortController().signal })],
  ['deleteMany', (c: C.Condition) => Dynamo.deleteMany(One, c)],
] as const) {
  test(`${name} of a condition whose tag changes when copied: an ExpressionError, no request`, async () => {
    const { env, sent } = counting()
    const r = await (run(turning(C.eq(One.attrs.id, 'a'))) as Dynamo.Op<unknown>)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError', E.isLeft(r) ? DE.show(r.left) : 'Right')
    assert.is(sent.length, 0)
  })
}

test.run()
