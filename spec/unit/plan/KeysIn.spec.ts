/**
 * Keys that cannot be built (lib/plan/Plan.ts, lib/model/Model.ts keysIn): a full key whose
 * values cannot be encoded or composed (a number beyond its pad width, a value of another
 * type, a field a several-field template needs and the key value does not give) is the
 * `ValidationError` getOne gives for it, before any request: never a Scan of the table with a
 * filter that matches nothing.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as DE from '../../../lib/DynamoError.js'
import { counting } from '../../harness/counting.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'

const Padded = Model.make({
  table: 'shop',
  entity: 'padded',
  codec: t.type({ n: Field.int({ min: 0 }), s: t.string, note: t.string }),
  hashKey: Model.key('pk', 'P#{n}', { pad: { n: 3 } }),
  rangeKey: Model.key('sk', 'S#{s}'),
})
const Two = Model.make({
  table: 'shop',
  entity: 'two',
  codec: t.type({ a: t.string, b: t.string, c: t.string }),
  hashKey: Model.key('pk', 'T#{a}#{b}'),
  rangeKey: Model.key('sk', 'C#{c}'),
})
/** A field in both templates (a common single-table shape): one key value. */
const Shared = Model.make({
  table: 'shop',
  entity: 'shared',
  codec: t.type({ a: t.string, b: t.string, note: t.string }),
  hashKey: Model.key('pk', 'A#{a}'),
  rangeKey: Model.key('sk', 'B#{a}#{b}'),
})
/** A hash template of two fields and no range key: a key is an object of both, never a tuple. */
const TwoHash = Model.make({
  table: 'shop',
  entity: 'twohash',
  codec: t.type({ a: t.string, b: t.string, note: t.string }),
  hashKey: Model.key('pk', 'H#{a}#{b}'),
})
const Plain = Model.make({ table: 'plain', codec: t.type({ id: t.string, r: t.number, x: t.number }), hashKey: 'id', rangeKey: 'r' })

const p = Padded.attrs
/** A Left of `tag` whose message holds each of `says` (a codec's name in it depends on how io-ts names it: not tested). */
const refused = (e: E.Either<DE.DynamoError, unknown>, tag: DE.DynamoError['_tag'], ...says: ReadonlyArray<string>): void => {
  if (E.isRight(e)) throw new Error(`expected a Left, got ${JSON.stringify(e.right).slice(0, 300)}`)
  assert.is(e.left._tag, tag)
  const message = DE.show(e.left)
  for (const x of says) assert.ok(message.includes(x), message)
}

test('keysIn with a number beyond its pad width: the ValidationError getOne gives, before any request', async () => {
  const keys = Model.keysIn(Padded, [[1, 'x'], [1000, 'y']])
  refused(Dynamo.explain(Padded, keys), 'ValidationError', 'n: 1000 has more than the 3 digits it is padded to')
  const getOne = await Dynamo.getOne(Padded, [1000, 'y'])(counting().env)()
  const { env, sent } = counting()
  const many = await Dynamo.getMany(Padded, keys)(env)()
  refused(many, 'ValidationError', 'n: 1000')
  assert.equal(many, getOne)
  assert.is((await Dynamo.deleteMany(Padded, keys)(env)())._tag, 'Left')
  assert.is((await Dynamo.count(Padded, C.and(keys, C.eq(p.note, 'z')))(env)())._tag, 'Left')
  assert.is(sent.length, 0)
})

test('a full-key condition that cannot be composed: the same error', async () => {
  const { env, sent } = counting()
  refused(Dynamo.explain(Padded, C.and(C.eq(p.n, 1000), C.eq(p.s, 'x'))), 'ValidationError', 'n: 1000 has more than')
  refused(await Dynamo.getMany(Padded, C.and(C.eq(p.n, 1000), C.eq(p.s, 'x'), C.eq(p.note, 'y')))(env)(), 'ValidationError', 'n: 1000')
  refused(await Dynamo.page(Padded, C.and(C.eq(p.n, -1), C.eq(p.s, 'x')))(env)(), 'ValidationError', 'n: ')
  assert.is(sent.length, 0)
  // a valid one is still a GetItem, a valid keysIn a BatchGetItem
  assert.is((Dynamo.explain(Padded, C.and(C.eq(p.n, 7), C.eq(p.s, 'x'))) as E.Right<{ _tag: string }>).right._tag, 'GetItem')
  assert.is((Dynamo.explain(Padded, Model.keysIn(Padded, [[7, 'x'], [8, 'y']])) as E.Right<{ _tag: string }>).right._tag, 'BatchGetItem')
})

test('keysIn of a several-field template (reachable through any): a key value gives no field the template needs: a ValidationError naming it, never a filter on the first field', async () => {
  const { env, sent } = counting()
  const loose = Model.keysIn as (m: any, keys: ReadonlyArray<unknown>) => C.Condition
  refused(Dynamo.explain(Two, loose(Two, ['x', 'y'])), 'ValidationError', 'b: expected ', 'got undefined')
  // a tuple is no key of it either (getOne refuses it): the first field is given the tuple
  refused(await Dynamo.getMany(Two, loose(Two, [['x', 'y']]))(env)(), 'ValidationError', 'a: expected ', 'got ["x","y"]')
  assert.is(sent.length, 0)
  // an object of the key fields is a key, as getOne reads one
  assert.is((Dynamo.explain(Two, loose(Two, [{ a: 'x', b: 'y', c: 'z' }])) as E.Right<{ _tag: string }>).right._tag, 'BatchGetItem')
})

