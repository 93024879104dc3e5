/**
 * What a model's codecs say about stored attributes, for checking updates before they are
 * sent: the codec of the attribute at a path, and whether the values one attribute stores
 * can be stored in another (an update that copies `b` into `a`).
 *
 * A codec that does not tell (a custom codec, a recursive one, JSON) is trusted: only what
 * both codecs state is compared. A codec of strings that checks more than it declares (a
 * format: `Field.email`, `Field.dateTime`, a `t.brand`) takes a copy from itself only: no
 * condition checks a string's format.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as A from '../ast/Attr.js'
import * as Ex from '../ast/expr.js'
import * as P from '../ast/Path.js'
import * as Shape from '../codec/Shape.js'
import { perObject } from '../internal/memo.js'
import { hasOwn } from '../internal/own.js'
import { CODEC_DEPTH } from '../rules/limits.js'
import { codecOfPath, elementsOf } from '../ast/nodes.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The DynamoDB types an attribute can be stored as. */
export type StoredKind = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M'

/**
 * The numbers a codec declares: inclusive ends (infinite where it declares none), whether each
 * is an integer, and whether each is a safe one (its codec reads none past
 * `Number.MAX_SAFE_INTEGER`, a limit of its domain rather than a declared end).
 */
export interface Range {
  readonly min: number
  readonly max: number
  readonly integer: boolean
  readonly safe: boolean
}

const ANY: Range = { min: -Infinity, max: Infinity, integer: false, safe: false }

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The codec of the attribute at `path` of an item whose top-level fields are `fields` (a
 * model's `fields`), each step read by `Shape.child` (map keys through struct and dictionary
 * codecs, list indexes through list and tuple codecs, through a recursion). `undefined` where
 * the codecs do not say (a name the model does not have, a union, an opaque codec).
 */
export const codecAt = (fields: Readonly<Record<string, A.Codec>>, path: P.Path): A.Codec | undefined => {
  const es = elementsOf(path)
  return codecOfFirst(fields, es, es.length)
}

/**
 * Why the path `p` is no attribute of an item whose top-level fields are `fields` (a model's
 * `fields`), or `undefined`: a path made by a model's handle (it carries its field's codec,
 * `codecOfPath`) that the codecs of `fields` do not describe (`codecAt`: a top-level name that
 * is no field of this model, or a child its field's codec has not) is a handle of another
 * model, reached through a cast (the types refuse it): compiled, it would name an attribute
 * this model never reads, a write a stray attribute. A handle's children are those its codec
 * has (`Shape.fields`, `Shape.element`), each of which `codecAt` finds: no handle of this model
 * is refused. A path of `Attr.path` (no codec) names any attribute, one the model does not
 * declare included. One hash lookup for a top-level name, one step per element below it.
 */
export const foreignWhy = (fields: Readonly<Record<string, A.Codec>>, p: P.Path, es: P.Path['elements']): string | undefined => {
  if (codecOfPath(p) === undefined) return undefined
  if (!hasOwn(fields, es[0])) return `${P.show(p)} is a handle of another model: ${JSON.stringify(es[0])} is no field of this model (an attribute the model does not declare is named by Attr.path)`
  return es.length === 1 || codecOfFirst(fields, es, es.length) !== undefined
    ? undefined
    : `${P.show(p)} is a handle of another model: the codec of this model's ${JSON.stringify(es[0])} has no such attribute (an attribute the model does not declare is named by Attr.path)`
}

/** `codecAt` of the path of the first `n` of `es` (a parent's, without a path node made for it). */
const codecOfFirst = (fields: Readonly<Record<string, A.Codec>>, es: P.Path['elements'], n: number): A.Codec | undefined => {
  let codec = hasOwn(fields, es[0]) ? fields[es[0]] : undefined
  for (let i = 1; i < n && codec !== undefined; i++) codec = Shape.child(codec, es[i] as P.Element)
  return codec
}

/**
 * Whether the codecs require the attribute at `path` where it sits (an item without it would
 * not decode): `Shape.needs` of the codec of its parent (the model's `codec` for a top-level
 * field; else `codecAt`): a field that cannot be left out of its struct, a tuple's element,
 * an entry a record's domain names (a literal, `keyof`), at any depth, under a recursion too.
 * A list element, an entry of a record of any keys, or an attribute under a codec that does
 * not say is not required.
 */
