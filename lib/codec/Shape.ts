/**
 * The one reader of io-ts codecs. `of(codec)` reads a codec once (memoized per codec
 * object) into a tagged `Shape`: what dynamongo needs to know of it, one level deep, its
 * children left as codecs (read with `of` when wanted, so recursive codecs are read lazily).
 * Every other module (attribute handles, `explain` and `issuesOf` of `codec/issues`, the as-is test,
 * `Model`'s key types and required fields) reads codecs through this one; the casts of
 * io-ts's internals live here only.
 *
 * | io-ts | shape |
 * | --- | --- |
 * | `type`, `partial` | `Struct` (props, required names) |
 * | `intersection` | `Intersection` (parts) |
 * | `exact`, `strict` | `Exact` (drops what is not a field) |
 * | `refinement`, `brand`, `Int` | `Refinement` |
 * | `array`, `readonlyArray`, `Field.list` | `List` |
 * | `tuple` | `Tuple` |
 * | `record` | `Dictionary` |
 * | `union` | `Union` (members) |
 * | `string`, `number`, `bigint`, `boolean`, `null`, `literal`, `keyof`, and any other codec that declares how it is stored (`storedAs`, as dynamongo's scalar fields do) | `Scalar` (its stored type; whether it is taken as it is) |
 * | `undefined`, `void` | `Absent` (nothing is stored: the attribute is left out) |
 * | anything else (`unknown`, `Field.json`, your own types) | `Opaque` |
 *
 * | `recursion` | `Recursive` (its definition, read when asked for) |
 *
 * `readonly` is read through: a `readonly` codec validates as the codec it wraps. Views of
 * a shape (`fields`, `element`, `stored`) do not look into a recursion: a recursive codec
 * does not tell (what reads it through, as `explain` does, follows the values).
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import type { Element } from '../ast/Path.js'
import { perObject } from '../internal/memo.js'
import { hasOwn } from '../internal/own.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Any io-ts codec. */
export type Codec = t.Type<any, any, unknown>

/** How DynamoDB stores a scalar. */
export type Stored = 'S' | 'N' | 'B' | 'BOOL' | 'NULL'

/** `t.type` (every field required), `t.partial` (none), io-ts 1's `StrictType` (every field required, the rest dropped; `t.strict` is now `t.exact(t.type(…))`). */
export interface Struct {
  readonly _tag: 'Struct'
  readonly codec: Codec
  readonly props: Readonly<Record<string, Codec>>
  /** The names an object must have (`undefined` is checked by the field's codec). */
  readonly required: ReadonlySet<string>
  /** Decoding drops properties that are not fields. */
  readonly exact: boolean
}

export interface Intersection {
  readonly _tag: 'Intersection'
  readonly codec: Codec
  readonly parts: ReadonlyArray<Codec>
}

/** `t.exact`: `of`, decoding drops properties that are not fields (its `is` takes them). */
export interface Exact {
  readonly _tag: 'Exact'
  readonly codec: Codec
  readonly of: Codec
}

/** A refinement or brand of `of`: `codec.is` checks `of` and the predicate. */
export interface Refinement {
  readonly _tag: 'Refinement'
  readonly codec: Codec
  readonly of: Codec
}

export interface List {
  readonly _tag: 'List'
  readonly codec: Codec
  readonly element: Codec
}

export interface Tuple {
  readonly _tag: 'Tuple'
  readonly codec: Codec
  readonly elements: ReadonlyArray<Codec>
}

/** `t.record`: any keys, each value of `codomain`. */
export interface Dictionary {
  readonly _tag: 'Dictionary'
  readonly codec: Codec
  readonly codomain: Codec
  /**
   * The keys every value holds, when the domain names them (a string literal, `keyof`, a union
   * of those: io-ts's record then checks each key, a missing one as `undefined`); `undefined`
   * for any keys (`t.string`).
   */
  readonly keys: ReadonlySet<string> | undefined
}

export interface Union {
  readonly _tag: 'Union'
  readonly codec: Codec
  readonly members: ReadonlyArray<Codec>
}

