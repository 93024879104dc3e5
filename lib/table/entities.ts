/**
 * Tables of models with entities (DESIGN §5.4), inside the library: where the entities
 * sharing a table could not be told apart.
 *
 * @since 0.3.0
 */
import * as Key from '../model/Key.js'
import type * as M from '../model/Model.js'
import type { TableModel } from './Table.js'

/** A key attribute's template, or (a plain key field) a template that can give any text. */
const templateOf = (m: TableModel, name: string | undefined): Key.Template | undefined =>
  name === undefined ? undefined : (m.templates?.[name] ?? { attribute: name, parts: [{ _tag: 'Field', name }] })

/** The attributes that key a model's table or one of its indexes (each attribute of a multi-attribute key). */
const keyAttributes = (m: TableModel): ReadonlyArray<string> => {
  const out: string[] = [m.hashKey, ...(m.rangeKey === undefined ? [] : [m.rangeKey as string])]
  for (const ix of Object.values(m.indexes)) {
    for (const k of [ix._tag === 'GlobalIndex' ? ix.hashKey : undefined, ix.rangeKey]) if (k !== undefined) out.push(...(typeof k === 'string' ? [k] : k))
  }
  return [...new Set(out)]
}

/** A key attribute of `m` in messages: its template as written, or that it is a plain field. */
const keyNamed = (m: TableModel, t: Key.Template): string => (Object.hasOwn(m.templates, t.attribute) ? Key.named(t) : `${t.attribute} as a field`)

/** An index's kind and key attributes in messages (`global on spk / ssk`). */
const showIndex = (ix: M.GlobalIndex | M.LocalIndex): string => {
  const keys = [ix._tag === 'GlobalIndex' ? ix.hashKey : undefined, ix.rangeKey].filter((k) => k !== undefined)
  return `${ix._tag === 'GlobalIndex' ? 'global' : 'local'} on ${keys.map((k) => (typeof k === 'string' ? k : `[${k.join(', ')}]`)).join(' / ')}`
}

/**
 * Where two declarations of one entity differ, or `undefined`. They must declare the same
 * indexes, each of one kind on the same key attributes: a put through a declaration without
 * an index writes no key of it, and the item leaves the index. And they must key alike the
 * table and every attribute they key (the table or an index), each composed or a plain field
 * in both, with the same parts (a pad counts: `N#{n}` padded to 4 writes `N#0005` where
 * unpadded it writes `N#5`; `S#{s}` writes `S#x` where a plain field `spk` holds any text).
 */
const twiceWhy = (a: TableModel, b: TableModel): string | undefined => {
  const pairs: Array<readonly [Key.Template | undefined, Key.Template | undefined]> = [
    [templateOf(a, a.hashKey), templateOf(b, b.hashKey)],
    [templateOf(a, a.rangeKey), templateOf(b, b.rangeKey)],
  ]
  const bKeys = new Set(keyAttributes(b))
  for (const name of keyAttributes(a)) if (bKeys.has(name)) pairs.push([templateOf(a, name), templateOf(b, name)])
  for (const [x, y] of pairs) {
    if (x === undefined || y === undefined) {
      if (x !== y) return `with different keys (${x === undefined ? keyNamed(b, y as Key.Template) : keyNamed(a, x)} and no range key)`
      continue
    }
    const composed = Object.hasOwn(a.templates, x.attribute) === Object.hasOwn(b.templates, y.attribute)
    if (!composed || !Key.sameParts(x.parts, y.parts)) {
      return `with different keys (${composed && Key.show(x) === Key.show(y) ? `${Key.named(x)}, padded differently` : `${keyNamed(a, x)} and ${keyNamed(b, y)}`})`
    }
  }
  for (const name of [...new Set([...Object.keys(a.indexes), ...Object.keys(b.indexes)])].sort()) {
    const x = Object.hasOwn(a.indexes, name) ? a.indexes[name] : undefined
    const y = Object.hasOwn(b.indexes, name) ? b.indexes[name] : undefined
    if (x === undefined || y === undefined) return `with different indexes (${name} is declared in one of them only)`
    if (showIndex(x) !== showIndex(y)) return `with different indexes (${name}: ${showIndex(x)} and ${showIndex(y)})`
  }
  return undefined
}

/**
 * Where the entities of one table could not be told apart (DESIGN §5.4): two entities must
 * not be able to produce the same key (their hash or their range templates differ in a
 * literal prefix; a plain key field can give any text), one entity is declared with one
 * key and the same indexes (`twiceWhy`), and the entity attribute is one. Checked
 * where the models meet: `createTable`, `planTable` and `syncTable` of the list of models
 * sharing the table, and a `collection` of entities declared apart.
 */
export const entityConflicts = (models: ReadonlyArray<TableModel>): ReadonlyArray<string> => {
  const out: string[] = []
  if (models.length < 2) return out
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const a = models[i] as TableModel
      const b = models[j] as TableModel
      // models without an entity sharing a table are views of the same items (no entity tells them apart)
      if (a.entity === undefined || b.entity === undefined) continue
      const name = (m: TableModel) => `the entity ${m.entity as string}`
      if (a.entityAttribute !== b.entityAttribute) {
        out.push(`${name(a)} and ${name(b)} disagree on the entity attribute: ${a.entityAttribute as string} and ${b.entityAttribute as string}`)
        continue
      }
      const ha = templateOf(a, a.hashKey) as Key.Template
      const hb = templateOf(b, b.hashKey) as Key.Template
      const ra = templateOf(a, a.rangeKey)
      const rb = templateOf(b, b.rangeKey)
      if (a.entity !== undefined && a.entity === b.entity) {
        const why = twiceWhy(a, b)
        if (why !== undefined) out.push(`the entity ${a.entity} is declared twice, ${why}`)
        continue
      }
      const meet = Key.mayMeet(ha, hb) && (ra === undefined || rb === undefined || Key.mayMeet(ra, rb))
      if (meet) {
        const show = (h: Key.Template, r: Key.Template | undefined) => (r === undefined ? Key.show(h) : `${Key.show(h)} / ${Key.show(r)}`)
        out.push(`${name(a)} (${show(ha, ra)}) and ${name(b)} (${show(hb, rb)}) can produce the same key: their hash or range templates must differ in a literal prefix`)
      }
    }
  }
  return out
}

