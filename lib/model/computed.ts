/**
 * The attributes dynamongo computes on the writes of a model with an `entity` (DESIGN §5.4),
 * inside the library: its composed keys (from their templates and the item's stored fields)
 * and its entity attribute; the fields a key is given by; and the key fields read back from a
 * stored composed key.
 *
 * @since 0.3.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { string as ioString } from 'io-ts'
import type * as A from '../ast/Attr.js'
import * as DE from '../DynamoError.js'
import * as Item from '../codec/Item.js'
import * as Dec from '../codec/decimal.js'
import { toAttributeValue } from '../codec/value.js'
import * as Key from './Key.js'
import * as P from '../ast/Path.js'
import { perObject } from '../internal/memo.js'
import { storedTypeOf, templateTypeOf } from './fields.js'
import { keyNames } from './storedKey.js'
import { indexKeys, keyAttributes } from './indexKeys.js'
import { hasOwn } from '../internal/own.js'
import { ITEM_BYTES } from '../rules/limits.js'
import type { AttributeMap, Model } from './Model.js'

/**
 * The fields a key is given by: the key attributes of a plain model, the fields of the key
 * templates of a model with composed keys (each once: a field of both templates is one value).
 */
export const keyFieldNames = perObject((m: Model<any, any, any, any>): ReadonlyArray<string> =>
  m.keyFields === undefined ? keyNames(m) : m.keyFields.range === undefined ? m.keyFields.hash : [...new Set([...m.keyFields.hash, ...m.keyFields.range])],
)


/** An attribute dynamongo writes: a composed key (from its template) or the entity attribute. */
export interface Computed {
  readonly attribute: string
  /** Absent for the entity attribute. */
  readonly template?: Key.Template
  /** A range key somewhere (its fields may not hold code points at or below their separators). */
  readonly ordered: boolean
  /** A key of the table (every field required), not of an index (absent when a field is: sparse). */
  readonly table: boolean
}

/** The attributes a model computes on every write, the table's keys first (once per model). */
export const computed = perObject((m: Model<any, any, any, any>): ReadonlyArray<Computed> => {
  const out: Computed[] = []
  const ranges = new Set<string>()
  if (m.rangeKey !== undefined) ranges.add(m.rangeKey)
  // (a multi-attribute key's fields are stored as they are: no template orders them)
  for (const ix of Object.values(m.indexes)) if (typeof ix.rangeKey === 'string') ranges.add(ix.rangeKey)
  const tableKeys = keyNames(m)
  for (const name of [...tableKeys, ...Object.keys(m.templates).filter((a) => !tableKeys.includes(a))]) {
    const template = m.templates[name]
    if (template !== undefined) out.push({ attribute: name, template, ordered: ranges.has(name), table: tableKeys.includes(name) })
  }
  if (m.entityAttribute !== undefined) out.push({ attribute: m.entityAttribute, ordered: false, table: false })
  return out
})

/** The names of the attributes a model computes (none for a plain model: only a model with an entity computes any). */
export const computedNames = perObject((m: Model<any, any, any, any>): ReadonlySet<string> => new Set(computed(m).map((c) => c.attribute)))

/**
 * A composed key attribute's value from the stored fields of an item: `undefined` when a
 * field of an index key's template is absent or `NULL` (the item stays out of that sparse
 * index); a `ValidationError` naming the field when a value cannot stand in the key
 * (Key.compose).
 */
export const composeKey = (c: Pick<Computed, 'template' | 'ordered' | 'table'> & { readonly template: Key.Template }, fields: AttributeMap): E.Either<DE.DynamoError, AttributeValue | undefined> => {
  if (!c.table) for (const p of c.template.parts) if (p._tag === 'Field' && isNone(fields[p.name])) return E.right(undefined)
  const r = Key.compose(c.template, (n) => fields[n], c.ordered)
  return E.isLeft(r) ? E.left(DE.validationError([{ path: P.show(P.of(r.left.field)), message: r.left.message }])) : E.right({ S: r.right })
}

/** Whether a stored field holds no value an index key is composed from: absent, or `NULL`. */
export const isNone = (av: AttributeValue | undefined): boolean => av === undefined || av.NULL === true