export const isRequired = (codec: A.Codec, fields: Readonly<Record<string, A.Codec>>, path: P.Path): boolean => {
  const es = elementsOf(path)
  const parent = es.length === 1 ? codec : codecOfFirst(fields, es, es.length - 1)
  return parent !== undefined && Shape.needs(parent, es[es.length - 1] as P.Element)
}

/**
 * The DynamoDB types a codec's values are stored as, or `undefined` when the codec does not
 * say. Members of a union that store nothing (`t.undefined`: the attribute is absent) add
 * no type.
 */
export const kindsOf = (codec: A.Codec): ReadonlySet<StoredKind> | undefined => kindsOfCodec(codec) ?? undefined

/** `kindsOf`, read once per codec object (an update's values are checked against it on every request). */
const kindsOfCodec = perObject((codec: A.Codec): ReadonlySet<StoredKind> | null => {
  const scalar = Shape.stored(codec)
  if (scalar !== undefined) return new Set([scalar])
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Absent':
      return new Set()
    case 'Union': {
      const out = new Set<StoredKind>()
      for (const member of s.members) {
        const ks = kindsOfCodec(member)
        if (ks === null) return null
        for (const k of ks) out.add(k)
      }
      return out
    }
    case 'Refinement':
    case 'Exact':
      return kindsOfCodec(s.of)
    case 'List':
      return new Set(['L'])
    case 'Struct':
    case 'Intersection':
      return Shape.fields(codec) === undefined ? null : new Set(['M'])
    default:
      return null
  }
})

/**
 * Why values stored by `source` (at `from`) cannot be stored where `target` is read (at
 * `to`), or `undefined` when they can as far as both codecs tell: every type `source`
 * stores is one `target` stores; lists compare their elements, maps the fields both name.
 * The paths are printed only for the message.
 */
export const misfit = (source: A.Codec, target: A.Codec, from: P.Path, to: P.Path): string | undefined => misfitBelow(source, target, from, to, '')

