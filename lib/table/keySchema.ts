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

/** A model's table key: its hash and range key attributes with their stored types. */
const keySchemaOf = (m: M.Model<any, any, any, any>): { readonly hashKey: KeyAttribute; readonly rangeKey?: KeyAttribute } => {
  const of = (name: string): KeyAttribute => ({ name, type: m.keyTypes[name] as M.StoredKeyType })
  return m.rangeKey === undefined ? { hashKey: of(m.hashKey) } : { hashKey: of(m.hashKey), rangeKey: of(m.rangeKey) }
}

/** `undefined` where `a` and `b` key their table alike, else both key schemas for people (`pk (S), sk (N) and pk (S), sk (S)`). */
export const keySchemaWhy = (a: M.Model<any, any, any, any>, b: M.Model<any, any, any, any>): string | undefined => {
  const x = keySchemaOf(a)
  const y = keySchemaOf(b)
  return sameKey(x.hashKey, y.hashKey) && sameKey(x.rangeKey, y.rangeKey) ? undefined : `${showKeys(x)} and ${showKeys(y)}`
}
