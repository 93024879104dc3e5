/**
 * Two edges of the compiler's fast paths: an enumerable property an application added to
 * `Object.prototype` is none of a request's values (the size bound of an update reads its own
 * values only), and a key codec whose `is` throws is the ValidationError naming the key field,
 * whichever way the key is given (a condition's equality or a key object).
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Command from '../../../lib/compile/Command.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Strategy from '../../../lib/model/Strategy.js'

const Row = Model.make({ table: 'rows', hashKey: 'id', codec: t.type({ id: t.string, s: t.string }) })

test('an enumerable property of Object.prototype is not read as a value of an update (updateItem is built as without it)', () => {
  const key = Strategy.parse(Row, 'a')
  if (E.isLeft(key)) return assert.unreachable(DE.show(key.left))
  const clean = Command.updateItem(Row, 'rows', key.right, [U.set(Row.attrs.s, 'y')], new Date(0))
  assert.ok(E.isRight(clean), JSON.stringify(clean))
  const proto = Object.prototype as Record<string, unknown>
  proto['polluted'] = null
  try {
    const polluted = Command.updateItem(Row, 'rows', key.right, [U.set(Row.attrs.s, 'y')], new Date(0))
    assert.equal(polluted, clean)
  } finally {
    delete proto['polluted']
  }
})

test("a key codec whose `is` throws: the ValidationError at the key field quoting the throw, for a condition's equality and for a key object", () => {
  const k = t.refinement(
    t.string,
    (s) => {
      if (s === 'boom') throw new Error('is threw')
      return true
    },
    'Thrower',
  )
  const Thr = Model.make({ table: 'thr', hashKey: 'k', codec: t.type({ k, v: t.string }) })
  for (const strategy of [C.eq(Thr.attrs.k, 'boom'), { k: 'boom' }]) {
    const r = Strategy.parse(Thr, strategy as never)
    if (E.isRight(r)) return assert.unreachable('a Right')
    assert.ok(r.left._tag === 'ValidationError', DE.show(r.left))
    assert.equal(
      r.left.issues.map((i) => i.path),
      ['k'],
      DE.show(r.left),
    )
    assert.match(DE.show(r.left), /is threw/)
  }
})

test.run()
