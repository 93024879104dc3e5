/**
 * Type tests (compile-only, checked by `npm run typecheck`, and against the built
 * declarations by spec/unit/Types.spec.ts): what conditions and updates accept. Each
 * `@ts-expect-error` fails the type check if the line below it compiles.
 */
import { flow, pipe } from 'fp-ts/lib/function.js'
import { Attr, Condition as C, Update as U } from 'dynamongo'
import type { ConditionType, UpdateType } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { type User, u } from './models.js'

const day = new Date(0)

// -------------------------------------------------------------------------------------
// conditions
// -------------------------------------------------------------------------------------

export const ok = [
  C.eq(u.name, 'x'),
  C.ne(u.flag, false),
  C.lt(u.age, 5),
  C.lte(u.born, 2000),
  C.gt(u.big, 10n),
  C.gte(u.photo, new Uint8Array([1])),
  C.eq(u.address.city, u.name),
  C.gt(C.size(u.tags), 2),
  C.contains(u.tags, 'x'),
  C.contains(u.roles, 'admin'),
  C.contains(u.name, 'oh'),
  C.beginsWith(u.name, 'J'),
  C.isIn(u.email, ['a', 'b']),
  C.eq(u.tags.at(0), 'first'),
  C.exists(u.nick),
  C.notExists(u.address.zip),
  C.attributeType(u.scores, 'L'),
  C.not(C.eq(u.name, 'x')),
]

// between: ordered types, a value or an attribute of the same type at each end
export const betweens = [C.between(u.age, 1, 2), C.between(u.age, u.born, 99), C.between(u.name, 'a', 'm'), C.between(u.created, day, new Date())]
// @ts-expect-error between of strings on a number attribute
C.between(u.age, 'a', 'b')
// @ts-expect-error between on booleans
C.between(u.flag, false, true)
// @ts-expect-error between on a list
C.between(u.tags, [], [])

// dates: a Date compares with a Date, and begins_with takes its ISO prefix
export const dates = [C.lt(u.created, day), C.eq(u.created, day), C.beginsWith(u.created, '2024-05'), C.isIn(u.created, [day])]
// @ts-expect-error a date compared with a string
C.gt(u.created, '2024-01-01')
// @ts-expect-error a date compared with a number (epoch)
C.eq(u.created, 0)

// the conditions of one model's handles are that model's
expect<Equals<(typeof ok)[number], ConditionType<typeof User>>>()
expect<Equals<ReturnType<typeof C.and<typeof User>>, ConditionType<typeof User>>>()

// @ts-expect-error a number compared with a string attribute
C.lt(u.name, 5)
// @ts-expect-error a string compared with a number attribute
C.eq(u.age, 'x')
// @ts-expect-error a handle that does not exist
u.nope
// @ts-expect-error a nested handle that does not exist
u.address.street
// @ts-expect-error two attributes of different types
C.eq(u.name, u.age)
// @ts-expect-error ordering booleans
C.lt(u.flag, true)
// @ts-expect-error contains of a number in a list of strings
C.contains(u.tags, 1)
// @ts-expect-error contains on a number
C.contains(u.age, 1)
// @ts-expect-error begins_with on a number
C.beginsWith(u.age, '1')
// @ts-expect-error isIn with values of another type
C.isIn(u.age, ['a'])
// @ts-expect-error size of a number compared with a string
C.eq(C.size(u.tags), 'x')
// DynamoDB's size applies to strings, binaries, sets, lists and maps (a date: Field.dateTime stores a string)
export const sizes = [
  C.eq(C.size(u.name), 3),
  C.eq(C.size(u.nick), 3),
  C.eq(C.size(u.photo), 3),
  C.eq(C.size(u.roles), 3),
  C.eq(C.size(u.lucky), 3),
  C.eq(C.size(u.scores), 3),
  C.eq(C.size(u.address), 2),
  C.eq(C.size(u.tags.at(0)), 2),
  C.eq(C.size(u.created), 24),
  C.eq(C.size(Attr.path('legacy')), 1),
  C.eq(C.size(Attr.path<string>('legacy')), 1),
  // types that may be one DynamoDB's size applies to: nullable lists, maps, sets, dates and
  // binaries, a string or a map, JSON, a number or a list
  C.eq(C.size(Attr.path<ReadonlyArray<string> | null>('l')), 1),
  C.eq(C.size(Attr.path<{ readonly a: string } | null>('m')), 1),
  C.eq(C.size(Attr.path<Date | null>('d')), 1),
  C.eq(C.size(Attr.path<Uint8Array | null>('b')), 1),
  C.eq(C.size(Attr.path<ReadonlySet<string> | null>('s')), 1),
  C.eq(C.size(Attr.path<string | { readonly a: string }>('u')), 1),
  C.eq(C.size(Attr.path<number | ReadonlyArray<number>>('v')), 1),
]
// begins_with of a nullable string, date or binary attribute takes its prefix
export const nullablePrefixes = [
  C.beginsWith(Attr.path<string | null>('s'), 'a'),
  C.beginsWith(Attr.path<Date | null>('d'), '2024'),
  C.beginsWith(Attr.path<Uint8Array | null>('b'), new Uint8Array([1])),
]
// @ts-expect-error begins_with of a null attribute
C.beginsWith(Attr.path<null>('z'), 'a')
// @ts-expect-error begins_with of a nullable number attribute
C.beginsWith(Attr.path<number | null>('n'), '1')
// size passed as a function
export const pointFree = [pipe(u.tags, C.size), pipe(u.name, C.size), flow(C.size)(u.nick), [u.tags].map(C.size)]
// @ts-expect-error size passed as a function to number attributes
;[u.age, u.born].map(C.size)
// @ts-expect-error size of a nullable number attribute
C.size(Attr.path<number | null>('n'))
// @ts-expect-error size of a number attribute
C.size(u.age)
// @ts-expect-error size of an optional number attribute
C.size(u.born)
// @ts-expect-error size of a bigint attribute (stored as a number)
C.size(u.big)
// @ts-expect-error size of a boolean attribute
C.size(u.flag)
// @ts-expect-error size of a nested number attribute
C.size(u.address.zip)
// @ts-expect-error size of an untyped handle said to be a number
C.size(Attr.path<number>('n'))
// @ts-expect-error an attribute type DynamoDB does not have
C.attributeType(u.name, 'STRING')
// @ts-expect-error and of something that is not a condition
C.and(C.eq(u.name, 'x'), true)

