/**
 * What an index of a model projects, inside the library: what `createTable` lists and a read
 * through the index gets back. `Model.make` checks these names (255 bytes), `table`'s
 * shape and `plan`'s read through an index use them.
 *
 * @since 0.3.0
 */
import * as Key from './Key.js'
import type * as M from './Model.js'

/**
 * What a model with an entity projects into an index besides what it declares: its entity
 * attribute (a read through the index keeps only the entity's items, Entity.ts) and, for
 * `'keys'`, the fields its composed keys are made of (the table's and the index's: the keys
 * as fields, as a plain model's keys-only index gives them).
 */
export const entityProjection = (m: Pick<M.Model<any, any, any, any>, 'entityAttribute' | 'templates'>, keys: ReadonlyArray<string | undefined>, p: M.Projection<any>): M.Projection<any> => {
  if (m.entityAttribute === undefined || p === 'all') return p
  const extra = [m.entityAttribute]
  if (p === 'keys') for (const k of keys) if (k !== undefined) extra.push(...(m.templates[k] === undefined ? [k] : Key.fields(m.templates[k])))
  return [...new Set([...(p === 'keys' ? [] : p), ...extra])]
}
