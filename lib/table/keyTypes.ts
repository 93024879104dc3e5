/**
 * One type per key attribute, inside the library: DynamoDB defines each key attribute of a
 * table once (its `AttributeDefinitions`), with one type, and refuses every write that gives it
 * another ('Type mismatch for Index Key'). `Table.diff` plans what this rule finds as
 * `Unfixable` steps, so `createTable` and `syncTable` refuse it before any request.
 *
 * @since 0.3.0
 */
import * as Shape from '../codec/Shape.js'
import type { IndexShape, KeyAttribute, TableModel } from './Table.js'
import { attributesOf } from './indexKey.js'

/** A type an attribute is given, and where. */
interface Typed {
  readonly name: string
  readonly type: Shape.Stored
  readonly where: string
}

/** The key attributes of a table as the models want it, or of the indexes it keeps. */
interface Keyed {
  readonly hashKey?: KeyAttribute | undefined
  readonly rangeKey?: KeyAttribute | undefined
  readonly indexes: Readonly<Record<string, Pick<IndexShape, 'hashKey' | 'rangeKey'>>>
}

const counted = ['no', 'one', 'two', 'three', 'four', 'five']

const keysOf = (k: Keyed, table: string, index: (name: string) => string): ReadonlyArray<Typed> => [
  ...[k.hashKey, k.rangeKey].flatMap((a) => (a === undefined ? [] : [{ ...a, where: table }])),
  ...Object.entries(k.indexes).flatMap(([name, ix]) => [...attributesOf(ix.hashKey), ...attributesOf(ix.rangeKey)].map((a) => ({ ...a, where: index(name) }))),
]

/**
 * Why the key attributes would have more than one type, one reason per attribute (each type
 * named with the first place that gives it): the keys of the indexes the table keeps as they
 * are (`kept`, none for a new table), the keys the models want (`wanted`: the table's and every
 * index's), and the fields the models store under a key attribute's name. A field counts only
 * where its codec fixes its stored type (`Shape.stored`): one whose values may be stored as
 * several types (a union of a string and a number, an unknown) is not decided here. The model
 * whose index is keyed by a field gives that key the field's own type.
 */
export const keyTypeConflicts = (kept: Keyed, wanted: Keyed, models: ReadonlyArray<TableModel>): ReadonlyArray<string> => {
  const keys = [...keysOf(kept, 'the table', (n) => `the table's index ${n}`), ...keysOf(wanted, 'the table', (n) => `index ${n}`)]
  const names = new Set(keys.map((k) => k.name))
  const fields = models.flatMap((m) =>
    Object.entries(m.fields).flatMap(([name, codec]): ReadonlyArray<Typed> => {
      const type = names.has(name) ? Shape.stored(codec) : undefined
      return type === undefined ? [] : [{ name, type, where: `field ${name} of ${m.entity === undefined ? 'a model' : `entity ${m.entity}`}` }]
    }),
  )
  // by attribute, in order of first appearance: each type with the first place giving it
  const byName = new Map<string, Map<Shape.Stored, string>>()
  for (const k of [...keys, ...fields]) {
    const types = byName.get(k.name) ?? new Map<Shape.Stored, string>()
    if (!types.has(k.type)) types.set(k.type, k.where)
    byName.set(k.name, types)
  }
  const out: string[] = []
  for (const [name, types] of byName) {
    if (types.size < 2) continue
    const shown = Array.from(types, ([type, where]) => `${type} (${where})`)
    out.push(
      `the key attribute ${name} is given ${counted[types.size] ?? types.size} types: ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] as string}; DynamoDB defines a key attribute with one type and refuses every write of another`,
    )
  }
  return out
}
