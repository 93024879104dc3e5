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
import type * as A from '../ast/Attr.js'
import * as DE from '../DynamoError.js'
import * as Item from '../codec/Item.js'
import * as Key from './Key.js'
import * as P from '../ast/Path.js'
import { perObject } from '../internal/memo.js'
import { storedTypeOf } from './fields.js'
import { keyNames } from './storedKey.js'
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
 * field of an index key's template is absent (the item stays out of that sparse index); a
 * `ValidationError` naming the field when a value cannot stand in the key (Key.compose).
 */
export const composeKey = (c: Pick<Computed, 'template' | 'ordered' | 'table'> & { readonly template: Key.Template }, fields: AttributeMap): E.Either<DE.DynamoError, AttributeValue | undefined> => {
  if (!c.table) for (const p of c.template.parts) if (p._tag === 'Field' && fields[p.name] === undefined) return E.right(undefined)
  const r = Key.compose(c.template, (n) => fields[n], c.ordered)
  return E.isLeft(r) ? E.left(DE.validationError([{ path: P.show(P.of(r.left.field)), message: r.left.message }])) : E.right({ S: r.right })
}

/**
 * The first attribute the model computes that an item's own stored fields already hold (an
 * extra key of the item given to a save: `pk`, `gsi1pk`, `_et`), as a `ValidationError` naming
 * it; `undefined` when they hold none. Such an attribute is no field (`Model.TypeOf` has none,
 * and reads leave it out): written, the computed value would take its place while the save
 * returned the item as given, so the item is refused rather than its value dropped.
 */
export const givenComputed = (m: Model<any, any, any, any>, fields: AttributeMap): DE.DynamoError | undefined => {
  for (const c of computed(m)) {
    if (fields[c.attribute] === undefined) continue
    const what = c.template === undefined ? `the entity attribute (${m.entity as string})` : `a key composed as ${Key.show(c.template)}`
    return DE.validationError([{ path: P.show(P.of(c.attribute)), message: `is ${what}, which dynamongo writes from the item's fields: it is no field of the model (leave it out)` }])
  }
  return undefined
}

/**
 * The stored item with the attributes the model computes set: each composed key from the
 * item's stored fields, the entity attribute to the entity (whatever the item held there).
 */
export const withKeys = (m: Model<any, any, any, any>, stored: AttributeMap): E.Either<DE.DynamoError, AttributeMap> => {
  const out: AttributeMap = { ...stored }
  for (const c of computed(m)) {
    if (c.template === undefined) {
      out[c.attribute] = { S: m.entity as string }
      continue
    }
    const v = composeKey(c as Computed & { readonly template: Key.Template }, stored)
    if (E.isLeft(v)) return v
    if (v.right === undefined) delete out[c.attribute]
    else out[c.attribute] = v.right
  }
  const n = Item.size(out)
  return n > ITEM_BYTES ? E.left(DE.itemTooLarge(n)) : E.right(out)
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