/** `misfit` of what lies at `suffix` (`[…]`, `.name`) below `from` and `to`. */
const misfitBelow = (source: A.Codec, target: A.Codec, from: P.Path, to: P.Path, suffix: string): string | undefined => {
  if (source === target) return undefined
  const ks = kindsOf(source)
  const kt = kindsOf(target)
  // tuples and records: each element or entry as a list's (no condition reaches them either)
  const ts = Shape.of(source)
  const tt = Shape.of(target)
  if (ts._tag === 'Tuple' && tt._tag === 'Tuple') {
    for (const [i, e] of tt.elements.entries()) {
      const es = ts.elements[i]
      const why = es === undefined ? undefined : misfitBelow(es, e, from, to, `${suffix}[${i}]`)
      if (why !== undefined) return why
    }
    return undefined
  }
  if (ts._tag === 'Dictionary' && tt._tag === 'Dictionary') {
    return misfitBelow(ts.codomain, tt.codomain, from, to, `${suffix}.…`)
  }
  if (ks === undefined || kt === undefined) return undefined
  for (const k of ks) {
    if (!kt.has(k)) return `${P.show(from)}${suffix} is stored as ${[...ks].join(' or ')}, ${P.show(to)}${suffix} as ${[...kt].join(' or ') || 'nothing'}`
  }
  const named = namedOf(source)
  if (named !== undefined) {
    // every value the source names decodes where it goes: nothing else to compare (bounds)
    const bad = named.find((v) => !E.isRight(target.decode(v)))
    return bad === undefined ? undefined : `${P.show(from)}${suffix} may hold ${JSON.stringify(bad)}, ${P.show(to)}${suffix} does not take it`
  }
  const taken = namedOf(target)
  if (taken !== undefined) return `${P.show(from)}${suffix} may hold values other than ${taken.map((v) => JSON.stringify(v)).join(', ')}, ${P.show(to)}${suffix} does not take it`
  // strings: DynamoDB's size() counts UTF-8 bytes and no condition tests a pattern, so no guard
  // holds a copied string to the target's declared bounds: the source's must be within them
  // (a union: each member of the source's within one member of the target's, each a string of
  // its union may be read as)
  if (ks.has('S') && kt.has('S')) {
    const st = stringChoices(target)
    if (!stringChoices(source).every((s) => st.some((t) => stringsWithin(s, t)))) {
      return `${P.show(from)}${suffix} holds ${showStrings(stringsOf(source))}, ${P.show(to)}${suffix} ${st.map(showStrings).join(' or ')} (no condition checks a string's characters or pattern)`
    }
  }
  // numbers below the top: no condition reaches each element of a list (the top is guarded, compile/updateGuard)
  if (suffix !== '' && ks.has('N') && kt.has('N')) {
    const rs = rangeOf(source)
    const rt = rangeOf(target)
    if (rs.min < rt.min || rs.max > rt.max || (rt.integer && !rs.integer) || (rt.safe && !rs.safe)) {
      const safe = rt.safe && !rs.safe ? ` (safe integers: none past Number.MAX_SAFE_INTEGER)` : ''
      return `${P.show(from)}${suffix} holds ${showRange(rs)}, ${P.show(to)}${suffix} ${showRange(rt)}${safe}`
    }
  }
  if (ks.has('L') && kt.has('L')) {
    const es = Ex.elementOf(source)
    const et = Ex.elementOf(target)
    if (es !== undefined && et !== undefined) return misfitBelow(es, et, from, to, `${suffix}[…]`)
  }
  if (ks.has('M') && kt.has('M')) {
    const ps = Ex.propsOf(source)
    const pt = Ex.propsOf(target)
    if (ps !== undefined && pt !== undefined) {
      for (const k of Object.keys(pt)) {
        if (!hasOwn(ps, k)) continue
        const why = misfitBelow(ps[k] as A.Codec, pt[k] as A.Codec, from, to, `${suffix}.${k}`)
        if (why !== undefined) return why
      }
    }
  }
  return undefined
}

/**
 * The members of a union that may store a number: not those that store nothing or only other
 * types (`t.undefined`, `t.null`: a nullable bounded int holds the int's numbers).
 */
const numberMembers = (members: ReadonlyArray<A.Codec>): ReadonlyArray<A.Codec> =>
  members.filter((m) => kindsOf(m)?.has('N') ?? Shape.of(m)._tag !== 'Absent')

/**
 * The numbers a codec declares (`Shape.bounds`: `Field.int`, `Field.float`, `Field.duration`),
 * through refinements, `exact` and unions (members that store no number add none); infinite
 * ends and not integers where it declares nothing. A refinement's own predicate is not read.
 */
export const rangeOf = (codec: A.Codec | undefined, depth = 0): Range => {
  if (codec === undefined || depth > CODEC_DEPTH) return ANY
  const b = Shape.bounds(codec)
  if (b !== undefined && (b.min !== undefined || b.max !== undefined || b.integer !== undefined)) {
    return { min: typeof b.min === 'number' ? b.min : -Infinity, max: typeof b.max === 'number' ? b.max : Infinity, integer: b.integer === true, safe: b.safe === true }
  }
  const s = Shape.of(codec)
  switch (s._tag) {
    case 'Refinement':
    case 'Exact':
      return rangeOf(s.of, depth + 1)
    case 'Union': {
      let out: Range | undefined
      for (const member of numberMembers(s.members)) {
        const r = rangeOf(member, depth + 1)
        out = out === undefined ? r : { min: Math.min(out.min, r.min), max: Math.max(out.max, r.max), integer: out.integer && r.integer, safe: out.safe && r.safe }
      }
      return out ?? ANY
    }
    default:
      return ANY
  }
}

/**
 * Whether the numbers a codec declares leave a gap inside their hull (`rangeOf`): a union of
 * ranges apart (`t.union([Field.int({ min: 0, max: 5 }), Field.int({ min: 10, max: 15 })])`).
 * Its hull bounds what it may hold (a source), but a number inside the hull may fit no member
 * (a target: no one comparison keeps a computed value in it).
 */
