/**
 * Pure command builders: SDK `*CommandInput` values from models, keys, conditions and
 * updates, testable without a network. `Dynamo` sends them; nothing here does I/O.
 * Table names are given resolved (with the `Env`'s prefix).
 *
 * @since 0.1.0
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
import * as A from './Attr.js'
import * as C from './Condition.js'
import * as DE from './DynamoError.js'
import * as Expression from './Expression.js'
import * as M from './Model.js'
import * as P from './Path.js'
import type * as Plan from './Plan.js'
import type { Update } from './Update.js'

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

export const put = (table: string, item: AttributeMap, condition?: C.Condition): E.Either<DE.DynamoError, PutItemCommandInput> =>
  condition === undefined
    ? E.right({ TableName: table, Item: item })
    : E.map((x: Expression.RequestExpressions) => ({ TableName: table, Item: item, ...x }))(Expression.request({ condition }))

export const get = (table: string, key: AttributeMap, options: Pick<ReadOptions, 'projection' | 'consistentRead'> = {}): E.Either<DE.DynamoError, GetItemCommandInput> => {
  const base: GetItemCommandInput = { TableName: table, Key: key, ...(options.consistentRead ? { ConsistentRead: true } : {}) }
  if (options.projection === undefined) return E.right(base)
  return E.map((x: Expression.RequestExpressions) => ({ ...base, ...x }))(Expression.request({ projection: options.projection.map((n) => P.of(n)) }))
}

/** A delete returning the old item; with a check, `attribute_not_exists(hashKey) OR (check)` unless `strict`. */
export const deleteItem = (table: string, key: AttributeMap, condition?: C.Condition): E.Either<DE.DynamoError, DeleteItemCommandInput> => {
  const base: DeleteItemCommandInput = { TableName: table, Key: key, ReturnValues: 'ALL_OLD' }
  if (condition === undefined) return E.right(base)
  return E.map((x: Expression.RequestExpressions) => ({ ...base, ...x, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }))(
    Expression.request({ condition }),
  )
}

export const update = (table: string, key: AttributeMap, updates: Update, condition?: C.Condition): E.Either<DE.DynamoError, UpdateItemCommandInput> =>
  E.map((x: Expression.RequestExpressions) => ({
    TableName: table,
    Key: key,
    ...x,
    ReturnValues: 'ALL_NEW' as const,
    ...(condition === undefined ? {} : { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const }),
  }))(Expression.request(condition === undefined ? { update: updates } : { update: updates, condition }))

// -------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------

const readParts = (options: ReadOptions) => ({
  ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
  ...(options.startKey === undefined ? {} : { ExclusiveStartKey: options.startKey }),
  ...(options.consistentRead ? { ConsistentRead: true } : {}),
})

export const query = (table: string, plan: Plan.Query, options: ReadOptions = {}): E.Either<DE.DynamoError, QueryCommandInput> =>
  E.map((x: Expression.RequestExpressions) => ({
    TableName: table,
    ...(plan.index === undefined ? {} : { IndexName: plan.index }),
    ...x,
    ...readParts(options),
    ...(options.descending ? { ScanIndexForward: false } : {}),
  }))(
    Expression.request({
      keyCondition: plan.keyCondition,
      ...(plan.filter === undefined ? {} : { filter: plan.filter }),
      ...(options.projection === undefined ? {} : { projection: options.projection.map((n) => P.of(n)) }),
    }),
  )

export const scan = (table: string, plan: Plan.Scan, options: ReadOptions = {}): E.Either<DE.DynamoError, ScanCommandInput> =>
  E.map((x: Expression.RequestExpressions) => ({ TableName: table, ...x, ...readParts(options) }))(
    Expression.request({
      ...(plan.filter === undefined ? {} : { filter: plan.filter }),
      ...(options.projection === undefined ? {} : { projection: options.projection.map((n) => P.of(n)) }),
    }),
  )

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