/** A value stored as one DynamoDB scalar. */
export interface Scalar {
  readonly _tag: 'Scalar'
  readonly codec: Codec
  readonly stored: Stored
  /** `codec.decode(u)` is `u` itself whenever `codec.is(u)` holds (and fails otherwise). */
  readonly asIs: boolean
  /** Why a value is not one of the codec's, where the codec can say (dynamongo's `Field` codecs). */
  readonly why: Why | undefined
}

/**
 * `t.recursion`: `definition()` is the codec it stands for (io-ts runs the definition the
 * first time it is asked, so it is asked only when wanted).
 */
export interface Recursive {
  readonly _tag: 'Recursive'
  readonly codec: Codec
  readonly definition: () => Codec
}

/** `t.undefined`, `t.void`: nothing is stored (the attribute is left out). */
export interface Absent {
  readonly _tag: 'Absent'
  readonly codec: Codec
}

/** A codec the reader cannot see into, nor tell how it is stored. */
export interface Opaque {
  readonly _tag: 'Opaque'
  readonly codec: Codec
  /** `codec.decode(u)` is `u` itself whenever `codec.is(u)` holds (dynamongo's `Field.make` codecs). */
  readonly asIs: boolean
  readonly why: Why | undefined
}

/** `undefined` when `u` is a value of the codec, else what was expected. */
export type Why = (u: unknown) => string | undefined

export type Shape = Struct | Intersection | Exact | Refinement | List | Tuple | Dictionary | Union | Recursive | Scalar | Absent | Opaque

/** Marks a codec whose `decode(u)` is `u` whenever `is(u)` holds (and fails otherwise). */
export const AS_IS: unique symbol = Symbol('dynamongo.asIs')

/**
 * On a set codec whose members are stored through a codec of their own (PynamoDB's binary set,
 * each member as `Field.pynamoBinary` stores one): that codec, which `member` gives.
 */
export const MEMBER: unique symbol = Symbol('dynamongo.member')

/**
 * On a codec of strings or numbers: what bounds its values (`Field.string`'s regex,
 * `Field.int`'s and `Field.float`'s limits), which `bounds` gives.
 */
export const BOUNDS: unique symbol = Symbol('dynamongo.bounds')

/**
 * On a codec whose stored form keeps the order and equality of its values within a domain
 * only (`Field.dateTime`'s fixed-width text holds the years 0000–9999: `+010000-…` sorts
 * before `2024-…`): why a value is outside that domain, which `domain` gives. A condition's
 * value must be within it (a value outside would be compared by a form that does not mean
 * its order), though not within the field's refinements (`lt(n, -1)` on `Field.int({ min: 0 })`
 * is a test that holds for no item). Declared only by codecs whose `encode` is not the
 * identity: a value stored as it is is compared by its own order.
 */
export const DOMAIN: unique symbol = Symbol('dynamongo.domain')

/**
 * On a codec whose stored form is compared by equality only, not by its values' order, parts
 * or length (`Field.pynamoBinary`'s bytes of base64 text: `+` < `/` < digits < `A-Z` < `a-z`,
 * and a value's prefix is not its text's prefix; `Field.json`'s text): why, which
 * `equalityOnly` gives. Such an attribute takes `=`, `<>`, `IN`, `attribute_exists`,
 * `attribute_not_exists` and `attribute_type` only, and is no range key; a set of such values
 * declares none (its members are compared whole). `=` compares the stored form: equal for
 * `pynamoBinary`'s equal bytes, but for `json` only when the texts are written the same (key
 * order and spacing: this library writes `JSON.stringify`'s text, PynamoDB `{"a": 1}`).
 */
export const EQUALITY_ONLY: unique symbol = Symbol('dynamongo.equalityOnly')

/**
 * What a codec declares of its values (`BOUNDS`): a regex each string matches and the limits
 * of its length, the inclusive limits of each number, and whether each number is an integer.
 */
