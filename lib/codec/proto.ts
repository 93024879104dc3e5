/**
 * Map keys named `__proto__` through io-ts's own combinators.
 *
 * DynamoDB stores a map key `__proto__` (and an attribute so named) like any other, and the
 * SDK reads a nested one back. `Item.unmarshall` keeps it as an own data property. But io-ts
 * builds the objects it returns by assignment (`type`/`partial` copy with `Object.assign`
 * when a field changes, `intersection` merges with `r[k] = u[k]`, `record` sets `a[k]`), and
 * an assignment to `__proto__` sets the new object's prototype (or does nothing) instead of
 * making a key: the key is dropped, or the object gets the value as its prototype (a `record`
 * of dates read back as an object whose prototype is a `Date`).
 *
 * So where a value holds such a key in a place that io-ts's structural combinators copy, the
 * key is `hide`n under a stand-in name for the codec's `decode`/`encode`, and `restore`d as an
 * own `__proto__` in what they give. Only the places the codec's shape says io-ts copies are
 * touched (`type`, `partial`, `intersection`, `exact`, `record`, arrays, tuples, refinements,
 * unions, recursions); a value under any other codec (`Field.json`, `t.UnknownRecord`, your own
 * types) is left as it is: such codecs see the key itself.
 *
 * @since 0.1.0
 */
import { absurd } from 'fp-ts/lib/function.js'
import * as Shape from './Shape.js'
import { perObject } from '../internal/memo.js'
import { define, isPlainObject as isPlain } from '../internal/own.js'

const PROTO = '__proto__'

/** The stand-in name of a `__proto__` key while a codec reads the value. */
export const STAND_IN = '\u0000__proto__'

/** `o` with its own `__proto__` key renamed to `to` (in place of it, order kept). */
const renamed = (o: Record<string, unknown>, from: string, to: string): Record<string, unknown> => {
  const out: Record<string, unknown> = Object.getPrototypeOf(o) === null ? Object.create(null) : {}
  for (const k of Object.keys(o)) define(out, k === from ? to : k, o[k])
  return out
}

/** `o` with the value at `k` replaced (a copy; `__proto__` stays an own key). */
const withValue = (o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> => {
  const out: Record<string, unknown> = Object.getPrototypeOf(o) === null ? Object.create(null) : {}
  for (const key of Object.keys(o)) define(out, key, key === k ? v : o[key])
  return out
}

/**
 * `u` with every `__proto__` key in a place io-ts's combinators of `codec` copy renamed to
 * `STAND_IN`: `u` itself when there is none (nothing is allocated then).
 */
export const hide = (codec: Shape.Codec, u: unknown, depth = 0): unknown => {
  if (typeof u !== 'object' || u === null || depth > 64) return u
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Struct':
    case 'Dictionary': {
      if (!isPlain(u)) return u
      let o = u
      if (Object.hasOwn(o, PROTO) && !Object.hasOwn(o, STAND_IN)) o = renamed(o, PROTO, STAND_IN)
      for (const k of Object.keys(o)) {
        const c = s._tag === 'Struct' ? (Object.hasOwn(s.props, k) ? s.props[k] : undefined) : s.codomain
        if (c === undefined) continue
        const v = o[k]
        const h = hide(c, v, depth + 1)
        if (h !== v) o = withValue(o, k, h)
      }
      return o
    }
    case 'Intersection': {
      let v: unknown = u
      for (const part of s.parts) v = hide(part, v, depth)
      return v
    }
    case 'Union': {
      // a member that sees the value itself (Field.json, your own codec) would see the stand-in: left as it is
      if (s.members.some((member) => Shape.of(member)._tag === 'Opaque')) return u
      let v: unknown = u
      for (const member of s.members) v = hide(member, v, depth)
      return v
    }
    case 'Exact':
    case 'Refinement':
      return hide(s.of, u, depth)
    case 'Recursive':
      return hide(s.definition(), u, depth)
    case 'List':
    case 'Tuple': {
      if (!Array.isArray(u)) return u
      let a: unknown[] = u
      for (let i = 0; i < a.length; i++) {
        const c = s._tag === 'List' ? s.element : s.elements[i]
        if (c === undefined) continue
        const v = a[i]
        const h = hide(c, v, depth + 1)
        if (h !== v) {
          if (a === u) a = u.slice()
          a[i] = h
        }
      }
      return a
    }
    case 'Scalar':
    case 'Absent':
    case 'Opaque':
      return u
    default:
      return absurd(s)
  }
}

