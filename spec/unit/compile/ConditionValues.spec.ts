/**
 * A condition's value of another type than its attribute's codec stores (reachable through
 * `any`, or a value read from elsewhere): DynamoDB takes it and the test never holds (`<>`
 * always does), so it is almost surely a bug. The compiler refuses it with a
 * `ValidationError` naming the attribute, before any request, as it refuses an update's value
 * that does not fit (issue 14 point 1d): by type only (`Shape.stored`), never by the
 * field's refinements (a prefix of an e-mail need not be an e-mail; DESIGN §3).
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
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
    t.type({ id: t.string, name: t.string, age: Field.int({ min: 0, max: 150 }) }),
    t.partial({
      born: Field.dateTime,
      expires: Field.epochSeconds,
      big: Field.bigint,
      email: Field.email,
      cities: Field.list(t.string),
      roles: Field.stringSet,
      flag: t.boolean,
      kind: t.union([t.literal('a'), t.literal('b')]),
      maybe: t.union([t.string, t.null]),
      doc: Field.json,
      legacy: Field.legacyBoolean,
    }),
  ]),
})
const u = Thing.attrs
const loose = (x: unknown): any => x

const refused = (c: C.Condition, path: string, says: string): void => {
  const e = X.condition(c)
  if (E.isRight(e)) throw new Error(`expected a Left, got ${e.right.expression}`)
  assert.is(e.left._tag, 'ValidationError')
  assert.equal((e.left as DE.ValidationError).issues.map((i) => i.path), [path])
  assert.ok(DE.show(e.left).includes(says), DE.show(e.left))
  // Evaluate gives the compiler's verdict
  assert.equal(Evaluate.condition(c), e)
}

test('a value of another stored type than its attribute\'s: refused naming the attribute, in every place a value is compared', () => {
  refused(C.eq(u.age, loose('7')), 'age', 'stored as N')
  refused(C.ne(u.name, loose(7)), 'name', 'stored as S')
  refused(C.gt(u.age, loose('7')), 'age', '"7"')
  refused(C.between(u.age, 1, loose('9')), 'age', '"9"')
  refused(C.isIn(u.name, ['a', loose(2), 'c']), 'name', '2')
  refused(C.contains(u.cities, loose(3)), 'cities', 'stored as S')
  refused(C.eq(u.flag, loose('true')), 'flag', 'stored as BOOL')
  // a value the codec cannot encode at all was refused already (named by its place)
  assert.is((X.condition(C.eq(u.born, loose(5))) as E.Left<DE.DynamoError>).left._tag, 'ValidationError')
  // saying what the field takes (in the words of an update's or a key's refusal), not what its
  // encode threw on a value it does not take
  for (const [c, says] of [
    [C.eq(u.born, loose('2024-01-01T00:00:00.000Z')), 'expected a Date, got "2024-01-01T00:00:00.000Z"'],
    [C.lt(u.expires, loose(1700000000)), 'expected a Date, got 1700000000'],
    // legacyBoolean stores N: a number of another meaning than 1 and 0, or a string, is no boolean
    [C.eq(u.legacy, loose('x')), 'expected a boolean, got "x"'],
    [C.eq(u.legacy, loose(2)), 'expected a boolean, got 2'],
  ] as const) {
    const e = X.condition(c)
    assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError' && DE.show(e.left).includes(says) && !DE.show(e.left).includes('threw'), JSON.stringify(e))
    assert.equal(Evaluate.condition(c), e)
  }
  refused(C.and(C.eq(u.name, 'x'), C.or(C.eq(u.kind, 'a'), C.eq(u.kind, loose(1)))), 'kind', 'stored as S')
})

test('a value the compiler cannot encode: refused at the attribute path it is compared with, the message saying which value (golden)', () => {
  const Home = Model.make({ table: 'homes', hashKey: 'id', codec: t.type({ id: t.string, address: t.type({ city: t.string, at: Field.dateTime }) }) })
  const h = Home.attrs.address
  const issues = (c: C.Condition) => {
    const e = X.condition(c)
    assert.equal(Evaluate.condition(c), e)
    return E.isLeft(e) && e.left._tag === 'ValidationError' ? e.left.issues : e
  }
  const invalid = new Date(NaN)
  assert.equal(issues(C.eq(h.at, invalid)), [{ path: 'address.at', message: 'the value compared with it (=): expected a Date, got an invalid Date' }])
  assert.equal(issues(C.lt(h.city, loose(undefined))), [{ path: 'address.city', message: 'the value compared with it (<): undefined cannot be stored here (use null)' }])
  assert.equal(issues(C.between(h.at, new Date(0), invalid)), [{ path: 'address.at', message: 'the high bound of BETWEEN: expected a Date, got an invalid Date' }])
  assert.equal(issues(C.between(h.at, invalid, new Date(0))), [{ path: 'address.at', message: 'the low bound of BETWEEN: expected a Date, got an invalid Date' }])
  assert.equal(issues(C.isIn(h.city, ['x', loose(() => 1)])), [{ path: 'address.city', message: 'values[1] of IN (…): cannot store a function' }])
  // a value compared with size(path): placed under that path too
  const Sized = Model.make({ table: 'sized', hashKey: 'id', codec: t.type({ id: t.string, tags: t.array(t.string) }) })
  assert.equal(issues(C.eq(C.size(Sized.attrs.tags), loose(() => 1))), [{ path: 'tags', message: 'the value compared with it (=), against its size: cannot store a function' }])
  assert.equal(issues(C.beginsWith(h.city, 'a\ud800')), [{ path: 'address.city', message: 'the prefix of begins_with: a lone surrogate (half of a UTF-16 pair): DynamoDB would read it as "?"' }])
  assert.equal(issues(C.contains(h.city, 'a\ud800')), [{ path: 'address.city', message: 'the operand of contains: a lone surrogate (half of a UTF-16 pair): DynamoDB would read it as "?"' }])
})

test('values of the attribute\'s stored type compile, whatever their refinements; codecs of no one stored type are not checked', () => {
  const ok = (c: C.Condition) => assert.ok(E.isRight(X.condition(c)), JSON.stringify(X.condition(c)))
  ok(C.eq(u.age, 7))
  // beyond the field's refinement (max 150), a number still: by type only
  ok(C.gt(u.age, loose(1000)))
  ok(C.beginsWith(u.email, 'ann'))
  ok(C.eq(u.email, loose('not an e-mail')))
  ok(C.eq(u.born, new Date('2024-01-01T00:00:00Z')))
  ok(C.lt(u.expires, new Date('2024-01-01T00:00:00Z')))
  ok(C.eq(u.big, 10n ** 30n))
  ok(C.contains(u.roles, 'admin'))
  ok(C.contains(u.cities, 'Paris'))
  ok(C.contains(u.name, 'nn'))
  ok(C.eq(u.maybe, null))
  ok(C.eq(u.legacy, true))
  ok(C.eq(u.maybe, 'x'))
  ok(C.eq(u.doc, loose({ any: ['thing'] })))
  ok(C.gt(C.size(u.cities), 2))
  ok(C.eq(u.name, u.id))
})

test('a read, a conditional write and a batch plan\'s in-memory filter: the Left before any request', async () => {
  const { env, sent } = counting()
  const bad = C.eq(u.age, loose('7'))
  for (const run of [
    Dynamo.getMany(Thing, bad),
    Dynamo.getMany(Thing, C.and(C.eq(u.id, 'a'), bad)),
    Dynamo.getMany(Thing, C.and(Model.keysIn(Thing, ['a', 'b']), bad)),
    Dynamo.count(Thing, bad),
    Dynamo.deleteOne(Thing, C.and(C.eq(u.id, 'a'), bad)),
    Dynamo.saveOne(Thing, { id: 'a', name: 'n', age: 1 }, { overwrite: bad }),
  ] as ReadonlyArray<Dynamo.Op<unknown>>) {
    const r = await run(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  }
  assert.is(sent.length, 0)
})

test('a Date compared in an operation is read by the time it holds (Date.prototype.getTime): an object that only inherits from Date is refused naming the attribute, never a TypeError', async () => {
  const { env, sent } = counting()
  class Lying extends Date {
    override getTime(): number {
      return 1e12
    }
    override toISOString(): string {
      return 'nope'
    }
  }
  for (const [what, v, says] of [
    ['no time', Object.create(Date.prototype), 'expected a Date, got an object'],
    ['an invalid time', new Lying(Number.NaN), 'expected a Date, got an invalid Date'],
  ] as const) {
    for (const run of [
      Dynamo.getMany(Thing, C.and(C.eq(u.id, 'a'), C.eq(u.born, v as Date))),
      Dynamo.getMany(Thing, C.and(Model.keysIn(Thing, ['a', 'b']), C.eq(u.born, v as Date))),
      Dynamo.count(Thing, C.eq(u.born, v as Date)),
      Dynamo.deleteOne(Thing, C.and(C.eq(u.id, 'a'), C.eq(u.born, v as Date))),
    ] as ReadonlyArray<Dynamo.Op<unknown>>) {
      const r = await run(env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'born' && DE.show(r.left).includes(says), `${what}: ${JSON.stringify(r)}`)
    }
  }
  assert.is(sent.length, 0)
})

test('a value of a condition or an update whose reading throws in an operation: the error says where in the value', async () => {
  const { env, sent } = counting()
  const boom = (): never => {
    throw new Error('boom')
  }
  const v = { a: [1, Object.defineProperty({}, 'b', { enumerable: true, get: boom })] }
  for (const run of [
    Dynamo.getMany(Thing, C.and(C.eq(u.id, 'a'), C.eq(u.doc, v as never))),
    Dynamo.updateOne(Thing, 'a', [U.set(u.doc, v as never)]),
  ] as ReadonlyArray<Dynamo.Op<unknown>>) {
    const r = await run(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError' && DE.show(r.left).includes('Error: boom') && DE.show(r.left).includes("the value's a[1].b"), JSON.stringify(r))
  }
  assert.is(sent.length, 0)
})

test.run()