/**
 * The stored item with the attributes the model computes set: each composed key from the
 * stored fields `fields` (the item's own, unless given: `load` gives them as a save stores
 * them, `savedFields`), the entity attribute to the entity (whatever the item held there).
 */
export const withKeys = (m: Model<any, any, any, any>, stored: AttributeMap, fields: AttributeMap = stored): E.Either<DE.DynamoError, AttributeMap> => {
  const out: AttributeMap = { ...stored }
  for (const c of computed(m)) {
    if (c.template === undefined) {
      out[c.attribute] = { S: m.entity as string }
      continue
    }
    const v = composeKey(c as Computed & { readonly template: Key.Template }, fields)
    if (E.isLeft(v)) return v
    if (v.right === undefined) delete out[c.attribute]
    else out[c.attribute] = v.right
  }
  const n = Item.size(out)
  return n > ITEM_BYTES ? E.left(DE.itemTooLarge(n)) : E.right(out)
}

/**
 * The stored item `av` (one that decodes through the model) with each string field of a
 * composed key's template as a save of its decoded value stores it (`savedText`: a
 * date-time's `…T02:00:00+02:00` as `…T00:00:00.000Z`): the fields `load` composes a line's
 * keys from, so that they are the keys a save of that item writes, which the reads compose.
 * `av` itself where each already is.
 */
export const savedFields = (m: Model<any, any, any, any>, av: AttributeMap): AttributeMap => {
  let out: AttributeMap | undefined
  for (const [name, codec] of stringFieldsOf(m)) {
    const s = av[name]?.S
    if (typeof s !== 'string') continue
    const saved = savedText(codec, s)
    if (saved === undefined || saved === s) continue
    out ??= { ...av }
    out[name] = { S: saved }
  }
  return out ?? av
}

/**
 * The first attribute a model with an entity computes (a composed key of the table or of an
 * index, the entity attribute) that `given` (the stored form of what the caller gave: an
 * item, a line of `load`, named by `what`) holds with another value than its fields give
 * (`made`: what `withKeys` made of it), as a `ValidationError`; `undefined` when each is
 * absent from `given` (computed, as on every write) or the value computed. Such an input is
 * refused rather than rewritten: the caller's value would be replaced silently (written, it
 * is another item than the one given: another key, another index's key, another entity).
 */
export const disagreeing = (m: Model<any, any, any, any>, given: AttributeMap, made: AttributeMap, what: string): DE.DynamoError | undefined => {
  for (const c of computed(m)) {
    const held = given[c.attribute]
    if (held === undefined) continue
    const want = made[c.attribute]
    // a computed attribute is a string
    if (want?.S !== undefined && held.S === want.S) continue
    return heldError(c.attribute, what, held, want === undefined ? undefined : E.right(want), 'leave it out to have it computed')
  }
  return undefined
}

/**
 * The `ValidationError` at `attribute`, a computed one, that `what` holds as `held` where its
 * fields give `want` (`undefined`: none, a field of its template being absent or null; a
 * `Left`: why they give none it can hold): the one message of a save's, a load's and a read's
 * disagreement, with what to do (`advice`).
 */
const heldError = (attribute: string, what: string, held: AttributeValue, want: E.Either<string, AttributeValue> | undefined, advice: string): DE.DynamoError => {
  const gives = want === undefined ? 'none (a field of its template is absent or null)' : E.isLeft(want) ? `none it can hold (${want.left})` : JSON.stringify(want.right)
  return DE.validationError([
    { path: attribute, message: `${what} holds ${JSON.stringify(held)}, its fields give ${gives}: an attribute computed by dynamongo on every write must be what the fields give (${advice})` },
  ])
}

/**
 * The fields of the model's key templates whose values are stored as strings (a nullable
 * field's too: `templateTypeOf`), with their codecs: read from the model once (a read of many
 * items reads it no more).
 */
