/**
 * What a global or local index holds of a model's items (DESIGN §5.1): the table's key, its
 * own key, and what it projects (a model with an entity projects its entity attribute and,
 * for `'keys'`, its key templates' fields too). The planner reads an index only for what it
 * holds; a read through an index that selects nothing gets what it gives.
 */
import type * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import { indexKeys, keyAttributes } from '../model/indexKeys.js'
import { entityProjection } from '../model/projected.js'
import { hasOwn } from '../internal/own.js'

type AnyModel = M.Any

/** The attributes an index that does not project all holds: the table key, its own key, and what it projects. */
export const heldBy = (m: AnyModel, ix: M.Index<unknown>): Set<string> => {
  const held = new Set<string>(SK.keyNames(m))
  for (const a of keyAttributes(indexKeys(m, ix))) held.add(a)
  // (a model with an entity projects its entity attribute and, for 'keys', its key fields too: entityProjection)
  const projection = entityProjection(m, [...held], ix.projection)
  if (projection !== 'keys') for (const a of projection as ReadonlyArray<string>) held.add(a)
  return held
}

/**
 * Whether a read through the index gives every field it asks for: one that projects all, or a
 * local index (DynamoDB fetches from the table what it does not project); a global index gives
 * only what it holds (`heldBy`).
 */
export const givesEverything = (ix: M.Index<unknown>): boolean => ix._tag !== 'GlobalIndex' || ix.projection === 'all'

/**
 * The fields a read through the declared global index `name` gives when it selects none
 * (`Model.IndexGives`): the fields it holds, in the model's order; `undefined` where it gives
 * every field (it projects all, or is a local index, from which DynamoDB fetches the rest),
 * or is no declared index (the planner says so).
 */
export const givenThrough = (m: AnyModel, name: string): ReadonlyArray<string> | undefined => {
  const ix = hasOwn(m.indexes, name) ? (m.indexes[name] as M.Index<unknown>) : undefined
  if (ix === undefined || givesEverything(ix)) return undefined
  const held = heldBy(m, ix)
  return Object.keys(m.fields).filter((f) => held.has(f))
}
