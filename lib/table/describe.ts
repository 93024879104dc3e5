/**
 * What DynamoDB says of a table, read into a `TableInfo` (`fromDescription`, from
 * `DescribeTable` and `DescribeTimeToLive`), and whether it is ready (`isActive`) or in a
 * change that ends (`inTransition`, else a status that no wait ends, `seen` names it): what
 * `Dynamo.describeTable` gives and what the waits of `createTable` and `syncTable` watch.
 * Pure; not part of the root (a user reads a table with `Dynamo.describeTable`).
 *
 * @since 0.2.0
 */
import type { AttributeDefinition, KeySchemaElement, Projection as SdkProjection, TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb'
import type * as M from '../model/Model.js'
import type { IndexInfo, IndexKey, KeyAttribute, Projection, TableInfo, TtlInfo } from './Table.js'
import { indexKeyOf } from './indexKey.js'

/** An index's key of one role: one attribute, or (several elements of that role) a multi-attribute key in order. */
const indexKey = (schema: ReadonlyArray<KeySchemaElement> | undefined, role: 'HASH' | 'RANGE', defs: ReadonlyArray<AttributeDefinition>): IndexKey | undefined =>
  indexKeyOf(
    (schema ?? []).filter((k) => k.KeyType === role).map((k) => {
      const type = defs.find((d) => d.AttributeName === k.AttributeName)?.AttributeType
      return { name: k.AttributeName ?? '', type: type === 'N' || type === 'B' ? type : 'S' }
    }),
  )

const keyAttribute = (schema: ReadonlyArray<KeySchemaElement> | undefined, role: 'HASH' | 'RANGE', defs: ReadonlyArray<AttributeDefinition>): KeyAttribute | undefined => {
  const name = schema?.find((k) => k.KeyType === role)?.AttributeName
  if (name === undefined) return undefined
  const type = defs.find((d) => d.AttributeName === name)?.AttributeType
  return { name, type: type === 'N' || type === 'B' ? type : 'S' }
}

const projectionFrom = (p: SdkProjection | undefined): Projection =>
  p?.ProjectionType === 'KEYS_ONLY'
    ? { _tag: 'KeysOnly' }
    : p?.ProjectionType === 'INCLUDE'
      ? { _tag: 'Include', attributes: [...(p.NonKeyAttributes ?? [])].sort() }
      : { _tag: 'All' }

/**
 * `record[name] = value` as an own entry whatever the name: an index may be named `__proto__`
 * (DynamoDB takes the name), which an assignment would read as the record's prototype.
 */
const put = <A>(record: Record<string, A>, name: string, value: A): void => {
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true })
}

/** The statuses of a time to live DynamoDB gives (`answer.ts` refuses a DescribeTimeToLive with another). */
export const ttlStatuses: ReadonlyArray<TtlInfo['status']> = ['ENABLED', 'ENABLING', 'DISABLED', 'DISABLING']

/**
 * A `TableInfo` from DynamoDB's descriptions. A table without a `BillingModeSummary` is
 * provisioned (DynamoDB leaves it out for tables that were never switched); a global index's
 * units are read only on a provisioned table (DynamoDB keeps an index's last units after a
 * switch to on-demand).
 */