export const hasGap = (codec: A.Codec | undefined, depth = 0): boolean => {
  if (codec === undefined || depth > CODEC_DEPTH) return false
  const b = Shape.bounds(codec)
  if (b !== undefined && (b.min !== undefined || b.max !== undefined || b.integer !== undefined)) return false
  const s = Shape.of(codec)
  if (s._tag === 'Refinement' || s._tag === 'Exact') return hasGap(s.of, depth + 1)
  if (s._tag !== 'Union') return false
  const members = numberMembers(s.members)
  if (members.some((m) => hasGap(m, depth + 1))) return true
  const ranges = members.map((m) => rangeOf(m, depth + 1)).sort((x, y) => x.min - y.min)
  let reach = -Infinity
  let integers = true
  for (const [i, r] of ranges.entries()) {
    integers = integers && r.integer
    // integers: [0, 5] and [6, 9] leave none
    if (i > 0 && r.min > (integers && Number.isInteger(reach) ? reach + 1 : reach)) return true
    reach = Math.max(reach, r.max)
  }
  return false
}

/**
 * The values a codec names (`Shape.literals`: a `t.literal`, a `t.keyof`), through
 * refinements, `exact` and unions whose other members store nothing or NULL (an optional or
 * nullable `t.keyof` names the keyof's values: the only ones it stores as a string or number),
 * or `undefined` where it names none.
 */
const namedOf = (codec: A.Codec, depth = 0): ReadonlyArray<string | number> | undefined => {
  if (depth > CODEC_DEPTH) return undefined
  const direct = Shape.literals(codec)
  if (direct !== undefined) return direct
  const s = Shape.of(codec)
  if (s._tag === 'Refinement' || s._tag === 'Exact') return namedOf(s.of, depth + 1)
  if (s._tag !== 'Union') return undefined
  const out: Array<string | number> = []
  let naming = false
  for (const member of s.members) {
    const ks = kindsOf(member)
    if (ks !== undefined && [...ks].every((k) => k === 'NULL')) continue
    const vs = namedOf(member, depth + 1)
    if (vs === undefined) return undefined
    out.push(...vs)
    naming = true
  }
  return naming ? out : undefined
}

/**
 * The strings a codec declares (`Shape.bounds` of `Field.string`): the limits of their length,
 * the patterns one of which each matches (`undefined`: any), and the formats one of which
 * each is (`undefined`: any): a format is a codec of strings that checks more than it
 * declares (`Field.email`, `Field.dateTime`, `Field.uuid`, a `t.brand`), so that only the same
 * format is known to hold what it takes. A refinement (a brand) is known by its name, as its
 * TypeScript type is; a scalar format by its codec. A `Field.make` stores no type of its own:
 * it is opaque, and trusted.
 */
interface Strings {
  readonly minLength: number
  readonly maxLength: number
  readonly patterns: ReadonlySet<string> | undefined
  readonly formats: ReadonlySet<string | A.Codec> | undefined
}

const ANY_STRING: Strings = { minLength: 0, maxLength: Infinity, patterns: undefined, formats: undefined }

/**
 * The strings a codec declares through `Shape.bounds` (`Field.string`, with or without
 * options): its whole declaration, its own check being no more than it; else `undefined`.
 */
const declaredStrings = (codec: A.Codec): Strings | undefined => {
  const b = Shape.bounds(codec)
  if (b === undefined) return undefined
  const patterns = b.regex instanceof RegExp ? new Set([String(b.regex)]) : undefined
  return { minLength: b.minLength ?? 0, maxLength: b.maxLength ?? Infinity, patterns, formats: undefined }
}

/**
 * The strings of a format (`Strings`): a refinement (its predicate is not read: known by its
 * name), or a scalar with a check of its own or a decoding that is not the value as it is;
 * `undefined` for `t.string` (a scalar taken as it is, without a check). A codec that declares
 * its bounds (`Field.string`) is read before.
 */