export interface Bounds {
  readonly regex?: RegExp
  /** The fewest UTF-16 code units of each string (`s.length`). */
  readonly minLength?: number
  /** The most UTF-16 code units of each string (`s.length`). */
  readonly maxLength?: number
  readonly min?: number
  readonly max?: number
  readonly integer?: boolean
  /**
   * Each number is a safe integer (`Field.int`, `Field.duration`): none past
   * `Number.MAX_SAFE_INTEGER` is read.
   */
  readonly safe?: boolean
}

/** The named fields of a struct-like codec, through intersections, `exact` and refinements. */
export interface Fields {
  /** Every field; where parts of an intersection share a name, the first part's codec. */
  readonly props: Readonly<Record<string, Codec>>
  /** The names of the `t.type`/`t.strict` parts (not `t.partial`). */
  readonly required: ReadonlySet<string>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** What io-ts's combinators leave on a codec (the one cast of io-ts's internals). */
interface Internals {
  readonly _tag?: unknown
  readonly [AS_IS]?: unknown
  readonly [MEMBER]?: Codec
  readonly [BOUNDS]?: Bounds
  readonly [DOMAIN]?: unknown
  readonly [EQUALITY_ONLY]?: unknown
  readonly storedAs?: unknown
  readonly props?: Record<string, Codec>
  readonly type?: Codec
  readonly types?: ReadonlyArray<Codec>
  readonly codomain?: Codec
  readonly domain?: Codec
  readonly keys?: unknown
  readonly value?: unknown
  readonly why?: unknown
}

const internals = (codec: Codec): Internals => codec as unknown as Internals

/** The stored type a codec declares (`storedAs`, see `stored` in codec/fieldType), or `undefined`. */
const declared = (codec: Codec): Stored | undefined => {
  const s = internals(codec).storedAs
  return s === 'S' || s === 'N' || s === 'B' ? s : undefined
}

/** The codec `readonly` wrappers stand for, and the stored type the first of them to declare one declares. */
const unwrap = (codec: Codec): { readonly codec: Codec; readonly declared: Stored | undefined } => {
  let c = codec
  let d = declared(c)
  for (let x = internals(c); x._tag === 'ReadonlyType' && x.type !== undefined; x = internals(c)) {
    c = x.type
    d ??= declared(c)
  }
  return { codec: c, declared: d }
}

/** The keys a record's domain names, as io-ts reads them (its `getDomainKeys`): a string literal's, `keyof`'s, a union's of such members only; else `undefined` (any keys). */
const domainKeys = (domain: Codec): ReadonlySet<string> | undefined => {
  const x = internals(domain)
  if (x._tag === 'LiteralType') return typeof x.value === 'string' ? new Set([x.value]) : undefined
  if (x._tag === 'KeyofType') return typeof x.keys === 'object' && x.keys !== null ? new Set(Object.keys(x.keys)) : undefined
  if (x._tag !== 'UnionType') return undefined
  const out = new Set<string>()
  for (const member of x.types ?? []) {
    const ks = domainKeys(member)
    if (ks === undefined) return undefined
    for (const k of ks) out.add(k)
  }
  return out
}

const literal = (v: unknown): Stored | undefined =>
  typeof v === 'string' ? 'S' : typeof v === 'number' ? 'N' : typeof v === 'boolean' ? 'BOOL' : v === null ? 'NULL' : undefined