/** What a codec gave for a `hide`n value, with every `STAND_IN` key an own `__proto__` again. */
export const restore = (u: unknown, depth = 0): unknown => {
  if (typeof u !== 'object' || u === null || depth > 66) return u
  if (Array.isArray(u)) {
    let a: unknown[] = u
    for (let i = 0; i < a.length; i++) {
      const v = a[i]
      const r = restore(v, depth + 1)
      if (r !== v) {
        if (a === u) a = u.slice()
        a[i] = r
      }
    }
    return a
  }
  if (!isPlain(u)) return u
  let o = u
  for (const k of Object.keys(o)) {
    const v = o[k]
    const r = restore(v, depth + 1)
    if (r !== v) o = withValue(o, k, r)
  }
  return Object.hasOwn(o, STAND_IN) && !Object.hasOwn(o, PROTO) ? renamed(o, STAND_IN, PROTO) : o
}

/** An issue's path as the caller wrote it (`m.__proto__`, not the stand-in's name). */
export const restorePath = (path: string): string => path.split(JSON.stringify(STAND_IN)).join(PROTO)

type Test = (u: unknown, depth: number) => boolean

const some = (tests: ReadonlyArray<Test | null>): Test | null => {
  const ts = tests.filter((x): x is Test => x !== null)
  return ts.length === 0 ? null : ts.length === 1 ? (ts[0] as Test) : (u, depth) => ts.some((f) => f(u, depth))
}

/**
 * Whether a value of `codec` holds a `__proto__` key where `hide` would hide one, read without
 * `Shape.of` per value: `null` when no value of the codec can (its places hold only scalars).
 */
const test: (codec: Shape.Codec) => Test | null = perObject((codec: Shape.Codec): Test | null => {
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Struct':
    case 'Dictionary': {
      const own: Test = (u) => isPlain(u) && Object.hasOwn(u, PROTO)
      if (s._tag === 'Dictionary') {
        const inner = test(s.codomain)
        return (u, depth) => {
          if (own(u, depth)) return true
          if (inner === null || !isPlain(u) || depth > 64) return false
          for (const k of Object.keys(u)) if (inner(u[k], depth + 1)) return true
          return false
        }
      }
      const inner: Array<readonly [string, Test]> = []
      for (const k of Object.keys(s.props)) {
        const f = test(s.props[k] as Shape.Codec)
        if (f !== null) inner.push([k, f])
      }
      return (u, depth) => {
        if (!isPlain(u)) return false
        if (Object.hasOwn(u, PROTO)) return true
        if (depth > 64) return false
        for (let i = 0; i < inner.length; i++) {
          const [k, f] = inner[i] as readonly [string, Test]
          if (f(u[k], depth + 1)) return true
        }
        return false
      }
    }
    case 'Intersection':
      return some(s.parts.map(test))
    case 'Union':
      return some(s.members.map(test))
    case 'Exact':
    case 'Refinement':
      return test(s.of)
    case 'Recursive':
      // read when a value comes (the definition may be this codec itself)
      return (u, depth) => depth <= 64 && (test(s.definition()) ?? never)(u, depth)
    case 'List':
    case 'Tuple': {
      const fs = s._tag === 'List' ? [test(s.element)] : s.elements.map(test)
      if (fs.every((f) => f === null)) return null
      return (u, depth) => {
        if (!Array.isArray(u) || depth > 64) return false
        for (let i = 0; i < u.length; i++) {
          const f = s._tag === 'List' ? fs[0] : fs[i]
          if (f !== null && f !== undefined && f(u[i], depth + 1)) return true
        }
        return false
      }
    }
    case 'Scalar':
    case 'Absent':
    case 'Opaque':
      return null
    default:
      return absurd(s)
  }
})

const never: Test = () => false

/**
 * `codec.encode(u)`, keeping `u`'s `__proto__` keys (a codec that gives `u` itself back copied
 * nothing; only when it copied and `u` holds such a key is it asked again, with the keys hidden).
 */
export const encode = (codec: Shape.Codec, u: unknown): unknown => {
  const encoded: unknown = codec.encode(u)
  if (encoded === u) return encoded
  const holds = test(codec)
  return holds === null || !holds(u, 0) ? encoded : restore(codec.encode(hide(codec, u)))
}
