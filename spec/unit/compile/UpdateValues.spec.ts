/**
 * Every value of an update is checked against the codec of the attribute it ends up in,
 * whatever the form of the right-hand side: a value, `list_append`'s operands (lists of
 * the target's elements), `if_not_exists`'s default (a value of the target), `+`/`-`
 * (numbers, into a number field); and an attribute read on the right must store what the
 * target stores. Values that do not fit are `ValidationError`s naming the target's path;
 * an expression that can never fit (a string attribute copied into a list, `+` into a
 * string) is an `ExpressionError`. With a model's `fields`, the compiler reads every
 * path's codec from the model (untyped handles and raw ASTs included).
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../../lib/ast/Attr.js'
import * as U from '../../../lib/ast/Update.js'
import * as P from '../../../lib/ast/Path.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'

interface NonEmptyBrand {
  readonly NonEmpty: unique symbol
}
const nonEmpty = t.brand(t.readonlyArray(t.string), (xs): xs is t.Branded<ReadonlyArray<string>, NonEmptyBrand> => xs.length > 0, 'NonEmpty')

const Thing = Model.make({
  table: 'things',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, name: t.string }),
    t.partial({
      cities: Field.list(t.string),
      scores: Field.list(t.number),
      moments: Field.list(Field.dateTime),
      labels: nonEmpty,
      age: Field.int({ min: 0, max: 150 }),
      born: Field.dateTime,
      visits: Field.int(),
      roles: Field.stringSet,
      address: Field.map({ city: t.string }, { zip: t.number }),
      other: Field.map({ city: t.number }, {}),
    }),
  ]),
})
const u = Thing.attrs
const fields = Thing.fields

/** The combinators with their types loosened: what a cast through `any` lets through. */
const loose = {
  listAppend: U.listAppend as (x: unknown, y: unknown) => never,
  plus: U.plus as (x: unknown, y: unknown) => never,
  ifNotExists: U.ifNotExists as (a: unknown, v: unknown) => never,
}

type Result = ReturnType<typeof X.update>

const tagOf = (r: Result): string => (r._tag === 'Left' ? r.left._tag : 'Right')

/** The left, which must have tag `tag`; its message. */
const left = (r: Result, tag: 'ValidationError' | 'ExpressionError'): string => {
  if (r._tag === 'Right') throw new Error(`expected a ${tag}, got ${JSON.stringify(r.right)}`)
  assert.is(r.left._tag, tag, `expected a ${tag}, got ${r.left._tag}: ${'message' in r.left ? r.left.message : ''}`)
  return 'message' in r.left ? r.left.message : ''
}

const d1 = new Date('2024-05-01T12:00:00.000Z')
const d2 = new Date('2024-06-01T12:00:00.000Z')

test('list_append: value operands are lists of the target\'s elements, checked and encoded by its element codec', () => {
  // the defect: numbers written into a list of strings
  const us = [U.set(u.cities, loose.listAppend([1], [2]))]
  assert.match(left(X.update(us), 'ValidationError'), /^cities\[0\]: /)
  assert.match(left(X.update(us, fields), 'ValidationError'), /^cities\[0\]: /)
  // a value operand built next to another list's handle ends up in the target: the target's codec decides
  assert.match(left(X.update([U.set(u.cities, U.listAppend(u.cities, [1] as never))]), 'ValidationError'), /^cities\[0\]: /)
  assert.match(left(X.update([U.set(u.cities, loose.listAppend(u.scores, [1]))]), 'ValidationError'), /^cities\[0\]: /)
  // values are encoded by the element codec: Dates as their ISO text
  const r = X.update([U.set(u.moments, U.listAppend([d1], [d2]))])
  assert.equal(r._tag === 'Right' && r.right.values, { ':v0': { L: [{ S: '2024-05-01T12:00:00.000Z' }] }, ':v1': { L: [{ S: '2024-06-01T12:00:00.000Z' }] } })
  assert.is(tagOf(X.update([U.set(u.cities, U.listAppend(['a'] as ReadonlyArray<string>, u.cities))])), 'Right')
})

test('list_append into an attribute that is not a list is an ExpressionError', () => {
  assert.match(left(X.update([U.set(u.name, loose.listAppend(['a'], ['b']))]), 'ExpressionError'), /SET name = list_append.*: name is stored as S, this writes L/)
})

test('append and prepend: the empty default is a list of the target\'s elements, not a value of a refined list codec', () => {
  assert.is(tagOf(X.update([U.append(u.labels, ['x'] as never)])), 'Right')
  assert.is(tagOf(X.update([U.prepend(u.labels, ['x'] as never)])), 'Right')
  assert.match(left(X.update([U.append(u.labels, [3] as never)]), 'ValidationError'), /^labels\[0\]: /)
})

test('if_not_exists: the default is a value of the target\'s codec, and the attribute read stores what the target stores', () => {
  assert.match(left(X.update([U.set(u.name, loose.ifNotExists(u.age, 5))]), 'ValidationError'), /^name: /)
  assert.match(left(X.update([U.set(u.born, loose.ifNotExists(u.visits, 5))]), 'ValidationError'), /^born: /)
  assert.match(left(X.update([U.set(u.name, loose.ifNotExists(u.age, 'x'))], fields), 'ExpressionError'), /age .*name|name .*age/)
  assert.is(tagOf(X.update([U.set(u.name, U.ifNotExists(u.id, 'x'))], fields)), 'Right')
  assert.is(tagOf(X.update([U.setIfNotExists(u.age, 3)], fields)), 'Right')
})