const read = (codec: Codec): Shape => {
  const u = unwrap(codec)
  const c = u.codec
  // a wrapper that declares nothing is the codec it wraps: one shape for both
  if (c !== codec && u.declared === declared(c)) return of(c)
  const x = internals(c)
  const leaf = (intrinsic: Stored | undefined, asIs: boolean): Scalar | Opaque => {
    const stored = u.declared ?? intrinsic
    const why = typeof x.why === 'function' ? (x.why as Why) : undefined
    return stored === undefined ? { _tag: 'Opaque', codec: c, asIs, why } : { _tag: 'Scalar', codec: c, stored, asIs, why }
  }
  switch (x._tag) {
    case 'InterfaceType':
    case 'StrictType': {
      const props = x.props ?? {}
      return { _tag: 'Struct', codec: c, props, required: new Set(Object.keys(props)), exact: x._tag === 'StrictType' }
    }
    case 'PartialType':
      return { _tag: 'Struct', codec: c, props: x.props ?? {}, required: new Set(), exact: false }
    case 'IntersectionType':
      return { _tag: 'Intersection', codec: c, parts: x.types ?? [] }
    case 'ExactType':
      return x.type === undefined ? leaf(undefined, false) : { _tag: 'Exact', codec: c, of: x.type }
    case 'RefinementType':
      return x.type === undefined ? leaf(undefined, false) : { _tag: 'Refinement', codec: c, of: x.type }
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return x.type === undefined ? leaf(undefined, false) : { _tag: 'List', codec: c, element: x.type }
    case 'TupleType':
      return { _tag: 'Tuple', codec: c, elements: x.types ?? [] }
    case 'DictionaryType':
      return x.codomain === undefined ? leaf(undefined, false) : { _tag: 'Dictionary', codec: c, codomain: x.codomain, keys: x.domain === undefined ? undefined : domainKeys(x.domain) }
    case 'UnionType':
      return { _tag: 'Union', codec: c, members: x.types ?? [] }
    case 'RecursiveType':
      return u.declared === undefined ? { _tag: 'Recursive', codec: c, definition: () => internals(c).type ?? c } : leaf(undefined, false)
    case 'StringType':
      return leaf('S', true)
    case 'NumberType':
      return leaf('N', true)
    case 'BooleanType':
      return leaf('BOOL', true)
    case 'BigIntType':
      return leaf('N', false)
    case 'NullType':
      return leaf('NULL', false)
    case 'KeyofType':
      return leaf('S', false)
    case 'LiteralType':
      return leaf(literal(x.value), false)
    case 'UndefinedType':
    case 'VoidType':
      return u.declared === undefined ? { _tag: 'Absent', codec: c } : leaf(undefined, false)
    default:
      return leaf(undefined, x[AS_IS] === true)
  }
}

/** The shape of `codec`, read once per codec object. */
export const of: (codec: Codec) => Shape = perObject(read)

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * `f` of a codec, computed once per codec object; a codec met again while its own value is
 * being computed (a recursion that is its own definition, or wraps only itself, which io-ts
 * itself cannot check) gets `onCycle`.
 */
const perCodec = <A>(f: (codec: Codec) => A, onCycle: A): ((codec: Codec) => A) => {
  const cache = new WeakMap<Codec, { readonly value: A } | 'pending'>()
  return (codec) => {
    const hit = cache.get(codec)
    if (hit === 'pending') return onCycle
    if (hit !== undefined) return hit.value
    cache.set(codec, 'pending')
    try {
      const value = f(codec)
      cache.set(codec, { value })
      return value
    } finally {
      if (cache.get(codec) === 'pending') cache.delete(codec)
    }
  }
}

/** The named fields of a struct-like codec (`t.type`, `t.partial`, `t.strict`, `t.exact`, refinements, intersections of them), or `undefined`. */
export const fields: (codec: Codec) => Fields | undefined = perCodec((codec): Fields | undefined => {
  const s = of(codec)
  switch (s._tag) {
    case 'Struct':
      return s
    case 'Exact':
    case 'Refinement':
      return fields(s.of)
    case 'Intersection': {
      const props: Record<string, Codec> = Object.create(null)
      const required = new Set<string>()
      let any = false
      for (const part of s.parts) {
        const f = fields(part)
        if (f === undefined) continue
        any = true
        for (const k of Object.keys(f.props)) if (!(k in props)) props[k] = f.props[k] as Codec
        for (const k of f.required) required.add(k)
      }
      return any ? { props, required } : undefined
    }
    default:
      return undefined
  }
}, undefined)

