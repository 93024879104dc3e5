/**
 * Table plans: the steps `Table.diff` finds between a table and its models, drawn for people
 * (`show`) and turned into requests (`request`: a `CreateTable`, an `UpdateTable` or an
 * `UpdateTimeToLive` input per step). Pure; `Dynamo.syncTable` sends the requests one at a
 * time, waiting for the table and its indexes between them.
 *
 * @since 0.2.0
 * @category Tables
 * @module
 */
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection as SdkProjection,
  ProvisionedThroughput,
  UpdateTableCommandInput,
  UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { catching } from '../internal/threw.js'
import { count, show as showValue, thrown, unshowable } from '../internal/show.js'
import type * as M from '../model/Model.js'
import type { IndexShape, KeyAttribute, Projection, TableShape, Units } from './Table.js'
import { showBilling, showKeys, showProjection } from './show.js'
import { attributesOf } from './indexKey.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One change to a table; DynamoDB takes them one at a time.
 *
 * @category model
 */
export type Step =
  /** Create the table with its keys, billing and every index. */
  | { readonly _tag: 'CreateTable'; readonly shape: TableShape }
  /** Switch the billing mode; a switch to provisioned carries every global index's units. */
  | { readonly _tag: 'UpdateBilling'; readonly billing: M.Throughput; readonly indexes: Readonly<Record<string, Units>> }
  /** Change a provisioned table's units. */
  | { readonly _tag: 'UpdateThroughput'; readonly from: Units; readonly to: Units }
  /** Create a global index (DynamoDB fills it from the table's items). */
  | { readonly _tag: 'CreateIndex'; readonly name: string; readonly index: IndexShape }
  /** Delete a global index: no model declares it (`deleteIndexes`), or it is rebuilt (`rebuildIndexes`). */
  | { readonly _tag: 'DeleteIndex'; readonly name: string; readonly reason: 'undeclared' | 'rebuild' }
  /** Change a global index's units on a provisioned table. */
  | { readonly _tag: 'UpdateIndexThroughput'; readonly name: string; readonly from?: Units; readonly to: Units }
  /** Turn time to live on, on this attribute. */
  | { readonly _tag: 'EnableTtl'; readonly attribute: string }
  /** Turn time to live off (it read this attribute). */
  | { readonly _tag: 'DisableTtl'; readonly attribute: string }
  /** What no step can change: a key schema change (a new table is needed), a local index, models that disagree. */
  | { readonly _tag: 'Unfixable'; readonly reason: string }

/**
 * What to do to a table to make it fit its models (`Table.diff`): steps in order, what is left
 * undeclared, and what to wait for.
 *
 * @category model
 */
export interface TablePlan {
  /** The table, as the models name it (without the `Env`'s prefix). */
  readonly table: string
  readonly steps: ReadonlyArray<Step>
  /** Indexes of the table that no model declares, kept (`deleteIndexes` deletes the global ones). */
  readonly undeclared: ReadonlyArray<string>
  /**
   * Present when the table is in the middle of a change that ends of itself (the table
   * CREATING, UPDATING or DELETING; an index CREATING, UPDATING, DELETING or backfilling; a
   * time to live ENABLING or DISABLING where the models want it otherwise), as seen, by `table`
   * (`table users is DELETING`, `table users is ACTIVE, index byN CREATING`): `syncTable`
   * waits for it to end, within `waitTimeoutMs`, before it plans (again); the steps are planned
   * from the table as it will then be where that is known (a table DELETING is gone:
   * `CreateTable`; an index DELETING is gone; a time to live ENABLING is on), else from what
   * DynamoDB describes now (units or billing being changed may show a step that will not be needed).
   */
  readonly wait?: string
  /**
   * Present when no model declares billing (`billing`, `readUnits`, `writeUnits` of
   * `Model.make`) and the table exists with a billing, or global index units, that the
   * `default` (what a new table gets) would have changed: the plan leaves them as the table
   * has them (`billing`, as described), with no `UpdateBilling`, `UpdateThroughput` or
   * `UpdateIndexThroughput` of its own making (an index that declares its own units still has
   * them, on a provisioned table); `indexes`: the units, as described, of the global indexes
   * that keep units the default would have changed.
   */
  readonly keptBilling?: { readonly billing: M.Throughput; readonly default: M.Throughput; readonly indexes: Readonly<Record<string, Units>> }
}

/**
 * The request of one step.
 *
 * @category model
 */
