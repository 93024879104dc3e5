/**
 * fast-check arbitraries of the ASTs: paths, values, operands, Condition trees and Update
 * lists. Names are drawn mostly from a pool of hostile strings (reserved words, dots,
 * dashes, spaces, `#`, `:`, unicode, `__proto__`, an injection attempt), so every
 * interpreter sees them. Reusable by any spec:
 *
 * ```ts
 * fc.assert(fc.property(arb.condition(), (c) => …), { seed: 42, numRuns: 500 })
 * ```
 *
 * Options let a spec ask for trees that are mostly valid (`invalid: false`, the default
 * keeps a small share of statically invalid shapes: empty and/or, big IN, deep paths).
 */
import fc from 'fast-check'
import type * as C from '../../lib/ast/Condition.js'
import * as P from '../../lib/ast/Path.js'
import type * as U from '../../lib/ast/Update.js'

/** Attribute names DynamoDB allows but an expression string could not hold as they are. */
export const hostileNames: ReadonlyArray<string> = [
  'name',
  'status',
  'size',
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'SET',
  'a.b',
  'a-b',
  'first name',
  '#x',
  ':v0',
  '#n0',
  'été',
  '日本',
  '🦄',
  '__proto__',
  'constructor',
  ') OR attribute_exists(#x',
  'a[0]',
  'x',
  'y',
  'count',
  'data',
]

export interface Options {
  /** Also generate statically invalid shapes now and then (default `true`). */
  readonly invalid?: boolean
  /** Names to draw from (default: `hostileNames` plus short random strings). */
  readonly names?: fc.Arbitrary<string>
  /** The deepest nesting of and/or/not (default 3). */
  readonly depth?: number
}

/** A non-empty attribute name. */
export const name = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hostileNames) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) })

/** A path of 1 to 3 levels (map keys and list indexes 0..3); with `invalid`, sometimes 33 levels or a bad index. */
export const path = (o: Options = {}): fc.Arbitrary<P.Path> => {
  const names = o.names ?? name()
  const element: fc.Arbitrary<P.Element> = fc.oneof({ weight: 3, arbitrary: names }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) })
  const ok = fc.tuple(names, fc.array(element, { maxLength: 2 })).map(([n, rest]) => P.of(n, ...rest))
  if (o.invalid === false) return ok
  const bad = fc.oneof(
    names.map((n) => P.of(n, ...Array.from({ length: 32 }, () => 'd'))),
    fc.tuple(names, fc.constantFrom(-1, 1.5, 2 ** 31)).map(([n, i]) => P.of(n, i)),
  )
  return fc.oneof({ weight: 40, arbitrary: ok }, { weight: 1, arbitrary: bad })
}

const safeString = fc.oneof(fc.constantFrom(...hostileNames, ''), fc.string({ maxLength: 8 }))

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: safeString },
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -1.25, 3.14159, 1.5e-7, 123456789012345) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }) },
)

const stringSet = fc.uniqueArray(fc.oneof(fc.constantFrom(...hostileNames), fc.string({ minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 3 }).map((xs) => new Set(xs))
const numberSet = fc.uniqueArray(fc.integer({ min: -100, max: 100 }), { minLength: 1, maxLength: 3 }).map((xs) => new Set(xs))

/** A constant of any DynamoDB type (sets are never empty). */
export const rawValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...hostileNames.filter((n) => n !== '__proto__')), scalar), { maxLength: 2 }).map((kvs) => Object.fromEntries(kvs)) },
    { weight: 1, arbitrary: stringSet },
    { weight: 1, arbitrary: numberSet },
  )

const valueNode = (v: unknown): C.Value => ({ _tag: 'Value', value: v, codec: undefined })

export const value = (): fc.Arbitrary<C.Value> => rawValue().map(valueNode)

/** A path, a value or `size(path)`. */
export const operand = (o: Options = {}): fc.Arbitrary<C.Operand> =>
  fc.oneof(
    { weight: 3, arbitrary: path(o) },
    { weight: 4, arbitrary: value() },
    { weight: 1, arbitrary: path(o).map((p): C.Size => ({ _tag: 'Size', path: p })) },
  )

const comparators: ReadonlyArray<C.Comparator> = ['=', '<>', '<', '<=', '>', '>=']
const typeNames: ReadonlyArray<C.AttributeTypeName> = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']