const formatOf = (codec: A.Codec, s: Shape.Shape): Strings | undefined => {
  if (s._tag === 'Refinement') return { ...ANY_STRING, formats: new Set([codec.name]) }
  const checks = s._tag === 'Scalar' && s.stored === 'S' && (!s.asIs || s.why !== undefined)
  return checks ? { ...ANY_STRING, formats: new Set([codec]) } : undefined
}

/** The strings a codec declares (what it may hold as a source), through refinements, `exact` and unions (the union of their members' bounds; members that store no string add none). */
const stringsOf = (codec: A.Codec, depth = 0): Strings => {
  if (depth > CODEC_DEPTH) return ANY_STRING
  const declared = declaredStrings(codec)
  if (declared !== undefined) return declared
  const s = Shape.of(codec)
  const format = formatOf(codec, s)
  if (format !== undefined) return format
  if (s._tag === 'Exact') return stringsOf(s.of, depth + 1)
  if (s._tag !== 'Union') return ANY_STRING
  let out: Strings | undefined
  for (const member of s.members) {
    if (!(kindsOf(member)?.has('S') ?? true)) continue
    const r = stringsOf(member, depth + 1)
    out = out === undefined ? r : {
      minLength: Math.min(out.minLength, r.minLength),
      maxLength: Math.max(out.maxLength, r.maxLength),
      patterns: out.patterns === undefined || r.patterns === undefined ? undefined : new Set([...out.patterns, ...r.patterns]),
      formats: out.formats === undefined || r.formats === undefined ? undefined : new Set([...out.formats, ...r.formats]),
    }
  }
  return out ?? ANY_STRING
}

/**
 * The strings a codec takes, one `Strings` a member of a union (through refinements and
 * `exact`; members that store no string add none): a string of the union of their bounds
 * (`stringsOf`, what a source holds) may fit no member, so a target takes what one holds.
 */
const stringChoices = (codec: A.Codec, depth = 0): ReadonlyArray<Strings> => {
  if (depth > CODEC_DEPTH) return [ANY_STRING]
  const declared = declaredStrings(codec)
  if (declared !== undefined) return [declared]
  const s = Shape.of(codec)
  const format = formatOf(codec, s)
  if (format !== undefined) return [format]
  if (s._tag === 'Exact') return stringChoices(s.of, depth + 1)
  if (s._tag !== 'Union') return [ANY_STRING]
  const out = s.members.filter((m) => kindsOf(m)?.has('S') ?? true).flatMap((m) => stringChoices(m, depth + 1))
  return out.length === 0 ? [ANY_STRING] : out
}

/** Every string `s` declares is one `t` declares, as far as they tell (the same pattern and format; the lengths within). */
const stringsWithin = (s: Strings, t: Strings): boolean =>
  s.minLength >= t.minLength && s.maxLength <= t.maxLength && (t.patterns === undefined || (s.patterns !== undefined && [...s.patterns].every((p) => t.patterns?.has(p)))) &&
  (t.formats === undefined || (s.formats !== undefined && [...s.formats].every((f) => t.formats?.has(f))))

/** A format's name: a brand's, or its codec's. */
const formatName = (f: string | A.Codec): string => (typeof f === 'string' ? f : f.name)

/** `s` said for people: `strings of at most 3 characters matching /^[a-z]+$/`. */
const showStrings = (s: Strings): string => {
  const parts = [
    s.minLength > 0 ? `at least ${s.minLength} characters` : '',
    s.maxLength < Infinity ? `at most ${s.maxLength} characters` : '',
    s.patterns === undefined ? '' : `matching ${[...s.patterns].join(' or ')}`,
    s.formats === undefined ? '' : `the format ${[...s.formats].map(formatName).join(' or ')}`,
  ].filter((x) => x !== '')
  return parts.length === 0 ? 'any strings' : `strings of ${parts.join(', ')}`.replace('of matching', 'matching')
}

/** `r` said for people: `integers at least 0 and at most 10`. */
export const showRange = (r: Range): string => {
  const parts = [r.min > -Infinity ? `at least ${r.min}` : '', r.max < Infinity ? `at most ${r.max}` : ''].filter((s) => s !== '')
  return `${r.integer ? 'integers' : 'numbers'}${parts.length === 0 ? '' : ` ${parts.join(' and ')}`}`
}
