/**
 * `Evaluate` interprets the AST the compiler checked: `condition` and `update` read one plain
 * copy of it (rules/ast `snapshot`), so an AST cast through `any` whose getters answer otherwise
 * when read again (a path's elements, an AND's members, a constant, an operator) is taken as its
 * first reading gives it, by the compiler and by the predicate or updater alike: the same verdict
 * as that AST written out, and, when taken, the same answer on every item; never a predicate that
 * throws, nor an answer of what the compiler refused. Through `getMany`, whose filter over a
 * batch of keys is evaluated in memory, the answer is the filter's or a refusal, never an item
 * dropped by a filter that was not checked.
 */
import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../../lib/ast/Condition.js'
import type * as U from '../../../lib/ast/Update.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

type Item = Record<string, AttributeValue>

/** A value read through a getter: `first` for the first `k` reads, `then` after. */
const switching = <A>(k: number, first: A, then: A): (() => A) => {
  let reads = 0
  return () => (reads++ < k ? first : then)
}

/** A node whose field `key` is a getter of `read`, its other fields `rest`. */
const withGetter = (rest: object, key: string, read: () => unknown): any => Object.defineProperty({ ...rest }, key, { get: read, enumerable: true })

const path = (...elements: ReadonlyArray<unknown>): any => ({ _tag: 'Path', elements })
const value = (v: unknown): any => ({ _tag: 'Value', value: v, codec: undefined })

const items: ReadonlyArray<Item> = [{}, { a: { S: 'x' } }, { a: { N: '0' } }, { a: { N: '2' } }, { '': { S: 'y' } }, { a: { L: [] } }]

/** What an Either's verdict and, if taken, its answer on each item are: a throw is an answer too. */
const answers = <A>(r: E.Either<DE.DynamoError, (item: Item) => A>): unknown =>
  E.isLeft(r)
    ? { refused: r.left }
    : items.map((item) => {
        try {
          return r.right(item)
        } catch (e) {
          return { threw: String(e) }
        }
      })

/** Conditions whose one field switches, by the AST of each of its two readings. */
const conditions: ReadonlyArray<readonly [string, <A>(read: () => A) => C.Condition]> = [
  ['a path whose elements become undefined', (read) => ({ _tag: 'Exists', path: withGetter({ _tag: 'Path' }, 'elements', read) }) as any],
  ['a path whose name becomes empty', (read) => ({ _tag: 'Exists', path: withGetter({ _tag: 'Path' }, 'elements', read) }) as any],
  ['an AND whose members become none', (read) => withGetter({ _tag: 'And' }, 'conditions', read)],
  ['a constant of < that becomes a BOOL', (read) => ({ _tag: 'Comparison', op: '<', left: path('a'), right: withGetter({ _tag: 'Value', codec: undefined }, 'value', read) }) as any],
  ['an operator that becomes no comparator', (read) => withGetter({ _tag: 'Comparison', left: path('a'), right: value(1) }, 'op', read)],
]
const readings: ReadonlyArray<readonly [unknown, unknown]> = [
  [['a'], undefined],
  [['a'], ['']],
  [[{ _tag: 'Exists', path: path('a') }], []],
  [1, true],
  ['<', '!'],
]

test('a condition whose getters answer otherwise when read again: Evaluate.condition answers as for its first reading, whenever it changes; the predicate never throws', () => {
  conditions.forEach(([what, make], i) => {
    const [first, then] = readings[i] as readonly [unknown, unknown]
    const asFirst = answers(Evaluate.condition(make(() => first)))
    assert.ok(Array.isArray(asFirst), `${what}: its first reading is a condition taken`)
    assert.ok(!Array.isArray(answers(Evaluate.condition(make(() => then)))), `${what}: its second reading is refused`)
    for (let k = 1; k <= 6; k++) assert.equal(answers(Evaluate.condition(make(switching(k, first, then)))), asFirst, `${what}, switching after ${k} reads`)
  })
})

/** Updates whose one field switches, and the two readings of it. */
const updates: ReadonlyArray<readonly [string, <A>(read: () => A) => U.Update, unknown, unknown]> = [
  ['a target whose elements become undefined', (read) => [{ _tag: 'Set', path: withGetter({ _tag: 'Path' }, 'elements', read), value: value(1) }] as any, ['a'], undefined],
  ['a target whose name becomes empty', (read) => [{ _tag: 'Set', path: withGetter({ _tag: 'Path' }, 'elements', read), value: value(1) }] as any, ['a'], ['']],
  ['an ADD whose number becomes a BOOL', (read) => [{ _tag: 'Add', path: path('n'), value: withGetter({ _tag: 'Value', codec: undefined }, 'value', read) }] as any, 1, true],
  ['a sum whose operator becomes no + or -', (read) => [{ _tag: 'Set', path: path('n'), value: withGetter({ _tag: 'Arithmetic', left: path('n'), right: value(1) }, 'op', read) }] as any, '+', '*'],
]
const updatable: ReadonlyArray<Item> = [{ n: { N: '1' } }, { n: { N: '1' }, a: { S: 'x' } }]