/** The element codec of a list codec (`t.array`, `t.readonlyArray`, refinements of them), or `undefined`. */
export const element: (codec: Codec) => Codec | undefined = perCodec((codec): Codec | undefined => {
  const s = of(codec)
  return s._tag === 'List' ? s.element : s._tag === 'Refinement' ? element(s.of) : undefined
}, undefined)

/**
 * The codec a member of a value of `codec` is stored through, as `contains` compares one: a
 * list's element, or the member codec a set codec declares (`MEMBER`), through refinements and
 * through a union whose other members are `t.null` or `t.undefined` (a nullable field) or all
 * give the same one; `undefined` otherwise (a set of plain members goes out as it is).
 */
export const member: (codec: Codec) => Codec | undefined = perCodec((codec): Codec | undefined => {
  const s = of(codec)
  switch (s._tag) {
    case 'List':
      return s.element
    case 'Refinement':
      return member(s.of)
    case 'Union': {
      const found = new Set(s.members.filter((m) => !nullish(m)).map(member))
      return found.size === 1 ? [...found][0] : undefined
    }
    default:
      return internals(codec)[MEMBER]
  }
}, undefined)

/** Whether `codec` is `t.undefined`, `t.void` or `t.null`: a union member that holds no value to compare. */
const nullish = (codec: Codec): boolean => {
  const s = of(codec)
  return s._tag === 'Absent' || (s._tag === 'Scalar' && s.stored === 'NULL' && codec.is(null))
}

/**
 * Whether the field `name` of a struct may be left out of an object that still decodes: it is
 * not required (`t.partial`), or its codec takes `undefined` (`t.undefined`, `t.unknown`, a
 * union with `t.undefined`: `t.type` checks a missing field as `undefined`, with its `is`).
 */
export const mayBeLeftOut = (f: Fields, name: string): boolean =>
  !f.required.has(name) || !hasOwn(f.props, name) || (f.props[name] as Codec).is(undefined)

/**
 * What a recursion stands for (its definition, through a recursion that stands for another),
 * `codec` itself when it is none; `undefined` for one that stands only for itself. Each step of
 * a path (`child`, `needs`) looks through the recursion it meets, so that what lies under one
 * is read as under any codec: each step takes one element of a finite path.
 */
const defined = (codec: Codec): Codec | undefined => {
  let c = codec
  for (const seen = new Set<Codec>(); ; ) {
    const s = of(c)
    if (s._tag !== 'Recursive') return c
    if (seen.has(c)) return undefined
    seen.add(c)
    c = s.definition()
  }
}

/** The codec of the child `e` of a value of `codec`: a struct's field, a dictionary's entry, a list's or a tuple's element, through `exact`, refinements and a recursion; `undefined` where the codec does not tell (a union, an opaque codec). */
export const child = (codec: Codec, e: Element): Codec | undefined => {
  const c = defined(codec)
  if (c === undefined) return undefined
  if (typeof e === 'number') return element(c) ?? tupleElement(c, e)
  const f = fields(c)
  return f !== undefined ? (hasOwn(f.props, e) ? f.props[e] : undefined) : codomain(c)
}

const tupleElement = (codec: Codec, i: number): Codec | undefined => {
  const s = of(codec)
  return s._tag === 'Tuple' ? s.elements[i] : s._tag === 'Refinement' ? tupleElement(s.of, i) : undefined
}

const codomain = (codec: Codec): Codec | undefined => {
  const s = of(codec)
  return s._tag === 'Dictionary' ? s.codomain : s._tag === 'Exact' || s._tag === 'Refinement' ? codomain(s.of) : undefined
}

/**
 * Whether every value of `codec` that holds children of `e`'s kind (named, or indexed) must
 * hold the child `e`: a value without it (an object without the field; a list with the
 * element removed) does not decode. So: a struct's field that may not be left out
 * (`mayBeLeftOut`), in any part of an intersection, through `exact` and refinements; a
 * tuple's element (removing one moves the later ones down a place and leaves the tuple short
 * of its last); a record's entry whose key its domain names (a literal, `keyof`) and whose
 * codec refuses `undefined`; in a union, a child every member that can hold it needs; what a
 * recursion stands for needs. Not: a list's element, another dictionary's entry, anything
 * under an opaque codec (it does not tell), nor under a union with such a member.
 */
