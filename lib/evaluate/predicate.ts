/**
 * Conditions as predicates on stored items (`Evaluate.condition`'s meaning, read after the
 * compiler's checks): the paths, operands and operators DynamoDB evaluates, and what updates
 * share with them (a path's value, an operand's, a size). Inside the library: `Evaluate`
 * checks a condition before it reads it here, and a read's cursors test a position's key with
 * the key condition its Query compiled (`keyCondition`).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as C from '../ast/Condition.js'
import { absurd, elementsOf } from '../ast/nodes.js'
import * as DE from '../DynamoError.js'
import type * as P from '../ast/Path.js'
import * as Cmp from '../rules/compare.js'
import { toAttributeValue } from '../codec/value.js'
import { hasOwn } from '../internal/own.js'
import { catching } from '../internal/threw.js'
import { unreadable } from '../rules/ast.js'

import type { Item, Predicate } from './Evaluate.js'

// -------------------------------------------------------------------------------------
// paths
// -------------------------------------------------------------------------------------

/** The value at `path`, or `undefined` when missing (through a non-map, an index out of range). */
export const get =
  (path: P.Path) =>
  (item: Item): AttributeValue | undefined => {
    const es = elementsOf(path)
    const first = es[0]
    if (!hasOwn(item, first)) return undefined
    let cur = item[first]
    for (let i = 1; i < es.length && cur !== undefined; i++) {
      const e = es[i] as P.Element
      if (typeof e === 'number') cur = cur.L !== undefined && e >= 0 && e < cur.L.length ? cur.L[e] : undefined
      else cur = cur.M !== undefined && hasOwn(cur.M, e) ? cur.M[e] : undefined
    }
    return cur
  }

/** `size(av)` as DynamoDB counts it; `undefined` for numbers, booleans, null and missing. */
export const sizeOf = (av: AttributeValue | undefined): number | undefined => {
  if (av === undefined) return undefined
  if (av.S !== undefined) return av.S.length
  if (av.B !== undefined) return av.B.length
  if (av.L !== undefined) return av.L.length
  if (av.M !== undefined) return Object.keys(av.M).length
  if (av.SS !== undefined) return av.SS.length
  if (av.NS !== undefined) return av.NS.length
  if (av.BS !== undefined) return av.BS.length
  return undefined
}

export type Getter = (item: Item) => AttributeValue | undefined

// -------------------------------------------------------------------------------------
// conditions
// -------------------------------------------------------------------------------------

export const refuse = (message: string): E.Either<DE.DynamoError, never> => E.left(DE.expressionError(message))

/** DynamoDB's refusal of an operand type an operator or function does not take. */
export const wrongType = (name: string, type: string | undefined): E.Either<DE.DynamoError, never> =>
  refuse(`Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`)

/**
 * An operand read from an item. Only a constant can fail: its encoding, as DynamoDB receives
 * it (`toAttributeValue`: the marshalling refuses an empty set, a set holding a member twice,
 * a number DynamoDB cannot store).
 */
const compileOperand = (o: C.Operand, at: string): E.Either<DE.DynamoError, Getter> => {
  switch (o._tag) {
    case 'Path':
      return E.right(get(o))
    case 'Value':
      return E.map((av: AttributeValue): Getter => () => av)(toAttributeValue(o, false, at))
    case 'Size': {
      const g = get(o.path)
      return E.right((item) => {
        const n = sizeOf(g(item))
        return n === undefined ? undefined : { N: String(n) }
      })
    }
    default:
      return absurd(o)
  }
}

export const sequence = <A>(es: ReadonlyArray<E.Either<DE.DynamoError, A>>): E.Either<DE.DynamoError, ReadonlyArray<A>> => {
  const out: A[] = []
  for (const e of es) {
    if (E.isLeft(e)) return e
    out.push(e.right)
  }
  return E.right(out)
}

/** An ordering test: false when either side is missing or they are of different types (or no ordered type). */
const ordering =
  (holds: (order: number) => boolean) =>
  (a: AttributeValue | undefined, b: AttributeValue | undefined): boolean => {
    if (a === undefined || b === undefined) return false
    const order = Cmp.compareOrdered(a, b)
    return order !== undefined && holds(order)
  }

const comparators: Record<C.Comparator, (a: AttributeValue | undefined, b: AttributeValue | undefined) => boolean> = {
  '=': (a, b) => a !== undefined && b !== undefined && Cmp.equals(a, b),
  '<>': (a, b) => !(a !== undefined && b !== undefined && Cmp.equals(a, b)),
  '<': ordering((n) => n < 0),
  '<=': ordering((n) => n <= 0),
  '>': ordering((n) => n > 0),
  '>=': ordering((n) => n >= 0),
}

const beginsWith = (a: AttributeValue | undefined, p: AttributeValue | undefined): boolean => {
  if (a === undefined || p === undefined) return false
  if (a.S !== undefined) return p.S !== undefined && a.S.startsWith(p.S)
  if (a.B !== undefined) return p.B !== undefined && Cmp.bytesStartWith(a.B, p.B)
  return false
}