export type Request =
  | { readonly _tag: 'CreateTable'; readonly input: CreateTableCommandInput }
  | { readonly _tag: 'UpdateTable'; readonly input: UpdateTableCommandInput }
  | { readonly _tag: 'UpdateTimeToLive'; readonly input: UpdateTimeToLiveCommandInput }

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The steps that cannot be applied.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as O from 'fp-ts/Option'
 * import { Model, Table, TablePlan } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }), billing: 'onDemand' })
 * // the table DynamoDB describes (Dynamo.describeTable) is keyed by another attribute
 * const described: Table.TableInfo = {
 *   name: 'users',
 *   status: 'ACTIVE',
 *   hashKey: { name: 'id', type: 'S' },
 *   billing: { _tag: 'OnDemand' },
 *   indexes: {},
 *   ttl: { status: 'DISABLED' },
 *   itemCount: 0,
 *   sizeBytes: 0,
 * }
 * TablePlan.unfixable(Table.diff(Users, O.some(described))).map((s) => s.reason)
 * // => ['key schema: the table has id (S), the models want email (S); a key schema change needs a new table']
 * ```
 *
 * @category destructors
 */
export const unfixable = (plan: TablePlan): ReadonlyArray<Extract<Step, { _tag: 'Unfixable' }>> => {
  try {
    return plan.steps.filter((s): s is Extract<Step, { _tag: 'Unfixable' }> => s._tag === 'Unfixable')
  } catch (e) {
    // a plan that cannot be read (through `any`) cannot be applied: that is its one unfixable step
    return [{ _tag: 'Unfixable', reason: unshowable('a table plan', plan, e) }]
  }
}

/**
 * Whether the table already matches its models, with no change under way (`wait`): `syncTable` would send nothing and wait for nothing.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as O from 'fp-ts/Option'
 * import { Field, Model, Table, TablePlan } from 'dynamongo'
 *
 * const User = Model.make({
 *   table: 'users',
 *   hashKey: 'email',
 *   codec: t.intersection([
 *     t.type({ email: Field.email, name: t.string }),
 *     t.partial({ year_of_birth: Field.int({ min: 1900 }), logins: Field.int({ min: 0 }), cities_visited: Field.list(t.string) }),
 *   ]),
 * })
 * const u = User.attrs
 *
 * // the table is to be created
 * TablePlan.isEmpty(Table.diff(User, O.none)) // => false
 * ```
 *
 * @category destructors
 */
export const isEmpty = (plan: TablePlan): boolean => {
  try {
    return plan.steps.length === 0 && plan.wait === undefined
  } catch {
    // a value whose reading throws (a getter, a Proxy) is none
    return false
  }
}

const showUnits = (u: Units): string => `${u.readUnits}/${u.writeUnits}`

const showIndexShape = (ix: IndexShape): string =>
  `${showKeys(ix)}, projection ${showProjection(ix.projection)}${ix.units === undefined ? '' : `, units ${showUnits(ix.units)}`}`

/** One step, on one line. */
const showStep = (s: Step): string => {
  switch (s._tag) {
    case 'CreateTable': {
      const ixs = Object.entries(s.shape.indexes).map(([n, ix]) => `${n} (${ix._tag === 'GlobalIndex' ? 'global' : 'local'}: ${showIndexShape(ix)})`)
      return `create table: keys ${showKeys(s.shape)}, ${showBilling(s.shape.billing)}${ixs.length === 0 ? '' : `, indexes ${ixs.join('; ')}`}`
    }
    case 'UpdateBilling': {
      const ixs = Object.entries(s.indexes).map(([n, u]) => `${n} ${showUnits(u)}`)
      return `switch billing to ${showBilling(s.billing)}${ixs.length === 0 ? '' : `, indexes ${ixs.join(', ')}`}`
    }
    case 'UpdateThroughput':
      return `change units ${showUnits(s.from)} -> ${showUnits(s.to)}`
    case 'CreateIndex':
      return `create index ${s.name}: ${showIndexShape(s.index)}`
    case 'DeleteIndex':
      return `delete index ${s.name} (${s.reason === 'rebuild' ? 'to rebuild it' : 'no model declares it'})`
    case 'UpdateIndexThroughput':
      return `change units of index ${s.name} ${s.from === undefined ? '' : `${showUnits(s.from)} `}-> ${showUnits(s.to)}`
    case 'EnableTtl':
      return `enable time to live on ${s.attribute}`
    case 'DisableTtl':
      return `disable time to live (on ${s.attribute})`
    case 'Unfixable':
      return `UNFIXABLE: ${s.reason}`
  }
}

