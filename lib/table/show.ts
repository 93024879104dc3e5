/**
 * Parts of a table for people: its keys, an index's projection and its billing, as `TablePlan.show`,
 * `Table.diff`'s reasons and the command line's `describe` draw them. Not part of the root.
 *
 * @since 0.2.0
 */
import type { Throughput } from '../model/Model.js'
import type { IndexKey, IndexShape, KeyAttribute, Projection } from './Table.js'

const showAttribute = (k: KeyAttribute): string => `${k.name} (${k.type})`

// (a multi-attribute key: its attributes in order, joined by +)
const showKey = (k: IndexKey | undefined): string => (k === undefined ? 'none' : 'name' in k ? showAttribute(k as KeyAttribute) : (k as ReadonlyArray<KeyAttribute>).map(showAttribute).join(' + '))

/** A key schema for people: `email (S)`, `user_id (S), email (S)`, `status (S) + region (S), createdAt (S) + orderId (S)`. */
export const showKeys = (t: Pick<IndexShape, 'hashKey' | 'rangeKey'>): string =>
  t.rangeKey === undefined ? showKey(t.hashKey) : `${showKey(t.hashKey)}, ${showKey(t.rangeKey)}`

/** A projection for people: `all`, `keys`, `keys + a, b`. */
export const showProjection = (p: Projection): string =>
  p._tag === 'All' ? 'all' : p._tag === 'KeysOnly' ? 'keys' : `keys + ${p.attributes.join(', ')}`

/** Billing for people: `on-demand`, `provisioned 5/5` (read/write units). */
export const showBilling = (b: Throughput): string => (b._tag === 'OnDemand' ? 'on-demand' : `provisioned ${b.readUnits}/${b.writeUnits}`)
