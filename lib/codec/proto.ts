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
import { VALUE_DEPTH } from '../rules/limits.js'

const PROTO = '__proto__'

/** The stand-in name of a `__proto__` key while a codec reads the value. */
const STAND_IN = '\u0000__proto__'

/**
 * The shapes a value meets at one place of `codec` (refinements, `exact`, recursions,
 * intersections' parts and unions' members seen through), and whether a union there has a
 * member that sees the value itself (`Field.json`, your own codec): such a place and what it
 * holds are left as they are (that member would see the stand-in names).
 */
interface Place {
  readonly shapes: ReadonlyArray<Shape.Shape>
  readonly opaqueUnion: boolean
}

const placeOf = (codecs: ReadonlyArray<Shape.Codec>): Place => {
  const shapes: Shape.Shape[] = []
  let opaqueUnion = false
  const seen = new Set<Shape.Codec>()
  const visit = (c: Shape.Codec): void => {
    if (seen.has(c)) return
    seen.add(c)
    const s = Shape.of(c)
    switch (s._tag) {
      case 'Intersection':
        return s.parts.forEach(visit)
      case 'Union':
        if (s.members.some((member) => Shape.of(member)._tag === 'Opaque')) opaqueUnion = true
        return s.members.forEach(visit)
      case 'Exact':
      case 'Refinement':
        return visit(s.of)
      case 'Recursive':
        return visit(s.definition())
      default:
        shapes.push(s)
    }
  }
  codecs.forEach(visit)
  return { shapes, opaqueUnion }
}

/** A key `__proto__`, or one escaped by `hide` (`\u0000` before it, once per level of escaping). */
const escapable = /^\u0000*__proto__$/

/** The codecs of the value at key `k` of a place's objects (`k` as the caller wrote it). */
const childrenAt = (place: Place, k: string): Shape.Codec[] => {
  const out: Shape.Codec[] = []
  for (const s of place.shapes) {
    if (s._tag === 'Struct' && Object.hasOwn(s.props, k)) out.push(s.props[k] as Shape.Codec)
    else if (s._tag === 'Dictionary') out.push(s.codomain)
  }
  return out
}

/** The codecs of element `i` of a place's arrays. */
const elementsAt = (place: Place, i: number): Shape.Codec[] => {
  const out: Shape.Codec[] = []
  for (const s of place.shapes) {
    if (s._tag === 'List') out.push(s.element)
    else if (s._tag === 'Tuple' && i < s.elements.length) out.push(s.elements[i] as Shape.Codec)
  }
  return out
}

/**
 * `u` with its keys renamed where `codecs` say io-ts's combinators copy objects: `rename`
 * gives a key's new name (or the key itself); `value` is read by its key as the caller wrote it
 * (`name`). `u` itself when nothing changed (nothing is allocated then).
 */
const walk = (codecs: ReadonlyArray<Shape.Codec>, u: unknown, depth: number, rename: (k: string) => string, name: (k: string) => string): unknown => {
  if (typeof u !== 'object' || u === null || depth > VALUE_DEPTH || codecs.length === 0) return u
  const place = placeOf(codecs)
  if (place.opaqueUnion) return u
  if (Array.isArray(u)) {
    if (!place.shapes.some((s) => s._tag === 'List' || s._tag === 'Tuple')) return u
    let a: unknown[] = u
    for (let i = 0; i < a.length; i++) {
      const v = a[i]
      const h = walk(elementsAt(place, i), v, depth + 1, rename, name)
      if (h !== v) {
        if (a === u) a = u.slice()
        a[i] = h
      }
    }
    return a
  }
  if (!isPlain(u) || !place.shapes.some((s) => s._tag === 'Struct' || s._tag === 'Dictionary')) return u
  let changed = false
  const keys = Object.keys(u)
  const values: unknown[] = []
  for (const k of keys) {
    const v = u[k]
    const h = walk(childrenAt(place, name(k)), v, depth + 1, rename, name)
    values.push(h)
    if (h !== v || rename(k) !== k) changed = true
  }
  if (!changed) return u
  const out: Record<string, unknown> = Object.getPrototypeOf(u) === null ? Object.create(null) : {}
  keys.forEach((k, i) => define(out, rename(k), values[i]))
  return out
}

