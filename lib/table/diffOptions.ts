/**
 * `Table.diff`'s options, named and checked in one place: `diff` reads them by these names and
 * this check, and `planTable` and `syncTable` read theirs by the same ones plus their signal.
 */
import type * as DE from '../DynamoError.js'
import { booleanOption } from '../internal/optionNames.js'
import type { DiffOptions } from './Table.js'

/** The names of `diff`'s options, each `true` (as `internal/optionNames`' `names` takes them). */
export const diffOptionKeys: { readonly [K in keyof Required<DiffOptions>]: true } = { deleteIndexes: true, rebuildIndexes: true }

/** Why one of `o`'s options is not a boolean (or absent), or `undefined`. */
export const diffValuesWhy = (o: DiffOptions): DE.DynamoError | undefined =>
  booleanOption('deleteIndexes', o.deleteIndexes) ?? booleanOption('rebuildIndexes', o.rebuildIndexes)