test('+ and -: into a number attribute only; operands numbers, and attributes read that store numbers', () => {
  assert.match(left(X.update([U.set(u.name as never, U.plus(u.age, 1))]), 'ExpressionError'), /name/)
  assert.match(left(X.update([U.set(u.name as never, U.minus(U.ifNotExists(u.age, 0), 1))]), 'ExpressionError'), /name/)
  assert.match(left(X.update([U.set(u.age, loose.plus(u.name, 1))], fields), 'ExpressionError'), /name/)
  assert.match(left(X.update([U.set(u.age, loose.plus(loose.ifNotExists(u.name, 0), 1))], fields), 'ExpressionError'), /name/)
  assert.is(tagOf(X.update([U.set(u.age, U.plus(u.visits, 1))], fields)), 'Right')
  assert.is(tagOf(X.update([U.increment(u.visits, -2), U.decrement(u.age, 1)], fields)), 'Right')
})

test('an attribute copied into another must store the same type (lists and maps: element by element, field by field)', () => {
  assert.match(left(X.update([U.set(u.name, u.age as never)], fields), 'ExpressionError'), /age.*name|name.*age/)
  assert.match(left(X.update([U.set(u.born, u.visits as never)], fields), 'ExpressionError'), /visits/)
  assert.match(left(X.update([U.set(u.cities, u.scores as never)], fields), 'ExpressionError'), /scores/)
  assert.match(left(X.update([U.set(u.cities, loose.listAppend(u.scores, ['a']))], fields), 'ExpressionError'), /scores/)
  assert.match(left(X.update([U.set(u.address, u.other as never)], fields), 'ExpressionError'), /other/)
  assert.is(tagOf(X.update([U.set(u.name, u.id), U.set(u.address.city, u.name), U.set(u.born, u.born)], fields)), 'Right')
})

test('a misfit\'s message names both paths, down to the list element or map field that differs', () => {
  assert.is(left(X.update([U.set(u.cities, u.scores as never)], fields), 'ExpressionError'), 'SET cities = … scores …: scores[…] is stored as N, cities[…] as S')
  assert.is(left(X.update([U.set(u.address, u.other as never)], fields), 'ExpressionError'), 'SET address = … other …: other.city is stored as N, address.city as S')
  assert.is(left(X.update([U.set(u.name, u.age as never)], fields), 'ExpressionError'), 'SET name = … age …: age is stored as N, name as S')
  assert.is(left(X.update([U.set(u.age, loose.plus(u.name, 1))], fields), 'ExpressionError'), 'SET age = … name …: name is stored as S, + and - take numbers')
  assert.is(left(X.update([U.set(u.name, loose.listAppend(['a'], ['b']))]), 'ExpressionError'), 'SET name = list_append(…): name is stored as S, this writes L')
})

test('a value refused inside a map an update writes at a nested path: the issue\'s path is the document path, not a quoted name (golden)', () => {
  const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, address: t.type({ extra: t.unknown }) }) })
  const e = X.update([U.set(Doc.attrs.address.extra, { x: () => 1 })])
  assert.ok(e._tag === 'Left' && e.left._tag === 'ValidationError', JSON.stringify(e))
  assert.equal(e.left.issues, [{ path: 'address.extra.x', message: 'cannot store a function' }])
})

test('with the model\'s fields, untyped handles and raw ASTs are checked against the model\'s codecs', () => {
  const cities = A.path('cities')
  const us = [U.set(cities, U.listAppend([1], [2]))]
  assert.is(tagOf(X.update(us)), 'Right') // nothing to check against without the model
  assert.match(left(X.update(us, fields), 'ValidationError'), /^cities\[0\]: /)
  assert.match(left(X.update([U.set(A.path('name'), 1)], fields), 'ValidationError'), /^name: /)
  assert.match(left(X.update([U.add(A.path('roles'), new Set([1]))], fields), 'ValidationError'), /^roles/)
  assert.match(left(X.update([U.deleteFrom(A.path('roles'), new Set([1]))], fields), 'ValidationError'), /^roles/)
  assert.match(left(X.update([U.add(A.path('name'), 1)], fields), 'ExpressionError'), /ADD name: name is stored as S/)
  assert.match(left(X.update([U.set(A.path('address', 'zip'), 'x')], fields), 'ValidationError'), /^address\.zip: /)
  assert.match(left(X.update([U.set(A.path('cities', 0), 1)], fields), 'ValidationError'), /^cities\[0\]: /)
  const raw: U.Action = { _tag: 'Set', path: P.of('age'), value: { _tag: 'Value', value: 'x', codec: undefined } }
  assert.match(left(X.update([raw], fields), 'ValidationError'), /^age: /)
  // what the model does not describe is not checked (a field the codec does not name, a key such as constructor)
  assert.is(tagOf(X.update([U.set(A.path('stray'), 1), U.set(A.path('constructor'), 1)], fields)), 'Right')
  // X.request takes the fields too
  const r = X.request({ update: us, fields })
  assert.is(r._tag === 'Left' && r.left._tag, 'ValidationError')
})

test.run()