export const fromDescription = (d: TableDescription, ttl: TimeToLiveDescription | undefined): TableInfo => {
  const defs = d.AttributeDefinitions ?? []
  const onDemand = d.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST'
  const billing: M.Throughput = onDemand
    ? { _tag: 'OnDemand' }
    : { _tag: 'Provisioned', readUnits: d.ProvisionedThroughput?.ReadCapacityUnits ?? 0, writeUnits: d.ProvisionedThroughput?.WriteCapacityUnits ?? 0 }
  const indexes: Record<string, IndexInfo> = {}
  for (const ix of d.LocalSecondaryIndexes ?? []) {
    const range = indexKey(ix.KeySchema, 'RANGE', defs)
    put(indexes, ix.IndexName ?? '', {
      _tag: 'LocalIndex',
      hashKey: indexKey(ix.KeySchema, 'HASH', defs) as IndexKey,
      ...(range === undefined ? {} : { rangeKey: range }),
      projection: projectionFrom(ix.Projection),
      status: 'ACTIVE',
      backfilling: false,
      itemCount: ix.ItemCount ?? 0,
    })
  }
  for (const ix of d.GlobalSecondaryIndexes ?? []) {
    const range = indexKey(ix.KeySchema, 'RANGE', defs)
    const pt = ix.ProvisionedThroughput
    put(indexes, ix.IndexName ?? '', {
      _tag: 'GlobalIndex',
      hashKey: indexKey(ix.KeySchema, 'HASH', defs) as IndexKey,
      ...(range === undefined ? {} : { rangeKey: range }),
      projection: projectionFrom(ix.Projection),
      ...(onDemand || pt === undefined ? {} : { units: { readUnits: pt.ReadCapacityUnits ?? 0, writeUnits: pt.WriteCapacityUnits ?? 0 } }),
      status: ix.IndexStatus ?? 'ACTIVE',
      backfilling: ix.Backfilling === true,
      itemCount: ix.ItemCount ?? 0,
    })
  }
  const range = keyAttribute(d.KeySchema, 'RANGE', defs)
  // a description without a time to live (none asked for) is DISABLED; a status of another kind is refused before (answer.ts)
  const status = ttlStatuses.find((s) => s === ttl?.TimeToLiveStatus) ?? 'DISABLED'
  return {
    name: d.TableName ?? '',
    status: d.TableStatus ?? 'ACTIVE',
    hashKey: keyAttribute(d.KeySchema, 'HASH', defs) as KeyAttribute,
    ...(range === undefined ? {} : { rangeKey: range }),
    billing,
    indexes,
    ttl: { status, ...(ttl?.AttributeName === undefined ? {} : { attribute: ttl.AttributeName }) },
    itemCount: d.ItemCount ?? 0,
    sizeBytes: d.TableSizeBytes ?? 0,
  }
}

/**
 * `info` as an error's message may quote it: each text the answer gave through `quote` (the
 * table's name and status, its key attributes', its indexes' names, statuses, key and projected
 * attributes, the time to live's attribute). An endpoint may echo a credential there; what is
 * told of the table is told of `info` itself.
 */
export const quoted = (info: TableInfo, quote: (answered: string) => string): TableInfo => {
  const key = (k: KeyAttribute): KeyAttribute => ({ ...k, name: quote(k.name) })
  const indexKey = (k: IndexKey): IndexKey => ('name' in k ? key(k as KeyAttribute) : (k as ReadonlyArray<KeyAttribute>).map(key))
  const indexes: Record<string, IndexInfo> = {}
  for (const [name, ix] of Object.entries(info.indexes)) {
    put(indexes, quote(name), {
      ...ix,
      hashKey: indexKey(ix.hashKey),
      ...(ix.rangeKey === undefined ? {} : { rangeKey: indexKey(ix.rangeKey) }),
      projection: ix.projection._tag === 'Include' ? { _tag: 'Include', attributes: ix.projection.attributes.map(quote) } : ix.projection,
      status: quote(ix.status),
    })
  }
  return {
    ...info,
    name: quote(info.name),
    status: quote(info.status),
    hashKey: key(info.hashKey),
    ...(info.rangeKey === undefined ? {} : { rangeKey: key(info.rangeKey) }),
    indexes,
    ttl: info.ttl.attribute === undefined ? info.ttl : { ...info.ttl, attribute: quote(info.ttl.attribute) },
  }
}

/** Whether the table and every index of it are `ACTIVE` (and no global index is still backfilling). */
export const isActive = (info: TableInfo): boolean =>
  info.status === 'ACTIVE' && Object.values(info.indexes).every((ix) => ix.status === 'ACTIVE' && !ix.backfilling)

/** The statuses of a table, or of a global index, that a change under way gives and that end of themselves. */
const changing: ReadonlySet<string> = new Set(['CREATING', 'UPDATING', 'DELETING'])

/**
 * Whether the table is in a change that ends of itself: the table CREATING, UPDATING or
 * DELETING, or ACTIVE with an index CREATING, UPDATING, DELETING or backfilling. Any other
 * status that is not `isActive` (ARCHIVING, ARCHIVED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, …)
 * does not end by waiting.
 */
const inTransition = (info: TableInfo): boolean =>
  changing.has(info.status) ||
  (info.status === 'ACTIVE' && Object.values(info.indexes).every((ix) => ix.status === 'ACTIVE' || changing.has(ix.status)) && !isActive(info))

/**
 * Why the table cannot be changed now nor waited for, when it is in a status that no wait ends
 * (neither `isActive` nor `inTransition`: ARCHIVED, INACCESSIBLE_ENCRYPTION_CREDENTIALS, …):
 * `table <name> is <status>: …`, what `syncTable`'s `TableNotActive` (by the name DynamoDB
 * reports) and `Table.diff`'s `Unfixable` step (by `name`, the models') say; else `undefined`.
 * Told of `info`, said of `shown` (`quoted`: what an error's message may quote of it).
 */