export const needs = (codec: Codec, e: Element): boolean => needsWithin(codec, e, undefined)

/** `needs`, `seen` holding the recursions looked through for this child (one that comes back to itself adds nothing). */
const needsWithin = (codec: Codec, e: Element, seen: Set<Codec> | undefined): boolean => {
  const s = of(codec)
  switch (s._tag) {
    case 'Struct':
      return typeof e === 'string' && !mayBeLeftOut(s, e)
    case 'Exact':
    case 'Refinement':
      return needsWithin(s.of, e, seen)
    case 'Intersection':
      return s.parts.some((part) => needsWithin(part, e, seen))
    case 'Tuple':
      return typeof e === 'number' && e < s.elements.length
    case 'Dictionary':
      return typeof e === 'string' && s.keys !== undefined && s.keys.has(e) && !s.codomain.is(undefined)
    case 'Union': {
      const holding = s.members.filter((member) => holds(member, e))
      return holding.length > 0 && holding.every((member) => needsWithin(member, e, seen))
    }
    case 'Recursive': {
      // what it stands for, once: one that comes back to itself without a step of the path needs nothing more
      const within = seen ?? new Set<Codec>()
      if (within.has(codec)) return false
      within.add(codec)
      return needsWithin(s.definition(), e, within)
    }
    default:
      return false
  }
}

/** Whether a value of `codec` can hold the child `e`: named children in maps, indexed ones in lists; a codec that does not tell may hold either. */
const holds = (codec: Codec, e: Element): boolean => {
  const s = of(codec)
  switch (s._tag) {
    case 'Scalar':
    case 'Absent':
      return false
    case 'List':
    case 'Tuple':
      return typeof e === 'number'
    case 'Struct':
    case 'Intersection':
    case 'Dictionary':
      return typeof e === 'string'
    case 'Exact':
    case 'Refinement':
      return holds(s.of, e)
    default:
      return true
  }
}

/**
 * How DynamoDB stores the values of `codec`, or `undefined` when they are not one scalar
 * type: a declared stored type first (at every level), else scalars, refinements and
 * `exact` of them, and unions whose members are all stored alike.
 */
export const stored: (codec: Codec) => Stored | undefined = perCodec((codec): Stored | undefined => {
  const d = unwrap(codec).declared
  if (d !== undefined) return d
  const s = of(codec)
  switch (s._tag) {
    case 'Scalar':
      return s.stored
    case 'Exact':
    case 'Refinement':
      return stored(s.of)
    case 'Union': {
      const ts = s.members.map(stored)
      return ts.length > 0 && ts.every((x) => x !== undefined && x === ts[0]) ? ts[0] : undefined
    }
    default:
      return undefined
  }
}, undefined)

/**
 * How DynamoDB stores the values of `codec` that are neither `null` nor `undefined`, and
 * whether it takes one of those (`nullable`): `stored` of a union's other members where some
 * are `t.null`, `t.undefined` or `t.void` (a nullable field), else `stored` of the codec.
 * `undefined` when those values are not one scalar type.
 */
export const storedPresent: (codec: Codec) => { readonly stored: Stored; readonly nullable: boolean } | undefined = perCodec(
  (codec): { readonly stored: Stored; readonly nullable: boolean } | undefined => {
    const s = of(codec)
    if (unwrap(codec).declared === undefined && s._tag === 'Union') {
      const present = s.members.filter((m) => !nullish(m))
      if (present.length > 0 && present.length < s.members.length) {
        const ts = present.map(stored)
        return ts.every((x) => x !== undefined && x === ts[0]) ? { stored: ts[0] as Stored, nullable: true } : undefined
      }
    }
    const st = stored(codec)
    return st === undefined ? undefined : { stored: st, nullable: false }
  },
  undefined,
)

