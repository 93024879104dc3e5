/**
 * The models of one table, as table operations take them (a model, or the list of models
 * sharing the table), inside the library: the list, and the model whose word is the table's
 * where they disagree (`leading`), and the time-to-live attribute of the table (`ttlOf`).
 * `Table.diff` merges them by this rule (and reports each disagreement as `Unfixable`), but
 * for billing, which the first model that declares one decides; `syncTable` names the table
 * by the leading model and watches the time to live `ttlOf` gives.
 *
 * @since 0.3.0
 */
import type { TableModel } from './Table.js'
import { hasOwn } from '../internal/own.js'
import type { Codec } from '../codec/Shape.js'
import { mayExpire } from '../model/lifecycle.js'
import { modelIssue, modelWhy } from '../model/isModel.js'

/**
 * Why `models` is not what the table operations take (a model made by `Model.make`, or a
 * non-empty list of such models of one table), as the path of the culprit and why; `undefined`
 * when it is. The one rule: `Table.diff` plans it as an `Unfixable` step, and `createTable`,
 * `planTable` and `syncTable` answer it as a `ValidationError`, before any request (the type
 * of a list whose tables' literal types differ is refused already: `Table.OneTable`).
 */
export const modelsWhy = (models: unknown): { readonly path: string; readonly message: string } | undefined => {
  if (!Array.isArray(models)) {
    const why = modelWhy(models)
    return why === undefined ? undefined : { path: 'models', message: `expected a model (made by Model.make) or a list of the models sharing the table, got ${why}` }
  }
  if (models.length === 0) return { path: 'models', message: 'no model was given: expected a model or a list of the models sharing the table' }
  const i = models.findIndex((m) => modelWhy(m) !== undefined)
  if (i !== -1) return modelIssue(models[i], `models[${i}]`)
  const list = models as ReadonlyArray<TableModel>
  const first = (list[0] as TableModel).table
  const j = list.findIndex((m) => m.table !== first)
  return j === -1 ? undefined : { path: `models[${j}]`, message: `the models of a table operation share one table: models[0] names ${first}, this one ${list[j]?.table as string}` }
}

/** The models as a list: a model alone is a list of one. */
export const listOf = (models: TableModel | ReadonlyArray<TableModel>): ReadonlyArray<TableModel> =>
  Array.isArray(models) ? (models as ReadonlyArray<TableModel>) : [models as TableModel]

/** The model whose table name, key schema and time-to-live attribute are the table's: the first (billing: the first that declares one, `Table.diff`). */
export const leading = (models: TableModel | ReadonlyArray<TableModel>): TableModel | undefined => listOf(models)[0]

/** Whether `m` has a field `attribute` by which DynamoDB's time to live could expire its items: one that may be stored as a number (`lifecycle.mayExpire`). */
const expiringField = (m: TableModel, attribute: string): boolean => hasOwn(m.fields, attribute) && mayExpire(m.fields[attribute] as Codec)

/**
 * Whether the items of `m`, a model that names no time-to-live attribute, never expire on a
 * table whose time to live is on `attribute`: it is an entity (its items are told apart from
 * the others') with no field of that name that DynamoDB's time to live would read (none, or
 * one stored as another type than a number: `expiringField`). Such a model agrees with an
 * entity that names the attribute: in a single table, only some entities expire (DynamoDB
 * reads one attribute per table).
 */
const unexpiring = (m: TableModel, attribute: string): boolean => m.entity !== undefined && !expiringField(m, attribute)

/**
 * The time-to-live attribute of the table the models share: the leading model's; where it
 * names none and its items never expire (`unexpiring`), the first attribute another model
 * names; else none.
 */
export const ttlOf = (models: TableModel | ReadonlyArray<TableModel>): string | undefined => {
  const list = listOf(models)
  const lead = list[0]
  if (lead === undefined) return undefined
  if (lead.ttl !== undefined) return lead.ttl as string
  const named = list.find((m) => m.ttl !== undefined)?.ttl as string | undefined
  return named !== undefined && unexpiring(lead, named) ? named : undefined
}

/**
 * Why `m` disagrees with the time-to-live attribute of the table (`ttl`, as `ttlOf` gives it,
 * `lead` the leading model), or `undefined`: it names another, or it names none and its items
 * could expire unseen by its reads (a model without an entity, a view of every item; an entity
 * with a field of that name, which may be stored as a number, that it does not declare as its `ttl`).
 */
export const ttlDisagreement = (lead: TableModel, m: TableModel, ttl: string | undefined): string | undefined => {
  const mine = m.ttl as string | undefined
  if (mine === ttl || (mine === undefined && ttl !== undefined && unexpiring(m, ttl))) return undefined
  const why = `the models disagree on the time-to-live attribute: ${ttl ?? 'none'} and ${mine ?? 'none'}`
  // the model that names none, and the attribute named: say why it cannot share it, when it is an entity with such a field
  const [silent, named] = mine === undefined ? [m, ttl] : ttl === undefined ? [lead, mine] : [undefined, undefined]
  return silent !== undefined && named !== undefined && silent.entity !== undefined && expiringField(silent, named)
    ? `${why} (the entity ${silent.entity} has a field ${named}, which may be stored as a number, that it does not declare as its ttl: DynamoDB would expire its items)`
    : why
}
