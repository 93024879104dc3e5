/**
 * The models of one table, as table operations take them (a model, or the list of models
 * sharing the table), inside the library: the list, and the model whose word is the table's
 * where they disagree (`leading`). `Table.diff` merges them by this rule (and reports each
 * disagreement as `Unfixable`), but for billing, which the first model that declares one
 * decides; `syncTable` names the table and watches its time to live by it.
 *
 * @since 0.3.0
 */
import type { TableModel } from './Table.js'

/** The models as a list: a model alone is a list of one. */
export const listOf = (models: TableModel | ReadonlyArray<TableModel>): ReadonlyArray<TableModel> =>
  Array.isArray(models) ? (models as ReadonlyArray<TableModel>) : [models as TableModel]

/** The model whose table name, key schema and time-to-live attribute are the table's: the first (billing: the first that declares one, `Table.diff`). */
export const leading = (models: TableModel | ReadonlyArray<TableModel>): TableModel | undefined => listOf(models)[0]