/**
 * The plan for people: a title line, a line for the wait when a change is under way, then one
 * numbered line per step, a line for the billing left as the table has it (`keptBilling`) and
 * a line for the indexes kept undeclared.
 *
 * ```
 * table users: 2 steps
 *   1. create index byName: name (S), projection keys, units 8/8
 *   2. enable time to live on expiresAt
 * ```
 *
 * @example
 * ```ts
 * import * as O from 'fp-ts/Option'
 * import * as t from 'io-ts'
 * import { Field, Model, Table, TablePlan } from 'dynamongo'
 *
 * const Session = Model.make({
 *   table: 'sessions',
 *   hashKey: 'token',
 *   codec: t.type({ token: t.string, email: Field.email, expiresAt: Field.epochSeconds }),
 *   indexes: { byEmail: Model.globalIndex({ hashKey: 'email', projection: 'keys' }) },
 *   ttl: 'expiresAt',
 * })
 * TablePlan.show(Table.diff(Session, O.none))
 * // => [
 * //      'table sessions: 2 steps',
 * //      '  1. create table: keys token (S), provisioned 8/8, indexes byEmail (global: email (S), projection keys, units 8/8)',
 * //      '  2. enable time to live on expiresAt',
 * //    ].join('\n')
 * ```
 *
 * @category destructors
 */
