/**
 * `contains(a, v)` with `v` of a type that `a` can never contain (reachable through `any`, or
 * a value read from elsewhere): a member of another type than a set's members, a number or a
 * boolean searched in a string, a string in bytes, anything in a number. DynamoDB takes the
 * request and the test never holds (DynamoDB Local, the oracle: a Scan with
 * `contains(tags, :v)`, `:v` `{ N: '5' }`, over an item whose `tags` is `SS ['5']`, counts 0;
 * so does `contains(s, :v)` with `s` `'5x'`), and so is `begins_with` on a number, or with a
 * prefix of bytes on a string. As for a list's element (ConditionValues.spec),
 * the compiler refuses it with a `ValidationError` naming the attribute, before any request;
 * Evaluate gives the same verdict.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Field from '../../../lib/codec/Field.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const Thing = Model.make({
  table: 'things',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({
      tags: Field.stringSet,
      scores: Field.numberSet,
      blobs: Field.binarySet,
      name: t.string,
      bytes: Field.binary,
      age: t.number,
      flag: t.boolean,
      cities: Field.list(t.string),
      anything: t.unknown,
      kind: t.union([t.string, t.number]),
    }),
  ]),
})
const u = Thing.attrs
const loose = (x: unknown): any => x

const refused = (c: C.Condition, path: string, says: string): void => {
  const e = X.condition(c)
  if (E.isRight(e)) throw new Error(`expected a Left, got ${e.right.expression} with ${JSON.stringify(e.right.values)}`)
  assert.is(e.left._tag, 'ValidationError', DE.show(e.left))
  assert.equal((e.left as DE.ValidationError).issues.map((i) => i.path), [path])
  assert.ok(DE.show(e.left).includes(says), DE.show(e.left))
  assert.equal(Evaluate.condition(c), e)
}

const ok = (c: C.Condition): void => {
  const e = X.condition(c)
  assert.ok(E.isRight(e), JSON.stringify(e))
  assert.ok(E.isRight(Evaluate.condition(c)))
}

test("contains on a set with a value of another type than its members': a ValidationError naming the set", () => {
  refused(C.contains(u.tags, loose(5)), 'tags', '5 is of type N')
  refused(C.contains(u.scores, loose('5')), 'scores', '"5" is of type S')
  refused(C.contains(u.blobs, loose('AQI=')), 'blobs', 'is of type S')
  refused(C.contains(u.tags, loose(new Uint8Array([1]))), 'tags', 'is of type B')
})

test('contains on a string, bytes, a number or a boolean with a value it can never contain: a ValidationError naming the attribute', () => {
  refused(C.contains(u.name, loose(5)), 'name', '5 is of type N')
  refused(C.contains(u.name, loose(true)), 'name', 'true is of type BOOL')
  refused(C.contains(u.bytes, loose('a')), 'bytes', '"a" is of type S')
  refused(C.contains(loose(u.age), loose(5)), 'age', 'stored as N')
  refused(C.contains(loose(u.flag), loose(true)), 'flag', 'stored as BOOL')
})

test('contains with a value of the right type still compiles: a member, a substring, bytes, an element; codecs of no one stored type are not checked', () => {
  ok(C.contains(u.tags, 'admin'))
  ok(C.contains(u.scores, 5))
  ok(C.contains(u.blobs, new Uint8Array([1])))
  ok(C.contains(u.name, 'nn'))
  ok(C.contains(u.bytes, new Uint8Array([1])))
  ok(C.contains(u.cities, 'Paris'))
  ok(C.contains(u.kind, loose('a')))
  ok(C.contains(loose(u.anything), loose(5)))
  // another attribute on the right: its type is the item's, not known here
  ok(C.contains(u.name, loose(u.kind)))
})

test('begins_with on a string or bytes with a prefix of the other, or on a number or a boolean: a ValidationError naming the attribute', () => {
  refused(C.beginsWith(u.name, loose(new Uint8Array([1]))), 'name', 'is of type B, and name is stored as S')
  refused(C.beginsWith(u.bytes, loose('a')), 'bytes', '"a" is of type S, and bytes is stored as B')
  refused(C.beginsWith(loose(u.age), loose('1')), 'age', 'age is stored as N: begins_with holds only on a string or bytes')
  refused(C.beginsWith(loose(u.cities), loose('a')), 'cities', 'cities is stored as L')
  ok(C.beginsWith(u.name, 'a'))
  ok(C.beginsWith(u.bytes, new Uint8Array([1])))
  ok(C.beginsWith(u.kind, loose('a')))
  ok(C.beginsWith(loose(u.anything), 'a'))
})

test('a read and a conditional delete with such a contains: the Left before any request', async () => {
  const { env, sent } = counting()
  for (const op of [
    Dynamo.getMany(Thing, C.contains(u.tags, loose(5))),
    Dynamo.deleteOne(Thing, C.and(C.eq(u.id, 'a'), C.contains(u.name, loose(5)))),
  ] as ReadonlyArray<Dynamo.Op<unknown>>) {
    const r = await op(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  }
  assert.is(sent.length, 0)
})

test.run()