/** A condition tree (every node kind; and/or of 1 to 3, with `invalid` sometimes 0, and big INs). */
export const condition = (o: Options = {}): fc.Arbitrary<C.Condition> => {
  const p = path(o)
  const x = operand(o)
  const invalid = o.invalid !== false
  const orderedValue = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 3 })).map(valueNode)
  const leaf: fc.Arbitrary<C.Condition> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ _tag: fc.constant('Comparison' as const), op: fc.constantFrom(...comparators), left: x, right: x }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Between' as const), operand: x, low: fc.oneof(orderedValue, x), high: fc.oneof(orderedValue, x) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        _tag: fc.constant('In' as const),
        operand: x,
        values: invalid
          ? fc.oneof({ weight: 20, arbitrary: fc.array(x, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(x, { minLength: 0, maxLength: 0 }) }, { weight: 1, arbitrary: fc.array(x, { minLength: 98, maxLength: 101 }) })
          : fc.array(x, { minLength: 1, maxLength: 4 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('BeginsWith' as const), path: p, prefix: fc.oneof({ weight: 4, arbitrary: safeString.map(valueNode) }, { weight: 1, arbitrary: x }) }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Contains' as const), path: p, operand: x }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Exists' as const), path: p }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('NotExists' as const), path: p }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('AttributeType' as const), path: p, type: fc.constantFrom(...typeNames) }) },
  )
  const tree = fc.letrec<{ c: C.Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', maxDepth: o.depth ?? 3, withCrossShrink: true },
      { weight: 5, arbitrary: leaf },
      {
        weight: 1,
        arbitrary: fc.record({
          _tag: fc.constantFrom('And' as const, 'Or' as const),
          conditions: invalid
            ? fc.oneof({ weight: 30, arbitrary: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant([]) })
            : fc.array(tie('c'), { minLength: 1, maxLength: 3 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Not' as const), condition: tie('c') }) },
    ),
  }))
  return tree.c
}

/** An operand of a SET right-hand side (if_not_exists and list_append nest up to 2 levels). */
export const setOperand = (o: Options = {}): fc.Arbitrary<U.SetOperand> => {
  const p = path(o)
  const number = fc.integer({ min: -20, max: 20 }).map(valueNode)
  const list = fc.array(scalar, { maxLength: 2 }).map(valueNode)
  const tree = fc.letrec<{ s: U.SetOperand }>((tie) => ({
    s: fc.oneof(
      { depthSize: 'small', maxDepth: 2 },
      { weight: 3, arbitrary: p },
      { weight: 3, arbitrary: fc.oneof(value(), number, list) },
      { weight: 1, arbitrary: fc.record({ _tag: fc.constant('IfNotExists' as const), path: p, value: tie('s') }) },
      { weight: 1, arbitrary: fc.record({ _tag: fc.constant('ListAppend' as const), left: fc.oneof(list, tie('s')), right: fc.oneof(list, tie('s')) }) },
    ),
  }))
  return tree.s
}

export const setValue = (o: Options = {}): fc.Arbitrary<U.SetValue> =>
  fc.oneof(
    { weight: 3, arbitrary: setOperand(o) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Arithmetic' as const), op: fc.constantFrom('+' as const, '-' as const), left: setOperand(o), right: setOperand(o) }) },
  )

export const action = (o: Options = {}): fc.Arbitrary<U.Action> => {
  const p = path(o)
  const addable = fc.oneof(fc.integer({ min: -5, max: 5 }), stringSet, numberSet, { weight: 1, arbitrary: rawValue() })
  const deletable = fc.oneof({ weight: 4, arbitrary: fc.oneof(stringSet, numberSet) }, { weight: 1, arbitrary: rawValue() })
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ _tag: fc.constant('Set' as const), path: p, value: setValue(o) }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Remove' as const), path: p }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Add' as const), path: p, value: addable.map(valueNode) }) },
    { weight: 1, arbitrary: fc.record({ _tag: fc.constant('Delete' as const), path: p, value: deletable.map(valueNode) }) },
  )
}

/** An update: 1 to 4 actions (with `invalid`, sometimes none). */
export const update = (o: Options = {}): fc.Arbitrary<U.Update> =>
  o.invalid === false
    ? fc.array(action(o), { minLength: 1, maxLength: 4 })
    : fc.oneof({ weight: 30, arbitrary: fc.array(action(o), { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant([]) })