export const show = (plan: TablePlan): string => {
  try {
    const n = plan.steps.length
    const lines = [`table ${plan.table}: ${n === 0 ? (plan.wait === undefined ? 'up to date' : 'up to date once the change under way ends') : count(n, 'step')}`]
    if (plan.wait !== undefined) lines.push(`  first: wait until the change under way ends (${plan.wait})`)
    plan.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${showStep(s)}`))
    const k = plan.keptBilling
    if (k !== undefined) {
      const ixs = Object.entries(k.indexes).map(([n, u]) => `${n} ${showUnits(u)}`)
      lines.push(`  billing left as the table has it: ${showBilling(k.billing)}${ixs.length === 0 ? '' : `, indexes ${ixs.join(', ')}`} (no model declares billing; the default, ${showBilling(k.default)}, is for a new table)`)
    }
    if (plan.undeclared.length > 0) lines.push(`  kept: ${plan.undeclared.join(', ')} (no model declares ${plan.undeclared.length === 1 ? 'it' : 'them'}; deleteIndexes deletes a global one)`)
    return lines.join('\n')
  } catch (e) {
    return unshowable('a table plan', plan, e)
  }
}

// -------------------------------------------------------------------------------------
// requests
// -------------------------------------------------------------------------------------

/** A key schema: the hash attributes, then the range attributes, in order (several of each: a multi-attribute key). */
const keySchema = (ix: Pick<IndexShape, 'hashKey' | 'rangeKey'>): KeySchemaElement[] => [
  ...attributesOf(ix.hashKey).map((k): KeySchemaElement => ({ AttributeName: k.name, KeyType: 'HASH' })),
  ...attributesOf(ix.rangeKey).map((k): KeySchemaElement => ({ AttributeName: k.name, KeyType: 'RANGE' })),
]

const definitions = (keys: ReadonlyArray<KeyAttribute | undefined>): AttributeDefinition[] => {
  const seen = new Map<string, M.StoredKeyType>()
  for (const k of keys) if (k !== undefined && !seen.has(k.name)) seen.set(k.name, k.type)
  return Array.from(seen, ([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }))
}

const projection = (p: Projection): SdkProjection =>
  p._tag === 'All' ? { ProjectionType: 'ALL' } : p._tag === 'KeysOnly' ? { ProjectionType: 'KEYS_ONLY' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.attributes] }

const throughput = (u: Units): ProvisionedThroughput => ({ ReadCapacityUnits: u.readUnits, WriteCapacityUnits: u.writeUnits })

/**
 * `CreateTable` of a table shape: key schema, attribute definitions, billing, every index. A
 * shape that cannot be read (through `any`: no shape, a getter or a Proxy that throws) is a
 * `ValidationError` at `shape`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Model, Table, TablePlan } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }), billing: 'onDemand' })
 * pipe(Table.shapeOf(Users), E.chain((shape) => TablePlan.createTable('prod_users', shape)), E.map((i) => i.BillingMode)) // => E.right('PAY_PER_REQUEST')
 * ```
 *
 * @category compilers
 */
export const createTable = (TableName: string, shape: TableShape): E.Either<DE.DynamoError, CreateTableCommandInput> => {
  try {
    return E.right(createTableInput(TableName, shape))
  } catch (e) {
    return E.left(DE.validationError([{ path: 'shape', message: `expected a table shape (Table.shapeOf), got ${showValue(shape)}: ${thrown(e)}` }]))
  }
}

const createTableInput = (TableName: string, shape: TableShape): CreateTableCommandInput => {
  const gsis: GlobalSecondaryIndex[] = []
  const lsis: LocalSecondaryIndex[] = []
  const keys: Array<KeyAttribute | undefined> = [shape.hashKey, shape.rangeKey]
  for (const [IndexName, ix] of Object.entries(shape.indexes)) {
    keys.push(...attributesOf(ix.hashKey), ...attributesOf(ix.rangeKey))
    if (ix._tag === 'GlobalIndex') {
      gsis.push({ IndexName, KeySchema: keySchema(ix), Projection: projection(ix.projection), ...(ix.units === undefined ? {} : { ProvisionedThroughput: throughput(ix.units) }) })
    } else {
      lsis.push({ IndexName, KeySchema: keySchema(ix), Projection: projection(ix.projection) })
    }
  }
  const b = shape.billing
  return {
    TableName,
    KeySchema: keySchema(shape),
    AttributeDefinitions: definitions(keys),
    ...(b._tag === 'OnDemand' ? { BillingMode: 'PAY_PER_REQUEST' as const } : { BillingMode: 'PROVISIONED' as const, ProvisionedThroughput: throughput(b) }),
    ...(gsis.length === 0 ? {} : { GlobalSecondaryIndexes: gsis }),
    ...(lsis.length === 0 ? {} : { LocalSecondaryIndexes: lsis }),
  }
}

/**
 * `UpdateTimeToLive`: time to live on (`enabled`) or off, on `attribute`.
 *
 * @category compilers
 */
export const updateTimeToLive = (TableName: string, attribute: string, enabled: boolean): UpdateTimeToLiveCommandInput => ({
  TableName,
  TimeToLiveSpecification: { Enabled: enabled, AttributeName: attribute },
})

/**
 * The request that applies `step` to the table DynamoDB knows as `TableName`; an `Unfixable` step is a `SchemaError`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import * as E from 'fp-ts/Either'
 * import * as O from 'fp-ts/Option'
 * import { Model, Table, TablePlan } from 'dynamongo'
 *
 * const Users = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }), billing: 'onDemand' })
 * // the plan of a missing table, as requests to a table named with the Env's prefix
 * Table.diff(Users, O.none).steps.map((step) => E.map((r: TablePlan.Request) => r._tag)(TablePlan.request('prod_users', step))) // => [E.right('CreateTable')]
 * ```
 *
 * @category compilers
 */
export const request = (TableName: string, step: Step): E.Either<DE.DynamoError, Request> =>
  catching(() => {
    const updateTable = (input: Omit<UpdateTableCommandInput, 'TableName'>): E.Either<never, Request> => E.right({ _tag: 'UpdateTable', input: { TableName, ...input } })
    switch (step._tag) {
      case 'CreateTable':
        return E.map((input: CreateTableCommandInput): Request => ({ _tag: 'CreateTable', input }))(createTable(TableName, step.shape))
      case 'UpdateBilling': {
        const b = step.billing
        if (b._tag === 'OnDemand') return updateTable({ BillingMode: 'PAY_PER_REQUEST' })
        const updates = Object.entries(step.indexes).map(([IndexName, u]) => ({ Update: { IndexName, ProvisionedThroughput: throughput(u) } }))
        return updateTable({ BillingMode: 'PROVISIONED', ProvisionedThroughput: throughput(b), ...(updates.length === 0 ? {} : { GlobalSecondaryIndexUpdates: updates }) })
      }
      case 'UpdateThroughput':
        return updateTable({ ProvisionedThroughput: throughput(step.to) })
      case 'CreateIndex': {
        const ix = step.index
        return updateTable({
          AttributeDefinitions: definitions([...attributesOf(ix.hashKey), ...attributesOf(ix.rangeKey)]),
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: step.name,
                KeySchema: keySchema(ix),
                Projection: projection(ix.projection),
                ...(ix.units === undefined ? {} : { ProvisionedThroughput: throughput(ix.units) }),
              },
            },
          ],
        })
      }
      case 'DeleteIndex':
        return updateTable({ GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: step.name } }] })
      case 'UpdateIndexThroughput':
        return updateTable({ GlobalSecondaryIndexUpdates: [{ Update: { IndexName: step.name, ProvisionedThroughput: throughput(step.to) } }] })
      case 'EnableTtl':
        return E.right({ _tag: 'UpdateTimeToLive', input: updateTimeToLive(TableName, step.attribute, true) })
      case 'DisableTtl':
        return E.right({ _tag: 'UpdateTimeToLive', input: updateTimeToLive(TableName, step.attribute, false) })
      case 'Unfixable':
        return E.left(DE.schemaError(`table ${TableName}: ${step.reason}`))
      default:
        return E.left(DE.validationError([{ path: 'step', message: `expected a step of a TablePlan, got ${showValue(step)}` }]))
    }
  })