const contains = (a: AttributeValue | undefined, v: AttributeValue | undefined): boolean => {
  if (a === undefined || v === undefined) return false
  if (a.S !== undefined) return v.S !== undefined && a.S.includes(v.S)
  if (a.B !== undefined) return v.B !== undefined && Cmp.bytesInclude(a.B, v.B)
  if (a.SS !== undefined) return v.S !== undefined && a.SS.includes(v.S)
  if (a.NS !== undefined) {
    const n = v.N
    return n !== undefined && a.NS.some((x) => Cmp.numbersEqual(x, n))
  }
  if (a.BS !== undefined) {
    const b = v.B
    return b !== undefined && a.BS.some((x) => Cmp.bytesEqual(x, b))
  }
  if (a.L !== undefined) return a.L.some((x) => Cmp.equals(x, v))
  return false
}

/** The predicate of a function of a path's value and an operand (`at`: its name): `begins_with`, `contains`. */
const pathTest = (
  path: P.Path,
  operand: C.Operand,
  at: string,
  test: (a: AttributeValue | undefined, b: AttributeValue | undefined) => boolean,
): E.Either<DE.DynamoError, Predicate> => {
  const o = compileOperand(operand, at)
  if (E.isLeft(o)) return o
  const g = get(path)
  const read = o.right
  return E.right((item) => test(g(item), read(item)))
}

/**
 * A condition as a predicate. `condition` has the compiler read it first (`Expression`), which
 * refuses everything DynamoDB refuses before reading an item (the rules of paths, operators and
 * operand types, distinct operands, the bounds of BETWEEN, empty AND/OR): here it is only read
 * for its meaning.
 */
export const compileCondition = (c: C.Condition): E.Either<DE.DynamoError, Predicate> => {
  switch (c._tag) {
    case 'Comparison': {
      const ops = sequence([compileOperand(c.left, 'left'), compileOperand(c.right, 'right')])
      if (E.isLeft(ops)) return ops
      const [l, r] = ops.right as [Getter, Getter]
      const f = comparators[c.op]
      return E.right((item) => f(l(item), r(item)))
    }
    case 'Between': {
      const ops = sequence([compileOperand(c.operand, 'operand'), compileOperand(c.low, 'low'), compileOperand(c.high, 'high')])
      if (E.isLeft(ops)) return ops
      const [x, lo, hi] = ops.right as [Getter, Getter, Getter]
      return E.right((item) => {
        const v = x(item)
        if (v === undefined) return false
        const l = lo(item)
        if (l === undefined) return false
        const h = hi(item)
        if (h === undefined) return false
        const a = Cmp.compareOrdered(l, v)
        if (a === undefined || a > 0) return false
        const b = Cmp.compareOrdered(v, h)
        return b !== undefined && b <= 0
      })
    }
    case 'In': {
      const ops = sequence([c.operand, ...c.values].map((o, i) => compileOperand(o, i === 0 ? 'operand' : `values[${i - 1}]`)))
      if (E.isLeft(ops)) return ops
      const [x, ...vs] = ops.right as [Getter, ...Getter[]]
      return E.right((item) => {
        const v = x(item)
        if (v === undefined) return false
        for (const o of vs) {
          const w = o(item)
          if (w !== undefined && Cmp.equals(v, w)) return true
        }
        return false
      })
    }
    case 'BeginsWith':
      return pathTest(c.path, c.prefix, 'prefix', beginsWith)
    case 'Contains':
      return pathTest(c.path, c.operand, 'operand', contains)
    case 'Exists': {
      const g = get(c.path)
      return E.right((item) => g(item) !== undefined)
    }
    case 'NotExists': {
      const g = get(c.path)
      return E.right((item) => g(item) === undefined)
    }
    case 'AttributeType': {
      const g = get(c.path)
      const type = c.type
      return E.right((item) => {
        const v = g(item)
        return v !== undefined && Cmp.typeOf(v) === type
      })
    }
    case 'And':
    case 'Or': {
      const cs = sequence(c.conditions.map(compileCondition))
      if (E.isLeft(cs)) return cs
      const ps = cs.right
      if (ps.length === 1) return E.right(ps[0] as Predicate)
      return E.right(c._tag === 'And' ? (item) => ps.every((p) => p(item)) : (item) => ps.some((p) => p(item)))
    }
    case 'Not': {
      const inner = compileCondition(c.condition)
      if (E.isLeft(inner)) return inner
      const p = inner.right
      return E.right((item) => !p(item))
    }
    default:
      return absurd(c)
  }
}

/**
 * A Query's key condition as a test of a key: `compileCondition` without the compiler's checks
 * and without a snapshot, for a condition the library planned from one and compiled into its
 * request already (a read's cursors: `Cursor.Expected.within`); a node it cannot read, a `Left`.
 */
export const keyCondition = (c: C.Condition): E.Either<DE.DynamoError, Predicate> => catching(() => compileCondition(c), (e) => DE.expressionError(unreadable(e)))