// -------------------------------------------------------------------------------------
// updates
// -------------------------------------------------------------------------------------

export const okUpdates = [
  U.set(u.name, 'y'),
  U.set(u.created, day),
  U.set(u.address, { city: 'Y', zip: 2 }),
  U.setIfNotExists(u.nick, 'n'),
  U.append(u.tags, ['x']),
  U.prepend(u.scores, [1, 2]),
  U.add(u.age, 1),
  U.add(u.roles, new Set(['r'])),
  U.add(u.big, 1n),
  U.deleteFrom(u.roles, new Set(['r'])),
  U.deleteFrom(u.lucky, new Set([7])),
  U.increment(u.age, 1),
  U.increment(u.big, 2n),
  U.decrement(u.born, 1),
  U.set(u.age, U.plus(u.age, 1)),
  U.set(u.age, U.minus(u.age, u.born)),
  U.set(u.born, U.plus(U.ifNotExists(u.born, 0), 1)),
  U.set(u.tags, U.listAppend(u.tags, ['z'])),
  U.remove(u.nick),
  U.remove(u.tags.at(0)),
]
expect<Equals<(typeof okUpdates)[number], UpdateType<typeof User>[number]>>()

// @ts-expect-error appending to a string
U.append(u.name, ['x'])
// @ts-expect-error appending numbers to a list of strings
U.append(u.tags, [1])
// @ts-expect-error adding a number to a string
U.add(u.name, 1)
// @ts-expect-error adding strings to a number set
U.add(u.lucky, new Set(['x']))
// @ts-expect-error set a wrong type
U.set(u.address.zip, 'x')
// @ts-expect-error a string written to a date
U.set(u.created, '2024-01-01')
// @ts-expect-error setIfNotExists of a wrong type
U.setIfNotExists(u.nick, 1)
// @ts-expect-error increment of a string
U.increment(u.name, 1)
// @ts-expect-error increment by a string
U.increment(u.age, '1')
// @ts-expect-error decrement of a date
U.decrement(u.created, 1)
// @ts-expect-error plus on strings
U.set(u.name, U.plus(u.name, 'x'))
// @ts-expect-error deleteFrom a list (DELETE takes sets)
U.deleteFrom(u.tags, new Set(['x']))
// @ts-expect-error deleteFrom a string set with numbers
U.deleteFrom(u.roles, new Set([1]))
// @ts-expect-error deleteFrom a string
U.deleteFrom(u.name, new Set(['x']))
// @ts-expect-error listAppend of a string attribute
U.listAppend(u.name, ['x'])

// -------------------------------------------------------------------------------------
// untyped handles (Attr.path) take any value and go with every model
// -------------------------------------------------------------------------------------

export const untyped = C.eq(Attr.path('anything', 'goes', 0), 1)
export const untypedUpdate = U.set(Attr.path('x'), 'anything')
// next to a model's handles, an untyped one takes that model
export const mixed = C.and(C.eq(u.name, 'x'), untyped)
expect<Equals<typeof mixed, ConditionType<typeof User>>>()
export const mixedCompare = C.eq(Attr.path<string>('other'), u.name)
expect<Equals<typeof mixedCompare, ConditionType<typeof User>>>()
