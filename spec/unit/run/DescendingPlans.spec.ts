/**
 * `descending` orders a Query (DESIGN §5.1: "on a Scan an `ExpressionError`, never silently
 * ignored"). A key list (a `BatchGetItem` plan: a list of keys, `isIn` on the hash key,
 * `keysIn`, literal values on every key field) gives its items in the keys' order, which `descending` cannot set either: every
 * read (`getMany`, `page`, `pages`, `reduce`) refuses it with an `ExpressionError` before any
 * request, as it does on a Scan. A `GetItem` plan gives at most one item, whose order is both, and takes it.
 * Literal values of one partition (eq on the hash key, isIn on the range key) with `descending`
 * are the Query of that partition, its range key bounded, in descending order.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import { counting, firstPage } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: Field.int() }) })
const Row = Model.make({ table: 'rows', hashKey: 'h', rangeKey: 'r', codec: t.type({ h: t.string, r: Field.int() }) })


const keyLists = [
  ['a list of keys', User, ['b', 'a', 'c']],
  ['isIn on the hash key', User, C.isIn(User.attrs.id, ['b', 'a'])],
  ['isIn on the hash key and a filter', User, C.and(C.isIn(User.attrs.id, ['b', 'a']), C.gt(User.attrs.n, 1))],
  ['a list of [hash, range] keys', Row, [['x', 3], ['x', 1]]],
  ['keysIn', Row, Model.keysIn(Row, [['x', 3], ['x', 1]])],
  ['isIn on the hash and the range keys, and a filter', Row, C.and(C.isIn(Row.attrs.h, ['x', 'y']), C.isIn(Row.attrs.r, [3, 1]), C.gt(Row.attrs.r, 1))],
] as const

test('descending on a key list (BatchGetItem): an ExpressionError from getMany, page, pages and reduce, before any request', async () => {
  for (const [what, m, strategy] of keyLists) {
    const plan = Dynamo.explain(m as typeof User, strategy as never)
    assert.ok(E.isRight(plan) && plan.right._tag === 'BatchGetItem', what)
    const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
      ['getMany', Dynamo.getMany(m as typeof User, strategy as never, { descending: true })],
      ['getMany with a limit', Dynamo.getMany(m as typeof User, strategy as never, { descending: true, limit: 1 })],
      ['page', Dynamo.page(m as typeof User, strategy as never, { descending: true, pageSize: 1 })],
      ['pages', firstPage(Dynamo.pages(m as typeof User, strategy as never, { descending: true }))],
      ['reduce', Dynamo.reduce(m as typeof User, strategy as never, 0, (n) => n + 1, { descending: true })],
    ]
    for (const [op, read] of reads) {
      const { env, sent } = counting()
      const r = await read(env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError' && /descending/.test(DE.show(r.left)), `${what}, ${op}: ${E.isLeft(r) ? DE.show(r.left) : 'read'}`)
      assert.is(sent.length, 0, `${what}, ${op}: requests sent`)
    }
  }
})

test('descending false on a key list, and descending on a GetItem (one item), are read', async () => {
  for (const [what, m, strategy] of keyLists) {
    const { env, sent } = counting()
    const r = await Dynamo.getMany(m as typeof User, strategy as never, { descending: false })(env)()
    assert.ok(E.isRight(r), `${what}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
    assert.is(sent.length, 1)
  }
  // one partition's range values: a Query of it (not a Scan, which would be refused)
  const ranged = counting<{ constructor: { name: string }; input: Record<string, unknown> }>()
  const q = await Dynamo.getMany(Row, C.and(C.eq(Row.attrs.h, 'x'), C.isIn(Row.attrs.r, [3, 1])), { descending: true })(ranged.env)()
  assert.ok(E.isRight(q), E.isLeft(q) ? DE.show(q.left) : '')
  assert.equal([ranged.sent[0]?.constructor.name, ranged.sent[0]?.input.ScanIndexForward], ['QueryCommand', false])
  const { env, sent } = counting()
  const one = await Dynamo.getMany(Row, C.and(C.eq(Row.attrs.h, 'x'), C.eq(Row.attrs.r, 1)), { descending: true })(env)()
  assert.ok(E.isRight(one))
  assert.is((sent[0] as { constructor: { name: string } }).constructor.name, 'GetItemCommand')
})

test.run()
