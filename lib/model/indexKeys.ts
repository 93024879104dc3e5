/**
 * The key attributes of a model's indexes, inside the library: what an index is keyed by as
 * stored, for the planner, the positions of its reads and its table shape. A key is one
 * attribute (a field, or a composed key's attribute) or, on a global index, DynamoDB's
 * multi-attribute key (its fields, in order); a local index's hash key is the table's.
 *
 * @since 0.3.0
 */
import type { GlobalIndex, LocalIndex, Model, MultiKey } from './Model.js'

/** An index's key attributes as stored: its hash attributes (1 to 4) and range attributes (0 to 4), in order. */
export interface IndexKeys {
  readonly hash: ReadonlyArray<string>
  readonly range: ReadonlyArray<string>
  /** Whether it is a multi-attribute key (declared as lists of fields). */
  readonly multi: boolean
}

const listOf = (k: string | MultiKey | undefined): ReadonlyArray<string> => (k === undefined ? [] : typeof k === 'string' ? [k] : k)

/** The key attributes of the index `ix` of `m`. */
export const indexKeys = (m: Pick<Model<any, any, any, any>, 'hashKey'>, ix: GlobalIndex | LocalIndex): IndexKeys => ({
  hash: ix._tag === 'GlobalIndex' ? listOf(ix.hashKey) : [m.hashKey as string],
  range: listOf(ix.rangeKey),
  multi: Array.isArray(ix._tag === 'GlobalIndex' ? ix.hashKey : ix.rangeKey),
})

/** Every key attribute of an index, hash then range, once each. */
export const keyAttributes = (k: IndexKeys): ReadonlyArray<string> => [...new Set([...k.hash, ...k.range])]
