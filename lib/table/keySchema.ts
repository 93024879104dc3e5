/**
 * One key schema per table, inside the library: the models of one table must key it alike,
 * the same hash and range key attributes with the same stored types. `createTable`,
 * `planTable` and `syncTable` (`Table.merge`), `collection` and a transaction of the models it
 * meets each refuse two models that do not, by this one rule: DynamoDB refuses the writes of
 * one of them (a key it does not give, or gives in another type), and one item cannot be told
 * between keys of two schemas.
 *
 * @since 0.3.0
 */
import type * as M from '../model/Model.js'
import type { KeyAttribute } from './Table.js'
import { showKeys } from './show.js'

/** The same attribute of the same type, or both none. */
export const sameKey = (a: KeyAttribute | undefined, b: KeyAttribute | undefined): boolean =>
  a === undefined ? b === undefined : b !== undefined && a.name === b.name && a.type === b.type

/** A key attribute of a model (of its table or of an index) with its stored type. */
export const keyAttributeOf = (m: Pick<M.Model<any, any, any, any>, 'keyTypes'>, name: string): KeyAttribute => ({ name, type: m.keyTypes[name] as M.StoredKeyType })

/** A model's table key: its hash and range key attributes with their stored types (`shapeOf`'s, and what `keySchemaWhy` compares). */
export const keySchemaOf = (m: Pick<M.Model<any, any, any, any>, 'keyTypes' | 'hashKey' | 'rangeKey'>): { readonly hashKey: KeyAttribute; readonly rangeKey?: KeyAttribute } =>
  m.rangeKey === undefined ? { hashKey: keyAttributeOf(m, m.hashKey) } : { hashKey: keyAttributeOf(m, m.hashKey), rangeKey: keyAttributeOf(m, m.rangeKey as string) }

/** `undefined` where `a` and `b` key their table alike, else both key schemas for people (`pk (S), sk (N) and pk (S), sk (S)`). */
export const keySchemaWhy = (a: M.Model<any, any, any, any>, b: M.Model<any, any, any, any>): string | undefined => {
  const x = keySchemaOf(a)
  const y = keySchemaOf(b)
  return sameKey(x.hashKey, y.hashKey) && sameKey(x.rangeKey, y.rangeKey) ? undefined : `${showKeys(x)} and ${showKeys(y)}`
}