const updated = (r: E.Either<DE.DynamoError, Evaluate.Updater>): unknown =>
  E.isLeft(r)
    ? { refused: r.left }
    : updatable.map((item) => {
        try {
          return r.right(item)
        } catch (e) {
          return { threw: String(e) }
        }
      })

test('an update whose getters answer otherwise when read again: Evaluate.update answers as for its first reading, whenever it changes; the updater never throws', () => {
  for (const [what, make, first, then] of updates) {
    const asFirst = updated(Evaluate.update(make(() => first)))
    assert.ok(Array.isArray(asFirst) && asFirst.every((r) => E.isRight(r as E.Either<unknown, unknown>)), `${what}: its first reading is an update taken: ${JSON.stringify(asFirst)}`)
    assert.ok(!Array.isArray(updated(Evaluate.update(make(() => then)))), `${what}: its second reading is refused`)
    for (let k = 1; k <= 6; k++) assert.equal(updated(Evaluate.update(make(switching(k, first, then)))), asFirst, `${what}, switching after ${k} reads`)
  }
})

test('a list of actions (a Proxy) whose members vanish when read again: refused, or the update of its first reading; never a throw', () => {
  const first = [{ _tag: 'Remove', path: path('a') }]
  const asFirst = updated(Evaluate.update(first as any))
  for (let k = 0; k <= 6; k++) {
    const read = switching<ReadonlyArray<unknown>>(k, first, [])
    const list = new Proxy([], { get: (_, key) => (read() as any)[key], has: (_, key) => key in read() })
    const r = updated(Evaluate.update(list as any))
    assert.ok(!Array.isArray(r) || JSON.stringify(r) === JSON.stringify(asFirst), `switching after ${k} reads: ${JSON.stringify(r)}`)
  }
})

const Plain = Model.make({ table: 'plain', codec: t.type({ id: t.string, r: t.number, x: t.number }), hashKey: 'id', rangeKey: 'r' })

/** An Env whose client answers a BatchGetItem with the item of `Plain` the spec reads. */
const holding = (): Env.Env =>
  Env.make({
    client: {
      send: async (c: unknown) => {
        if (!(c instanceof BatchGetItemCommand)) throw new Error(`unexpected ${String(c)}`)
        return { $metadata: {}, Responses: { plain: [{ id: { S: 'a' }, r: { N: '1' }, x: { N: '1' } }] }, UnprocessedKeys: {} }
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })

const mark = Symbol.for('dynamongo/Condition')

/**
 * A filter `getMany` evaluates in memory over a batch of keys, not kept by the prepared reads
 * (run/prepared: a list constant is none of the values a kept read's key holds), so that
 * `Evaluate.condition` reads the AST itself: `switched` OR x = [1].
 */
const unkept = (switched: object): C.Condition =>
  ({ _tag: 'Or', [mark]: true, conditions: [{ ...switched, [mark]: true }, { _tag: 'Comparison', op: '=', left: path('x'), right: value([1]), [mark]: true }] }) as any

test("getMany's filter over a batch of keys, with a getter that answers otherwise when read again: a refusal or the answer of its first reading, never an item dropped", async () => {
  const keys = Model.keysIn(Plain, [['a', 1]])
  const filters: ReadonlyArray<readonly [string, <A>(read: () => A) => C.Condition, unknown, unknown]> = [
    ['elements that become undefined', (read) => unkept({ _tag: 'Exists', path: withGetter({ _tag: 'Path' }, 'elements', read) }), ['x'], undefined],
    ['a name that becomes empty', (read) => unkept({ _tag: 'Exists', path: withGetter({ _tag: 'Path' }, 'elements', read) }), ['x'], ['']],
    ['a constant of < that becomes a BOOL', (read) => unkept({ _tag: 'Comparison', op: '<', left: path('x'), right: withGetter({ _tag: 'Value', codec: undefined }, 'value', read) }), 2, true],
  ]
  for (const [what, make, first, then] of filters) {
    const asFirst = await Dynamo.getMany(Plain, C.and(keys, make(() => first)))(holding())()
    assert.equal(asFirst, E.right([{ id: 'a', r: 1, x: 1 }]), `${what}: its first reading keeps the item`)
    for (let k = 1; k <= 10; k++) {
      const r = await Dynamo.getMany(Plain, C.and(keys, make(switching(k, first, then))))(holding())()
      assert.ok(E.isLeft(r) || JSON.stringify(r) === JSON.stringify(asFirst), `${what}, switching after ${k} reads: ${JSON.stringify(r)}`)
    }
  }
})

test.run()
