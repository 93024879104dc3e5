/**
 * The one rule of what the library takes as a model (made by `Model.make`), for the
 * operations given a model or models through `any` (null, `{}`, a forged `{ _tag: 'Model' }`):
 * an object tagged `Model` whose parts the table and collection operations read are of their
 * declared kinds (its table name, key attributes and their stored types, fields, templates,
 * indexes, billing, entity, time to live). It reads what is there, never a codec's values: a
 * model spread and changed (`{ ...m, ttl }`) is still one. `Table.diff` plans what is not as an
 * `Unfixable` step, and the operations answer it with a `ValidationError`, before any request.
 *
 * @since 0.3.0
 */
import type { Model } from './Model.js'
import * as DE from '../DynamoError.js'

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u)

const isName = (u: unknown): u is string => typeof u === 'string' && u !== ''

const optionalName = (u: unknown): boolean => u === undefined || isName(u)

const isUnits = (u: unknown): boolean => u === undefined || (typeof u === 'number' && Number.isSafeInteger(u) && u > 0)

/** An index key declaration: a field, or a non-empty list of them (a multi-attribute key). */
const isIndexKey = (u: unknown): boolean => isName(u) || (Array.isArray(u) && u.length > 0 && u.every(isName))

const isProjection = (u: unknown): boolean => u === 'all' || u === 'keys' || (Array.isArray(u) && u.every(isName))

const isIndex = (u: unknown): boolean =>
  isObject(u) &&
  isProjection(u.projection) &&
  (u._tag === 'GlobalIndex'
    ? isIndexKey(u.hashKey) && (u.rangeKey === undefined || isIndexKey(u.rangeKey)) && isUnits(u.readUnits) && isUnits(u.writeUnits)
    : u._tag === 'LocalIndex' && isIndexKey(u.rangeKey))

const isThroughput = (u: unknown): boolean =>
  isObject(u) && (u._tag === 'OnDemand' || (u._tag === 'Provisioned' && isUnits(u.readUnits) && isUnits(u.writeUnits) && u.readUnits !== undefined && u.writeUnits !== undefined))

const isKeyType = (u: unknown): boolean => u === 'S' || u === 'N' || u === 'B'

/** Why `u` is no model, in a few words; `undefined` when it is one. */
export const modelWhy = (u: unknown): string | undefined => {
  if (!isObject(u) || u._tag !== 'Model') return u === null ? 'null' : Array.isArray(u) ? 'a list' : typeof u === 'object' ? 'an object that is no model' : typeof u
  const { table, hashKey, rangeKey, keyTypes, fields, templates, indexes, throughput, entity, entityAttribute, ttl, codec } = u
  const broken =
    !isName(table) ? 'table'
    : !isName(hashKey) ? 'hashKey'
    : !optionalName(rangeKey) ? 'rangeKey'
    : !isObject(keyTypes) || !isKeyType(keyTypes[hashKey]) || (rangeKey !== undefined && !isKeyType(keyTypes[rangeKey as string])) ? 'keyTypes'
    : !isObject(fields) || !Object.values(fields).every(isObject) ? 'fields'
    : !isObject(templates) ? 'templates'
    : !isObject(indexes) || !Object.values(indexes).every(isIndex) ? 'indexes'
    : !isThroughput(throughput) ? 'throughput'
    : !optionalName(entity) || !optionalName(entityAttribute) || (entity === undefined) !== (entityAttribute === undefined) ? 'entity'
    : !optionalName(ttl) ? 'ttl'
    : !isObject(codec) ? 'codec'
    : undefined
  return broken === undefined ? undefined : `an object tagged Model whose ${broken} is not a model's`
}

/** Whether `u` is a model (`modelWhy` finds nothing wrong). */
export const isModel = (u: unknown): u is Model<any, any, any, any> => modelWhy(u) === undefined

/** The objects `modelError` found to be models: each is read once, then answered by one lookup (a model's parts are not changed after `Model.make`). */
const models = new WeakSet<object>()

/**
 * The last model `modelError` was asked about (at first an object of its own, which no caller
 * holds): a run of calls on one model, the usual case, is answered by one comparison.
 */
let last: object = {}

/**
 * The error of an operation given `u` for a model when it is none (`modelWhy`): a
 * `ValidationError` at `path` (`model`; a transaction entry's, `entries[i].model`), before any
 * request; `undefined` when it is one. The item operations, the transaction entries and the
 * pure readers of a model (`Strategy`'s parsers, `Plan.make`, `Evaluate`) ask it first, so a
 * null or forged model is an error value, never a throw. An object found to be a model is
 * remembered (`models`; the last one asked, `last`), so a hot path pays a comparison.
 */
export const modelError = (u: unknown, path = 'model'): DE.DynamoError | undefined => {
  if (u === last) return undefined
  if (typeof u === 'object' && u !== null && models.has(u)) {
    last = u
    return undefined
  }
  const why = modelWhy(u)
  if (why === undefined) {
    models.add(u as object)
    last = u as object
    return undefined
  }
  return DE.validationError([{ path, message: `expected a model (made by Model.make), got ${why}` }])
}