const stringFieldsOf = perObject((m: Model<any, any, any, any>): ReadonlyMap<string, A.Codec> => {
  const fields = m.fields as Readonly<Record<string, A.Codec>>
  const out = new Map<string, A.Codec>()
  for (const template of Object.values(m.templates as Readonly<Record<string, Key.Template>>)) {
    for (const p of template.parts) {
      if (p._tag !== 'Field' || !hasOwn(fields, p.name)) continue
      const codec = fields[p.name]
      if (codec !== undefined && templateTypeOf(codec) === 'S') out.set(p.name, codec)
    }
  }
  return out
})

/**
 * The text a save through the model composes for a string field of codec `codec` stored as
 * `s`: the stored text of the value its codec decodes `s` to (a date-time's
 * `…T14:00:00+02:00` is `…T12:00:00.000Z`); `undefined` when it decodes to none or encodes
 * to no string. An io-ts string is its own text. A codec that throws is the application's
 * code throwing (`Model.decode` and `load` run this inside `withModel`, which reports it).
 */
const savedText = (codec: A.Codec, s: string): string | undefined => {
  if (codec === ioString) return s
  const x = codec.decode(s)
  if (E.isLeft(x)) return undefined
  const sx = toAttributeValue({ _tag: 'Value', value: x.right, codec }, false)
  return E.isRight(sx) && typeof sx.right.S === 'string' ? sx.right.S : undefined
}

/**
 * Whether the text `held[at, end)` is one the model composes at the field part `step` for the
 * stored value `v`, so that it sorts and compares as that value. Of a string field: the text
 * a save of its decoded value writes (`savedText`), and in a key no range condition reads
 * (`ordered` false) its stored text too (what composing from the stored item gives: a read by
 * the key composes the saved text, so it misses such a key, never matches it wrongly). Of a
 * number: `Key.text` of `v`, or another text of one value (`12.50`, `1.25e1`, `0012` for 12)
 * only at a part without `pad` of a key no range condition reads, for the same reason; a
 * range or a prefix over either would compare texts that do not sort as their values.
 */
const agrees = (codecs: ReadonlyMap<string, A.Codec>, step: Step, ordered: boolean, held: string, at: number, end: number, v: AttributeValue): boolean => {
  if (typeof v.S === 'string') {
    const same = end - at === v.S.length && held.startsWith(v.S, at)
    if (same && !ordered) return true
    const codec = codecs.get(step.field as string)
    const saved = codec === undefined ? undefined : savedText(codec, v.S)
    return saved !== undefined && end - at === saved.length && held.startsWith(saved, at)
  }
  if (typeof v.N !== 'string') return false
  const want = Key.text(step.part as Key.FieldPart, v)
  if (E.isRight(want) && end - at === want.right.length && held.startsWith(want.right, at)) return true
  return step.part?.pad === undefined && !ordered && Dec.sameValue(held.slice(at, end), v.N)
}

/**
 * Whether the composed text `held` reads back (`Key.decompose`) as the fields of the stored
 * item `av`, each field's text one the model composes for its value (`agrees`). A field the
 * item lacks, or holds as `NULL`, reads as none: the key is not its.
 */
const readsAs = (codecs: ReadonlyMap<string, A.Codec>, t: Key.Template, ordered: boolean, held: string, av: AttributeMap): boolean => {
  // Key.decompose's reading, field by field against the item, without building its record
  let at = 0
  const steps = stepsOf(t)
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step
    if (step.field === undefined) {
      if (!held.startsWith(step.text, at)) return false
      at += step.text.length
      continue
    }
    const end = step.text === '' ? held.length : held.indexOf(step.text, at)
    if (end < 0) return false
    const v = av[step.field]
    if (v === undefined || v === null || !agrees(codecs, step, ordered, held, at, end, v)) return false
    at = end
  }
  return at === held.length
}

/** One part of a template as `readsAs` walks it: a literal's text, or a field (its part) and the literal after it (`''`: none). */
interface Step {
  readonly field: string | undefined
  readonly part: Key.FieldPart | undefined
  readonly text: string
}

const stepsOf = perObject((t: Key.Template): ReadonlyArray<Step> =>
  t.parts.map((p, i): Step => (p._tag === 'Literal' ? { field: undefined, part: undefined, text: p.text } : { field: p.name, part: p, text: Key.literalAfter(t, i) })),
)

