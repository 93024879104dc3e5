/**
 * Pure command builders: SDK `*CommandInput` values from models, keys, conditions and
 * updates, testable without a network. `Dynamo` sends them; nothing here does I/O.
 * Table names are given resolved (with the `Env`'s prefix).
 *
 * @since 0.1.0
 * @category Compiling
 * @module
 */
import type {
  AttributeDefinition,
  AttributeValue,
  CreateTableCommandInput,
  DeleteItemCommandInput,
  GetItemCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection as SdkProjection,
  PutItemCommandInput,
  QueryCommandInput,
  ScanCommandInput,
  UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import type * as DE from '../DynamoError.js'
import * as Expression from './Expression.js'
import type * as M from '../model/Model.js'
import type * as P from '../ast/Path.js'
import type * as Plan from '../plan/Plan.js'
import type { Update } from '../ast/Update.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export type AttributeMap = Record<string, AttributeValue>

type AnyModel = M.Model<any, any, any, any>

/** `saveOne`/`saveMany`'s `overwrite`: replace unconditionally, never, or when the condition holds. */
export type Overwrite = boolean | C.Condition

export interface ReadOptions {
  /** `ScanIndexForward: false` (queries only). */
  readonly descending?: boolean
  /** The most items one page request evaluates (DynamoDB's `Limit`). */
  readonly pageSize?: number
  /** `ExclusiveStartKey`. */
  readonly startKey?: AttributeMap
  /** Top-level attributes to read (`ProjectionExpression`). */
  readonly projection?: ReadonlyArray<string>
  readonly consistentRead?: boolean
}

// -------------------------------------------------------------------------------------
// conditions of writes
// -------------------------------------------------------------------------------------

const hashHandle = (m: AnyModel): A.Attr<unknown> => m.attrs[m.hashKey as never] as A.Attr<unknown>

/**
 * The condition of a save: none for `overwrite: true`, `attribute_not_exists(hashKey)` for
 * `false`, and `attribute_not_exists(hashKey) OR (condition)` for a condition (write when no
 * item has the key, or when the existing one satisfies the condition).
 */
export const saveCondition = (m: AnyModel, overwrite: Overwrite | undefined): C.Condition | undefined =>
  overwrite === undefined || overwrite === true
    ? undefined
    : overwrite === false
      ? C.notExists(hashHandle(m))
      : C.or(C.notExists(hashHandle(m)), overwrite)

/** `attribute_exists(hashKey)`, AND-ed with `check`: an update that never creates an item. */
export const existsCondition = (m: AnyModel, check: C.Condition | undefined): C.Condition =>
  check === undefined ? C.exists(hashHandle(m)) : C.and(C.exists(hashHandle(m)), check)

// -------------------------------------------------------------------------------------
// items
// -------------------------------------------------------------------------------------

/** A top-level attribute as a path (`P.of(name)` without its rest parameters). */
const topPath = (name: string): P.Path => ({ _tag: 'Path', elements: [name] })

const projectionPaths = (names: ReadonlyArray<string>): ReadonlyArray<P.Path> => {
  const out: P.Path[] = new Array(names.length)
  for (let i = 0; i < names.length; i++) out[i] = topPath(names[i] as string)
  return out
}

/** The compiled expressions, copied into an SDK input (in place, property by property: faster than a spread or `Object.assign`). */
const withExpressions = <I extends object>(input: I, x: Expression.RequestExpressions): I => {
  const o = input as { -readonly [K in keyof Expression.RequestExpressions]: Expression.RequestExpressions[K] }
  if (x.KeyConditionExpression !== undefined) o.KeyConditionExpression = x.KeyConditionExpression
  if (x.FilterExpression !== undefined) o.FilterExpression = x.FilterExpression
  if (x.ConditionExpression !== undefined) o.ConditionExpression = x.ConditionExpression
  if (x.ProjectionExpression !== undefined) o.ProjectionExpression = x.ProjectionExpression
  if (x.UpdateExpression !== undefined) o.UpdateExpression = x.UpdateExpression
  if (x.ExpressionAttributeNames !== undefined) o.ExpressionAttributeNames = x.ExpressionAttributeNames
  if (x.ExpressionAttributeValues !== undefined) o.ExpressionAttributeValues = x.ExpressionAttributeValues
  return input
}

export const put = (table: string, item: AttributeMap, condition?: C.Condition): E.Either<DE.DynamoError, PutItemCommandInput> => {
  if (condition === undefined) return E.right({ TableName: table, Item: item })
  const x = Expression.request({ condition })
  return E.isLeft(x) ? x : E.right(withExpressions<PutItemCommandInput>({ TableName: table, Item: item }, x.right))
}

export const get = (table: string, key: AttributeMap, options: Pick<ReadOptions, 'projection' | 'consistentRead'> = {}): E.Either<DE.DynamoError, GetItemCommandInput> => {
  const input: GetItemCommandInput = { TableName: table, Key: key }
  if (options.consistentRead) input.ConsistentRead = true
  if (options.projection === undefined) return E.right(input)
  const x = Expression.request({ projection: projectionPaths(options.projection) })
  return E.isLeft(x) ? x : E.right(withExpressions(input, x.right))
}

/** A delete returning the old item; with a check, `attribute_not_exists(hashKey) OR (check)` unless `strict`. */
export const deleteItem = (table: string, key: AttributeMap, condition?: C.Condition): E.Either<DE.DynamoError, DeleteItemCommandInput> => {
  const input: DeleteItemCommandInput = { TableName: table, Key: key, ReturnValues: 'ALL_OLD' }
  if (condition === undefined) return E.right(input)
  const x = Expression.request({ condition })
  if (E.isLeft(x)) return x
  withExpressions(input, x.right).ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
  return E.right(input)
}

/** An UpdateItem; with `fields` (the model's), every value is checked against the model's codec of where it ends up. */
export const update = (
  table: string,
  key: AttributeMap,
  updates: Update,
  condition?: C.Condition,
  fields?: Expression.Fields,
): E.Either<DE.DynamoError, UpdateItemCommandInput> => {
  const x = Expression.request(condition === undefined ? { update: updates, fields } : { update: updates, condition, fields })
  if (E.isLeft(x)) return x
  const input = withExpressions<UpdateItemCommandInput>({ TableName: table, Key: key }, x.right)
  input.ReturnValues = 'ALL_NEW'
  if (condition !== undefined) input.ReturnValuesOnConditionCheckFailure = 'ALL_OLD'
  return E.right(input)
}

// -------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------

/** The expressions of a read: a key condition (queries), a filter, a projection. */
const readExpressions = (keyCondition: C.Condition | undefined, filter: C.Condition | undefined, projection: ReadonlyArray<string> | undefined) => {
  const parts: { -readonly [K in keyof Expression.RequestParts]: Expression.RequestParts[K] } = {}
  if (keyCondition !== undefined) parts.keyCondition = keyCondition
  if (filter !== undefined) parts.filter = filter
  if (projection !== undefined) parts.projection = projectionPaths(projection)
  return Expression.request(parts)
}

const withReadParts = <I extends QueryCommandInput | ScanCommandInput>(input: I, options: ReadOptions): I => {
  if (options.pageSize !== undefined) input.Limit = options.pageSize
  if (options.startKey !== undefined) input.ExclusiveStartKey = options.startKey
  if (options.consistentRead) input.ConsistentRead = true
  return input
}

export const query = (table: string, plan: Plan.Query, options: ReadOptions = {}): E.Either<DE.DynamoError, QueryCommandInput> => {
  const x = readExpressions(plan.keyCondition, plan.filter, options.projection)
  if (E.isLeft(x)) return x
  const input: QueryCommandInput = { TableName: table }
  if (plan.index !== undefined) input.IndexName = plan.index
  withReadParts(withExpressions(input, x.right), options)
  if (options.descending) input.ScanIndexForward = false
  return E.right(input)
}

export const scan = (table: string, plan: Plan.Scan, options: ReadOptions = {}): E.Either<DE.DynamoError, ScanCommandInput> => {
  const x = readExpressions(undefined, plan.filter, options.projection)
  return E.isLeft(x) ? x : E.right(withReadParts(withExpressions<ScanCommandInput>({ TableName: table }, x.right), options))
}

/**
 * The input of one page of a Query or Scan: a copy of `input` (built once per read) with this
 * page's `Limit` and `ExclusiveStartKey`.
 */
export const page = <I extends QueryCommandInput | ScanCommandInput>(input: I, options: Pick<ReadOptions, 'pageSize' | 'startKey'>): I =>
  withReadParts({ ...input }, options)

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

const keySchema = (hash: string, range: string | undefined): KeySchemaElement[] => [
  { AttributeName: hash, KeyType: 'HASH' },
  ...(range === undefined ? [] : [{ AttributeName: range, KeyType: 'RANGE' as const }]),
]

const projection = (m: AnyModel, p: M.Projection<any>): SdkProjection =>
  p === 'all'
    ? { ProjectionType: 'ALL' }
    : p === 'keys'
      ? { ProjectionType: 'KEYS_ONLY' }
      : { ProjectionType: 'INCLUDE', NonKeyAttributes: (p as ReadonlyArray<string>).filter((a) => !(a in m.keyTypes)) }

/** `CreateTable` from a model: key schema, attribute definitions, indexes, billing. */
export const createTable = (table: string, m: AnyModel): CreateTableCommandInput => {
  const defs: AttributeDefinition[] = Object.entries(m.keyTypes).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }))
  const provisioned = m.throughput._tag === 'Provisioned' ? m.throughput : undefined
  const gsis: GlobalSecondaryIndex[] = []
  const lsis: LocalSecondaryIndex[] = []
  for (const [IndexName, ix] of Object.entries(m.indexes)) {
    if (ix._tag === 'GlobalIndex') {
      gsis.push({
        IndexName,
        KeySchema: keySchema(ix.hashKey, ix.rangeKey),
        Projection: projection(m, ix.projection),
        ...(provisioned === undefined
          ? {}
          : { ProvisionedThroughput: { ReadCapacityUnits: ix.readUnits ?? provisioned.readUnits, WriteCapacityUnits: ix.writeUnits ?? provisioned.writeUnits } }),
      })
    } else {
      lsis.push({ IndexName, KeySchema: keySchema(m.hashKey, ix.rangeKey), Projection: projection(m, ix.projection) })
    }
  }
  return {
    TableName: table,
    KeySchema: keySchema(m.hashKey, m.rangeKey),
    AttributeDefinitions: defs,
    ...(provisioned === undefined
      ? { BillingMode: 'PAY_PER_REQUEST' as const }
      : { BillingMode: 'PROVISIONED' as const, ProvisionedThroughput: { ReadCapacityUnits: provisioned.readUnits, WriteCapacityUnits: provisioned.writeUnits } }),
    ...(gsis.length === 0 ? {} : { GlobalSecondaryIndexes: gsis }),
    ...(lsis.length === 0 ? {} : { LocalSecondaryIndexes: lsis }),
  }
}
