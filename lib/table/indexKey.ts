/**
 * An index key of a table shape (`IndexKey`), inside the library: one attribute, or a global
 * index's multi-attribute key (its attributes in order). One attribute is never a list, so
 * a shape from the models and one from `DescribeTable` compare alike. Not part of the root.
 *
 * @since 0.3.0
 */
import type { IndexKey, KeyAttribute } from './Table.js'

/** The index key of the attributes `keys`: one as itself, several as their list, none `undefined`. */
export const indexKeyOf = (keys: ReadonlyArray<KeyAttribute>): IndexKey | undefined => (keys.length === 0 ? undefined : keys.length === 1 ? keys[0] : keys)

/** The attributes of an index key, in order. */
export const attributesOf = (k: IndexKey | undefined): ReadonlyArray<KeyAttribute> => (k === undefined ? [] : 'name' in k ? [k as KeyAttribute] : (k as ReadonlyArray<KeyAttribute>))
