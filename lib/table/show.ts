/**
 * Parts of a table for people: its keys and an index's projection, as `TablePlan.show`,
 * `Table.diff`'s reasons and the command line's `describe` draw them. Not part of the root.
 *
 * @since 0.2.0
 */
import type { KeyAttribute, Projection, TableShape } from './Table.js'

const showKey = (k: KeyAttribute | undefined): string => (k === undefined ? 'none' : `${k.name} (${k.type})`)

/** A key schema for people: `email (S)`, `user_id (S), email (S)`. */
export const showKeys = (t: Pick<TableShape, 'hashKey' | 'rangeKey'>): string =>
  t.rangeKey === undefined ? showKey(t.hashKey) : `${showKey(t.hashKey)}, ${showKey(t.rangeKey)}`

/** A projection for people: `all`, `keys`, `keys + a, b`. */
export const showProjection = (p: Projection): string =>
  p._tag === 'All' ? 'all' : p._tag === 'KeysOnly' ? 'keys' : `keys + ${p.attributes.join(', ')}`
