/**
 * The messages a new user meets when a call is given what it does not take (through `any`, or
 * from JavaScript) say it in the API's words: the constructors (`C.and`, `U.set`) and the
 * option or argument given, never the AST's internals (`_tag`, a node's name and field such
 * as `And.conditions`, "a node tagged undefined") nor a node the library wraps the input in
 * (the `Or` around a save's `overwrite`). Against a client that counts requests: none is sent.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { conditionWhy } from '../../../lib/rules/ast.js'
import { counting } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, n: t.number }) })
const u = User.attrs
const Pairs = Model.make({ table: 'pairs', hashKey: 'customerId', rangeKey: 'orderId', codec: t.type({ customerId: t.string, orderId: t.string }) })
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })

/** What no message may hold: the tag field, an AST node's name and field, a node "tagged" something. */
const internal = /_tag|\btagged\b|\b(And|Or|Not|Comparison|Between|In|BeginsWith|Contains|Set|Add|Delete|IfNotExists|ListAppend|Arithmetic)\.[a-z]+|\ba (Set|Comparison|Between|Arithmetic|ListAppend|IfNotExists) whose\b/

/** The error of an operation run against a client that counts requests: a Left, nothing sent. */
const refused = async (op: Dynamo.Op<unknown>): Promise<DE.DynamoError> => {
  const { env, sent } = counting()
  const r = await op(env)()
  assert.is(sent.length, 0)
  if (E.isRight(r)) return assert.unreachable('a Right') as never
  return r.left
}

const said = (e: DE.DynamoError): string => DE.show(e)

test('an update given plain objects for actions names the constructors, not a node tagged undefined', async () => {
  const e = await refused(Dynamo.updateOne(User, 'a', [{ n: 2 }] as never))
  assert.not.match(said(e), internal, said(e))
  assert.match(said(e), /U\.set/)
})

test("C.and given a plain object: the message names C.and's conditions, not And.conditions", async () => {
  const e = await refused(Dynamo.getMany(User, C.and({ n: 1 } as never, C.gt(u.n, 1))))
  assert.not.match(said(e), internal, said(e))
  assert.match(said(e), /C\.and's conditions: an object no C\. or U\. function built where a condition/)
})

test('a comparison of a name given where a handle belongs (C.eq("n", 1) through a cast): no Comparison.left', async () => {
  const e = await refused(Dynamo.getMany(User, C.eq('n' as never, 1)))
  assert.not.match(said(e), internal, said(e))
  assert.match(said(e), /comparison's left operand/)
})

test('U.set of a name given where a handle belongs: U.set named, not "a Set whose path"', async () => {
  const e = await refused(Dynamo.updateOne(User, 'a', [U.set('n' as never, 2)]))
  assert.not.match(said(e), internal, said(e))
  assert.match(said(e), /U\.set, whose path is undefined/)
})

test("saveOne's overwrite given an object that is no condition: a ValidationError naming overwrite, not the Or the save wraps it in", async () => {
  const e = await refused(Dynamo.saveOne(User, { email: 'a', n: 1 }, { overwrite: { n: 1 } } as never))
  assert.not.match(said(e), internal, said(e))
  assert.ok(e._tag === 'ValidationError' && e.issues[0]?.path === 'overwrite' && /no condition/.test(e.issues[0].message), said(e))
})

test('collection given one model where the record of models by name belongs: models named, not a member named _tag', async () => {
  const e = await refused(Dynamo.collection(Row as never, { id: 'a' }))
  assert.not.match(said(e), internal, said(e))
  assert.ok(e._tag === 'ValidationError' && e.issues[0]?.path === 'models' && /got one model/.test(e.issues[0].message), said(e))
})

test('a partial key in a key list (alone, or beside whole keys): getMany, deleteMany and explain say a key is every key field, naming the one missing', async () => {
  const message = /pairs: a key is an object of every key field \(customerId, orderId\); orderId, the range key, is missing/
  for (const keys of [[{ customerId: 'c' }], [{ customerId: 'c', orderId: 'o' }, { customerId: 'c' }]]) {
    const errors = [await refused(Dynamo.getMany(Pairs, keys as never)), await refused(Dynamo.deleteMany(Pairs, keys as never))]
    const explained = Dynamo.explain(Pairs, keys as never)
    if (E.isRight(explained)) assert.unreachable('explain: a Right')
    else errors.push(explained.left)
    for (const e of errors) {
      assert.match(said(e), message)
      assert.not.match(said(e), internal, said(e))
    }
  }
})

test('a single key object given with read options is read as that key (no message of internals)', async () => {
  const { env, sent } = counting<{ input: { Key?: unknown } }>()
  const r = await Dynamo.getMany(User, { email: 'x' } as never, { limit: 1 })(env)()
  assert.equal(r, E.right([]))
  assert.equal(sent.map((c) => c.input.Key), [{ email: { S: 'x' } }])
})

test("saveOne's overwrite given a node that is no condition (U.set): refused at overwrite as U.set, not as C.or's conditions the save wraps it in", async () => {
  const e = await refused(Dynamo.saveOne(User, { email: 'a', n: 1 }, { overwrite: U.set(u.n, 1) } as never))
  assert.not.match(said(e), internal, said(e))
  assert.not.match(said(e), /C\.or/, said(e))
  assert.ok(e._tag === 'ValidationError' && e.issues[0]?.path === 'overwrite' && /U\.set/.test(e.issues[0].message) && /no condition/.test(e.issues[0].message), said(e))
})

test('one bad node is worded alike by explain (rules/ast) and getMany (the compiler): in the API\'s words, the same text', async () => {
  const bad: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ ...C.gt(u.n, 1), op: '!' }, /a comparison \(C\.eq, C\.lt, …\), whose op is "!", not one of = <> < <= > >=$/],
    [{ ...C.isIn(u.n, [1, 2]), values: 3 }, /C\.isIn, whose values is 3, not a list$/],
    [{ ...C.and(C.gt(u.n, 1), C.lt(u.n, 9)), conditions: 3 }, /C\.and, whose conditions is 3, not a list$/],
    [{ ...C.or(C.gt(u.n, 1), C.lt(u.n, 9)), conditions: 'x' }, /C\.or, whose conditions is "x", not a list$/],
  ]
  for (const [c, text] of bad) {
    const explained = Dynamo.explain(User, c as never)
    const read = await refused(Dynamo.getMany(User, c as never))
    if (E.isRight(explained)) return assert.unreachable('explain: a Right')
    for (const e of [explained.left, read]) {
      assert.not.match(said(e), internal, said(e))
      assert.match(said(e), text, said(e))
    }
  }
})

test("rules/ast says a list where a condition belongs is a list, and what stands where an attribute path belongs is no attribute path (not 'a Path')", () => {
  const listed = conditionWhy({ ...C.and(C.gt(u.n, 1), C.lt(u.n, 9)), conditions: [[C.gt(u.n, 1)], C.lt(u.n, 9)] }, 'filter')
  assert.is(listed, "C.and's conditions: a list where a condition (C.eq, C.and, …) belongs")
  const notPath = conditionWhy({ ...C.exists(u.n), path: { name: 'n' } }, 'filter')
  assert.is(notPath, 'the filter: C.exists, whose path is an object no C. or U. function built, not an attribute path (a handle of Model.attrs)')
})

test.run()