/**
 * The composed keys a read of `m` through `index` (`undefined`: the table) checks
 * (`storedKeyWhy`): the table's, and the keys of that index (once per model and index).
 */
const checkedKeys = perObject((_: Model<any, any, any, any>) => new Map<string | undefined, ReadonlyArray<Computed>>())

const checkedOf = (m: Model<any, any, any, any>, index: string | undefined): ReadonlyArray<Computed> => {
  const kept = checkedKeys(m)
  let list = kept.get(index)
  if (list === undefined) {
    const ix = index !== undefined && hasOwn(m.indexes, index) ? m.indexes[index] : undefined
    const names: ReadonlySet<string> = new Set(ix === undefined ? [] : keyAttributes(indexKeys(m, ix)))
    list = computed(m).filter((c) => c.template !== undefined && (c.table || names.has(c.attribute)))
    kept.set(index, list)
  }
  return list
}

/**
 * The first composed key that a stored item `av` holds with another value than its fields
 * give, as a `ValidationError` at that attribute, among the keys a read through `index`
 * answers by (`undefined`: a read of the table, by its key, a Query of a partition or a Scan):
 * the table's keys always, and that index's keys. `undefined` when each it holds reads back
 * as its fields (`readsAs`) and where it holds none (an index added after the item was
 * written, a sparse index it is out of). dynamongo computes these on every write, and the
 * planner reads by them: an item whose table key disagrees is not where its fields say (a
 * read by its key, an update or a delete by its fields reaches another item), one whose index
 * key disagrees would come back from a read through that index whose condition its fields
 * fail. Another index's key gives no wrong answer to this read: it is not checked here, so an
 * item whose index key is stale (an index's template changed since it was written) reads by
 * its key, and a read through that index reports it. Reads report it rather than let the key
 * or the fields win.
 */
export const storedKeyWhy = (m: Model<any, any, any, any>, av: AttributeMap, index?: string): DE.DynamoError | undefined => {
  const list = checkedOf(m, index)
  const codecs = stringFieldsOf(m)
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as Computed & { readonly template: Key.Template }
    const held: unknown = av[c.attribute]
    if (held === undefined) continue
    // (a raw item may hold anything at a key: what is no string attribute disagrees)
    const text = typeof held === 'object' && held !== null ? (held as AttributeValue).S : undefined
    if (typeof text === 'string' && readsAs(codecs, c.template, c.ordered, text, av)) continue
    const made = composeKey(c, av)
    const want = E.isLeft(made) ? E.left(DE.show(made.left)) : made.right === undefined ? undefined : E.right(made.right)
    return heldError(c.attribute, 'the item', held as AttributeValue, want, 'it was written otherwise, and a read by this key would give it for fields it does not hold: rewrite it from the raw item, with the composed keys deleted from it, decoded by Model.decode and saved through the model; where a key of the table disagrees, the old item stays at its stored key: delete it there')
  }
  return undefined
}

/**
 * The stored values of the key fields, read from a stored key (the table key's attributes):
 * a composed key's fields read back from its text (Key.decompose; a number's padding
 * dropped), a plain key attribute as it is. `undefined` when a composed text is not the
 * model's.
 */
export const keyFieldsOf = (m: Model<any, any, any, any>, key: AttributeMap): AttributeMap | undefined => {
  const out: AttributeMap = {}
  for (const name of keyNames(m)) {
    const template = m.templates[name]
    const av = key[name]
    if (template === undefined) {
      if (av !== undefined) out[name] = av
      continue
    }
    const texts = av?.S === undefined ? undefined : Key.decompose(template, av.S)
    if (texts === undefined) return undefined
    for (const p of template.parts) {
      if (p._tag !== 'Field') continue
      const text = texts[p.name] as string
      out[p.name] = storedTypeOf(m.fields[p.name] as A.Codec) === 'N' ? { N: p.pad === undefined ? text : text.replace(/^0+(?=\d)/, '') } : { S: text }
    }
  }
  return out
}
