/**
 * Type tests (compile-only, as the others of spec/types): a field whose codec is a union of
 * maps (`t.union([t.type({ a }), t.type({ b })])`) takes an object literal of either member in
 * conditions and updates, as a field of one map does, and only those: a value of neither
 * member, a misspelt key, a wrong type of a key is refused. The value's type is the field's,
 * never inferred from the value (`Attr.Decided`).
 */
import * as t from 'io-ts'
import { Condition as C, Model, Update as U } from 'dynamongo'
import type { Action, ConditionType } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const Shape = Model.make({
  table: 'shapes',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, shape: t.union([t.type({ a: t.string }), t.type({ b: t.number })]), kind: t.union([t.literal('x'), t.literal('y')]) }),
    t.partial({ shapes: t.array(t.union([t.type({ a: t.string }), t.type({ b: t.number })])), other: t.union([t.type({ a: t.string }), t.type({ b: t.number })]) }),
  ]),
})
const s = Shape.attrs

export const conditions = [
  C.eq(s.shape, { a: 'x' }),
  C.eq(s.shape, { b: 1 }),
  C.ne(s.shape, { b: 2 }),
  C.isIn(s.shape, [{ a: 'x' }, { b: 1 }]),
  C.eq(s.shape, s.other),
  C.eq(s.kind, 'y'),
  C.contains(s.shapes, { a: 'x' }),
]
expect<Equals<(typeof conditions)[number], ConditionType<typeof Shape>>>()

export const updates = [
  U.set(s.shape, { a: 'x' }),
  U.set(s.shape, { b: 1 }),
  U.set(s.other, s.shape),
  U.set(s.shape, U.ifNotExists(s.other, { b: 2 })),
  U.setIfNotExists(s.shape, { a: 'x' }),
  U.append(s.shapes, [{ a: 'x' }, { b: 1 }]),
  U.set(s.kind, 'x'),
]
expect<Equals<(typeof updates)[number], Action<typeof Shape>>>()

// @ts-expect-error a map of neither member
C.eq(s.shape, { c: 'x' })
// @ts-expect-error a key of the wrong type
C.eq(s.shape, { a: 1 })
// @ts-expect-error a map of neither member
U.set(s.shape, { c: 'x' })
// @ts-expect-error a key of the wrong type
U.set(s.shape, { b: 'x' })
// @ts-expect-error a map of neither member, in a list
C.isIn(s.shape, [{ a: 'x' }, { c: 1 }])
// @ts-expect-error a value outside the union of literals
U.set(s.kind, 'z')
// @ts-expect-error a value outside the union of literals
C.eq(s.kind, 'z')
// @ts-expect-error another field's type
C.eq(s.shape, s.kind)