const escape = (k: string): string => (escapable.test(k) ? `\u0000${k}` : k)
const unescape = (k: string): string => (k.charCodeAt(0) === 0 && escapable.test(k) ? k.slice(1) : k)
const same = (k: string): string => k

/**
 * `u` with every key `__proto__` in a place io-ts's combinators of `codec` copy renamed to
 * `STAND_IN` (and a key already so named, or escaped further, escaped once more, so that
 * `restore` gives each back exactly): `u` itself when there is none.
 */
export const hide = (codec: Shape.Codec, u: unknown): unknown => walk([codec], u, 0, escape, same)

/** What `codec` gave for a `hide`n value, with every key `hide` renamed named as it was: the same places only. */
export const restore = (codec: Shape.Codec, u: unknown): unknown => walk([codec], u, 0, unescape, unescape)

/** An issue's path as the caller wrote it (`m.__proto__`, not the stand-in's name). */
export const restorePath = (path: string): string => path.split(JSON.stringify(STAND_IN)).join(PROTO)

/**
 * The path of a property named `__proto__` that `codec` declares inside a field
 * (`inner.__proto__`, `list[].__proto__`, `dict.*.__proto__`), or `undefined`. io-ts's `type`
 * and `partial` read a declared property by name and copy the object by assignment when a
 * value changes, which sets the copy's prototype instead of the key; under `hide` the stand-in
 * name is not the declared one. So no such codec reads its values back: `Model.make` refuses
 * it, as it refuses a top-level field so named. (A `__proto__` key that the codec does not
 * declare, or a record's, is data: `hide` and `restore` carry it.)
 */
export const declaredProto = (codec: Shape.Codec): string | undefined => {
  const seen = new Set<Shape.Codec>()
  const visit = (c: Shape.Codec, path: string): string | undefined => {
    if (seen.has(c)) return undefined
    seen.add(c)
    const s = Shape.of(c)
    switch (s._tag) {
      case 'Struct': {
        for (const k of Object.keys(s.props)) {
          const at = path === '' ? k : `${path}.${k}`
          // the top level's own fields are Model.make's to check (the SDK loses such an attribute)
          if (k === PROTO && path !== '') return at
          const found = visit(s.props[k] as Shape.Codec, at)
          if (found !== undefined) return found
        }
        return undefined
      }
      case 'Intersection':
        return firstOf(s.parts, (part) => visit(part, path))
      case 'Union':
        return firstOf(s.members, (member) => visit(member, path))
      case 'Exact':
      case 'Refinement':
        return visit(s.of, path)
      case 'Recursive':
        return visit(s.definition(), path)
      case 'List':
        return visit(s.element, `${path}[]`)
      case 'Tuple':
        return firstOf(s.elements, (element, i) => visit(element, `${path}[${i}]`))
      case 'Dictionary':
        return visit(s.codomain, `${path}.*`)
      case 'Scalar':
      case 'Absent':
      case 'Opaque':
        return undefined
      default:
        return absurd(s)
    }
  }
  return visit(codec, '')
}

const firstOf = <A>(as: ReadonlyArray<A>, f: (a: A, i: number) => string | undefined): string | undefined => {
  for (let i = 0; i < as.length; i++) {
    const found = f(as[i] as A, i)
    if (found !== undefined) return found
  }
  return undefined
}

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
          if (inner === null || !isPlain(u) || depth > VALUE_DEPTH) return false
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
        if (depth > VALUE_DEPTH) return false
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
      return (u, depth) => depth <= VALUE_DEPTH && (test(s.definition()) ?? never)(u, depth)
    case 'List':
    case 'Tuple': {
      const fs = s._tag === 'List' ? [test(s.element)] : s.elements.map(test)
      if (fs.every((f) => f === null)) return null
      return (u, depth) => {
        if (!Array.isArray(u) || depth > VALUE_DEPTH) return false
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
  return holds === null || !holds(u, 0) ? encoded : restore(codec, codec.encode(hide(codec, u)))
}