test('keysIn of values of another type than the key fields\' (through any): a ValidationError, never a Scan', async () => {
  const loose = Model.keysIn as (m: any, keys: ReadonlyArray<unknown>) => C.Condition
  refused(Dynamo.explain(Plain, loose(Plain, [['a', 'b']])), 'ValidationError', 'r: expected ', 'got "b"')
  // a bare scalar on a hash+range model is no key: the range key is missing
  refused(Dynamo.explain(Plain, loose(Plain, ['ab'])), 'ValidationError', 'r: expected ', 'got undefined')
  assert.is((Dynamo.explain(Plain, Model.keysIn(Plain, [['a', 1]])) as E.Right<{ _tag: string }>).right._tag, 'BatchGetItem')
})

test('keysIn given no model, no list of keys, or keys whose reading throws (through any): every reader answers the ValidationError of that input as it is, as an operation given it does, never an ExpressionError quoting it; nothing sent', async () => {
  const { env, sent } = counting()
  const loose = Model.keysIn as (m: any, keys: unknown) => C.Condition
  const throwing = new Proxy({}, { get: () => { throw new Error('boom') }, has: () => { throw new Error('boom') }, ownKeys: () => { throw new Error('boom') } })
  const cases: ReadonlyArray<readonly [string, C.Condition, string]> = [
    ['no model', loose(null, ['a']), 'model: expected a model (made by Model.make), got null'],
    ['no list', loose(Plain, 'a'), 'keys: Model.keysIn: expected a list of keys, got "a"'],
    ['a key that throws', loose(Plain, [throwing]), "the application's code threw"],
  ]
  for (const [name, c, says] of cases) {
    const answers: ReadonlyArray<readonly [string, E.Either<DE.DynamoError, unknown>]> = [
      ['explain', Dynamo.explain(Plain, c)],
      ['Expression.condition', Expression.condition(c)],
      ['Evaluate.condition', Evaluate.condition(c)],
      ['getMany', await Dynamo.getMany(Plain, c)(env)()],
      ['getOne', await Dynamo.getOne(Plain, c)(env)()],
      ['deleteMany', await Dynamo.deleteMany(Plain, c)(env)()],
      ['filtered', await Dynamo.getMany(Plain, C.and(C.eq(Plain.attrs.id, 'a'), C.or(c, C.eq(Plain.attrs.x, 1))))(env)()],
    ]
    for (const [by, r] of answers) {
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${name}, ${by}: ${JSON.stringify(r)}`)
      assert.ok(DE.show((r as E.Left<DE.DynamoError>).left).includes(says), `${name}, ${by}: ${DE.show((r as E.Left<DE.DynamoError>).left)}`)
    }
  }
  assert.is(sent.length, 0)
})

test('an OR that is not every disjunct a key stays a read of what it says (a Scan)', () => {
  const a = Plain.attrs
  const e = Dynamo.explain(Plain, C.or(C.and(C.eq(a.id, 'a'), C.eq(a.r, 1)), C.eq(a.x, 3)))
  assert.is((e as E.Right<{ _tag: string }>).right._tag, 'Scan')
})


test('keysIn on a model whose templates share a field: a BatchGetItem of the keys, as the same keys AND-ed are a GetItem', () => {
  const sh = Shared.attrs
  const one = Dynamo.explain(Shared, C.and(C.eq(sh.a, 'p'), C.eq(sh.b, 'q')))
  if (E.isLeft(one)) throw new Error(DE.show(one.left))
  assert.is(one.right._tag, 'GetItem')
  const many = Dynamo.explain(Shared, Model.keysIn(Shared, [{ a: 'p', b: 'q' }, { a: 'p', b: 'r' }]))
  if (E.isLeft(many)) throw new Error(DE.show(many.left))
  assert.is(many.right._tag, 'BatchGetItem')
})

test('keysIn reads each key as getOne does (Strategy.keyValues): a tuple is no key of a model whose hash template has two fields', async () => {
  const { env, sent } = counting()
  const tuple = ['p', 'q'] as never
  assert.is((await Dynamo.getOne(TwoHash, tuple)(env)())._tag, 'Left')
  assert.is(Dynamo.explain(TwoHash, Model.keysIn(TwoHash, [tuple]))._tag, 'Left')
  assert.is((await Dynamo.getMany(TwoHash, Model.keysIn(TwoHash, [tuple]))(env)())._tag, 'Left')
  assert.is(sent.length, 0)
  const objects = Dynamo.explain(TwoHash, Model.keysIn(TwoHash, [{ a: 'p', b: 'q' }, { a: 'p', b: 'r' }]))
  if (E.isLeft(objects)) throw new Error(DE.show(objects.left))
  assert.is(objects.right._tag, 'BatchGetItem')
})

test.run()