export const stuckWhy = (info: TableInfo, name: string = info.name, shown: TableInfo = info): string | undefined =>
  isActive(info) || inTransition(info) ? undefined : `table ${name} is ${seen(shown)}: no change under way ends it, and DynamoDB changes a table only when it is ACTIVE`

/**
 * Whether the time to live is in a change (`ENABLING`, `DISABLING`) that ends elsewhere than
 * the models want it (`want`: the attribute they name, `undefined` for none): DynamoDB takes
 * no `UpdateTimeToLive` until that change ends, so `syncTable` waits for its end (`mustWait`).
 * ENABLING on `want` ends as wanted: nothing to wait for.
 */
export const ttlBlocked = (ttl: TtlInfo, want: string | undefined): boolean =>
  ttl.status === 'ENABLING' ? ttl.attribute !== want : ttl.status === 'DISABLING' && want !== undefined

/** The time to live as `seen` shows it after the table: `time to live DISABLING on expiresAt`. */
export const seenTtl = (ttl: TtlInfo): string => `time to live ${ttl.status}${ttl.attribute === undefined ? '' : ` on ${ttl.attribute}`}`

/** The table's status, with each index that is not ACTIVE or is backfilling: `ACTIVE, index byN CREATING`. */
export const seen = (info: TableInfo): string =>
  [
    info.status,
    ...Object.entries(info.indexes)
      .filter(([, ix]) => ix.status !== 'ACTIVE' || ix.backfilling)
      .map(([name, ix]) => `index ${name} ${ix.status}${ix.backfilling ? ' (backfilling)' : ''}`),
  ].join(', ')

/** What a wait watches of the time to live besides the table and its indexes: the attribute the models name (`undefined`: none). */
export interface TtlWatch {
  readonly ttl: string | undefined
}

/**
 * Whether a wait for the table goes on: the table is in a change that ends of itself
 * (`inTransition`), or it is ready and, watched (`watch`: what `syncTable` waits for before
 * it plans, and after a time-to-live step), its time to live is in a change that ends
 * elsewhere than the models want it (`ttlBlocked`). A table in a status no wait ends
 * (`stuckWhy`) is not waited for. What `syncTable`'s waits poll until, and what `Table.diff`'s
 * plan says it would wait for (`pendingWhy`).
 */
export const mustWait = (info: TableInfo, watch: TtlWatch | undefined): boolean =>
  inTransition(info) || (watch !== undefined && isActive(info) && ttlBlocked(info.ttl, watch.ttl))

/**
 * What the table is in the middle of when `syncTable` would wait before planning
 * (`mustWait`, watching `want`), as seen: `table users is DELETING`, `table users is ACTIVE,
 * index byN CREATING`, `table users is ACTIVE, time to live DISABLING on expiresAt` (by
 * `name`, the models' name of the table); `undefined` when there is nothing to wait for.
 */
export const pendingWhy = (info: TableInfo, want: string | undefined, name: string = info.name): string | undefined =>
  mustWait(info, { ttl: want }) ? `table ${name} is ${seen(info)}${ttlBlocked(info.ttl, want) ? `, ${seenTtl(info.ttl)}` : ''}` : undefined

/**
 * The table as it will be once the changes under way end of themselves, as far as the
 * description tells: a table DELETING is gone (`undefined`); a table CREATING or UPDATING, an
 * index CREATING, UPDATING or backfilling, is ACTIVE as described (units or billing being
 * changed are read as described); an index DELETING is gone; a time to live ENABLING is
 * ENABLED, one DISABLING is DISABLED. What `Table.diff` plans from when `syncTable` would wait
 * (`mustWait`; `syncTable` plans from what it reads once the wait ends).
 */
export const settled = (info: TableInfo): TableInfo | undefined => {
  if (info.status === 'DELETING') return undefined
  const indexes: Record<string, IndexInfo> = {}
  for (const [name, ix] of Object.entries(info.indexes)) {
    if (ix.status !== 'DELETING') put(indexes, name, ix.status === 'ACTIVE' && !ix.backfilling ? ix : { ...ix, status: 'ACTIVE', backfilling: false })
  }
  const ttl: TtlInfo =
    info.ttl.status === 'ENABLING' ? { ...info.ttl, status: 'ENABLED' } : info.ttl.status === 'DISABLING' ? { status: 'DISABLED' } : info.ttl
  return { ...info, status: 'ACTIVE', indexes, ttl }
}