/**
 * Why a value is outside the domain whose stored form means the order and equality of
 * `codec`'s values (`DOMAIN`: what a condition's value must be within), read through
 * `readonly`, refinements, `exact` and intersections (the first member that declares one); `undefined` when the codec declares none (its stored
 * form means its values' order wherever it encodes one, or the codec does not tell).
 */
export const domain: (codec: Codec) => Why | undefined = perCodec((codec): Why | undefined => {
  const own = internals(codec)[DOMAIN]
  if (typeof own === 'function') return own as Why
  const s = of(codec)
  if (s.codec !== codec) return domain(s.codec)
  if (s._tag === 'Intersection') {
    for (const m of s.parts) {
      const why = domain(m)
      if (why !== undefined) return why
    }
    return undefined
  }
  return s._tag === 'Refinement' || s._tag === 'Exact' ? domain(s.of) : undefined
}, undefined)

/**
 * Why the stored form of `codec`'s values keeps their equality only (`EQUALITY_ONLY`), read
 * through `readonly`, refinements, `exact` and intersections (the first member that declares
 * it); `undefined` when the codec declares none.
 */
export const equalityOnly: (codec: Codec) => string | undefined = perCodec((codec): string | undefined => {
  const own = internals(codec)[EQUALITY_ONLY]
  if (typeof own === 'string') return own
  const s = of(codec)
  if (s.codec !== codec) return equalityOnly(s.codec)
  if (s._tag === 'Intersection') {
    for (const m of s.parts) {
      const why = equalityOnly(m)
      if (why !== undefined) return why
    }
    return undefined
  }
  return s._tag === 'Refinement' || s._tag === 'Exact' ? equalityOnly(s.of) : undefined
}, undefined)

/** What `codec` declares of its values (`BOUNDS`), or `undefined`. */
export const bounds = (codec: Codec): Bounds | undefined => internals(codec)[BOUNDS]

/**
 * Every value of `codec`, where it names them all: a string or number `t.literal`, a
 * `t.keyof`'s keys, a union of such codecs, a refinement of one (whose values are some of
 * them); `undefined` otherwise.
 */
export const literals: (codec: Codec) => ReadonlyArray<string | number> | undefined = perCodec((codec): ReadonlyArray<string | number> | undefined => {
  const s = of(codec)
  switch (s._tag) {
    case 'Refinement':
      return literals(s.of)
    case 'Union': {
      const out: Array<string | number> = []
      for (const m of s.members) {
        const vs = literals(m)
        if (vs === undefined) return undefined
        out.push(...vs)
      }
      return out
    }
    case 'Scalar': {
      const x = internals(s.codec)
      if (x._tag === 'LiteralType') return typeof x.value === 'string' || typeof x.value === 'number' ? [x.value] : undefined
      if (x._tag === 'KeyofType') return typeof x.keys === 'object' && x.keys !== null ? Object.keys(x.keys) : undefined
      return undefined
    }
    default:
      return undefined
  }
}, undefined)

/**
 * The path element io-ts's validation context gives the child `key` of `parent`: an index
 * for lists and tuples, none for the members of an intersection or a union (they validate
 * the same value), else the key itself. `exact` and refinements validate in their parent's
 * context, so the codec that names the child is the one they wrap.
 */
export const contextElement = (parent: Codec | undefined, key: string): Element | undefined => {
  switch (parent === undefined ? undefined : naming(parent)) {
    case 'none':
      return undefined
    case 'index':
      return Number(key)
    default:
      return key === '' ? undefined : key
  }
}

const naming: (codec: Codec) => 'key' | 'index' | 'none' = perCodec((codec): 'key' | 'index' | 'none' => {
  const s = of(codec)
  switch (s._tag) {
    case 'Intersection':
    case 'Union':
      return 'none'
    case 'List':
    case 'Tuple':
      return 'index'
    case 'Exact':
    case 'Refinement':
      return naming(s.of)
    case 'Recursive':
      return naming(s.definition())
    default:
      return 'key'
  }
}, 'key')
