/**
 * The floor: hand-written template-literal request builders plus util-dynamodb's
 * `marshall` (request building and items), and the raw SDK with hand-built
 * `AttributeValue`s (end to end). Nothing here validates anything but a page's cursor (its checksum).
 */
import { hash } from 'node:crypto'
import { GetItemCommand, PutItemCommand, QueryCommand, paginateQuery, paginateScan, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import { QUERY_PK, clientOf, fromAv, items, orderFromAv, orderItems, queryItems, rawBatchWrite, smallFromAv, toAv, type AttributeMap } from './e2eCommon.js'
import {
  ORDER_CUSTOMER,
  ORDER_PAGE,
  ORDER_WALK,
  ORDER_WALKS,
  PAGE_QUERIES,
  STREAM_PAGE,
  STREAM_PK,
  STREAM_WARM,
  TABLE,
  composed,
  page,
  pagePk,
  tx,
  w1Item,
  w1MaxAge,
  w2,
  w3,
  w4,
  wideItem,
  type Contender,
  type E2eContext,
  type Order,
  type Small,
} from './shared.js'

// -------------------------------------------------------------------------------------
// request building
// -------------------------------------------------------------------------------------

const putConditional = (table: string, item: object, hashKey: string, attr: string, max: number) => ({
  TableName: table,
  Item: marshall(item),
  ConditionExpression: `attribute_not_exists(#n0) OR #n1 < :v0`,
  ExpressionAttributeNames: { '#n0': hashKey, '#n1': attr },
  ExpressionAttributeValues: marshall({ ':v0': max }),
})

const update = (table: string, u: typeof w2) => ({
  TableName: table,
  Key: marshall(u.key),
  UpdateExpression: `SET #n0 = :v0, #n1 = #n1 + :v1, #n2 = list_append(#n2, :v2), #n3 = if_not_exists(#n3, :v3) + :v4 REMOVE #n4.#n5`,
  ConditionExpression: `#n1 BETWEEN :v5 AND :v6 AND begins_with(#n0, :v7)`,
  ExpressionAttributeNames: { '#n0': 'name', '#n1': 'age', '#n2': 'tags', '#n3': 'counter', '#n4': 'address', '#n5': 'city' },
  ExpressionAttributeValues: marshall({
    ':v0': u.name,
    ':v1': u.ageStep,
    ':v2': u.tags,
    ':v3': u.counterStart,
    ':v4': u.counterStep,
    ':v5': u.low,
    ':v6': u.high,
    ':v7': u.prefix,
  }),
})

const query = (table: string, q: typeof w3) => ({
  TableName: table,
  KeyConditionExpression: `#n0 = :v0 AND begins_with(#n1, :v1)`,
  FilterExpression: `(#n2 > :v2 AND contains(#n3, :v3)) OR attribute_not_exists(#n4)`,
  ProjectionExpression: `#n5, #n2, #n3`,
  ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk', '#n2': 'age', '#n3': 'tags', '#n4': 'address', '#n5': 'name' },
  ExpressionAttributeValues: marshall({ ':v0': q.pk, ':v1': q.skPrefix, ':v2': q.minAge, ':v3': q.tag }),
  Limit: q.limit,
  ScanIndexForward: false,
})

/**
 * A page as a careful service writes it by hand, with the guarantee of a cursor without a
 * key (DESIGN §5.1): the cursor is `base64url(payload) ‖ base64url(SHA-256(query ‖ payload))`,
 * the payload the last key as JSON, the query a string of what the read is (table, key
 * condition values, order). Reading it: one SHA-256 compared with the tag (corruption and
 * reuse on another query refused), the JSON parsed and its shape checked; the Query goes on
 * from it; the next cursor is the page's last item's key with its SHA-256 (one more hash).
 * The hash is Node's one-shot `crypto.hash`, as dynamongo's (no Hash object).
 */
const pageRequest = (table: string, p: typeof page, cursor: string, last: AttributeMap) => {
  const query = `Query\u0000${table}\u0000${p.pk}\u0000${p.skPrefix}\u0000desc`
  // the tag: the last 43 characters (32 bytes)
  if (cursor.length <= 43) throw new Error('the cursor is truncated')
  const payload = Buffer.from(cursor.slice(0, -43), 'base64url').toString('utf8')
  if (hash('sha256', query + payload, 'base64url') !== cursor.slice(-43)) throw new Error('the cursor was altered')
  const start = JSON.parse(payload) as AttributeMap
  if (typeof start.pk?.S !== 'string' || typeof start.sk?.S !== 'string') throw new Error('the cursor holds no key')
  const command = new QueryCommand({
    TableName: table,
    KeyConditionExpression: `#n0 = :v0 AND begins_with(#n1, :v1)`,
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
    ExpressionAttributeValues: marshall({ ':v0': p.pk, ':v1': p.skPrefix }),
    Limit: p.pageSize,
    ScanIndexForward: false,
    ExclusiveStartKey: start,
  })
  return { command, next: pageCursor(query, { pk: last.pk as AttributeValue, sk: last.sk as AttributeValue }) }
}

/** The cursor `pageRequest` reads: the key, and the SHA-256 of the query and the key. */
const pageCursor = (query: string, key: AttributeMap): string => {
  const payload = JSON.stringify(key)
  return Buffer.from(payload, 'utf8').toString('base64url') + hash('sha256', query + payload, 'base64url')
}

/** P page's page of partition `pk`: its inputs, the cursor of the page before it (made as `pageRequest` makes them), its last item. */
const pageOf = (pk: string) => {
  const p = { ...page, pk }
  const cursor = pageCursor(`Query\u0000${TABLE}\u0000${pk}\u0000${page.skPrefix}\u0000desc`, marshall({ ...page.after, pk }))
  return { page: p, cursor, last: marshall({ ...w1Item, ...page.last, pk }) }
}
type PageOf = ReturnType<typeof pageOf>

/**
 * K composed query by hand: the stored key values composed with template literals (the
 * dates as ISO text, the upper bound past the separator), the entity filter written out.
 * Nothing checks that a value cannot break out of its template.
 */
const composedQuery = (table: string, q: typeof composed) => ({
  TableName: table,
  KeyConditionExpression: `#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2`,
  FilterExpression: `#n2 = :v3 AND #n3 >= :v4`,
  ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk', '#n2': '_et', '#n3': 'total' },
  ExpressionAttributeValues: marshall({
    ':v0': `CUSTOMER#${q.customerId}`,
    ':v1': `ORDER#${q.from.toISOString()}`,
    ':v2': `ORDER#${q.to.toISOString()}$`,
    ':v3': 'order',
    ':v4': q.minTotal,
  }),
  Limit: q.limit,
  ScanIndexForward: false,
})

/** The 4-entry transaction of `tx` by hand: the request dynamongo's `transactWrite` sends, written out. */
const transactWrite = (table: string, t: typeof tx) => ({
  TransactItems: [
    { Put: { TableName: table, Item: marshall(t.put) } },
    {
      Update: {
        TableName: table,
        Key: marshall(t.update.key),
        UpdateExpression: `SET #n0 = :v0, #n1 = #n1 + :v1`,
        ConditionExpression: `attribute_exists(#n2) AND #n1 >= :v2`,
        ExpressionAttributeNames: { '#n0': 'name', '#n1': 'age', '#n2': 'pk' },
        ExpressionAttributeValues: marshall({ ':v0': t.update.name, ':v1': t.update.ageStep, ':v2': t.update.minAge }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    { Delete: { TableName: table, Key: marshall(t.delete.key) } },
    {
      ConditionCheck: {
        TableName: table,
        Key: marshall(t.check.key),
        ConditionExpression: `#n0 < :v0`,
        ExpressionAttributeNames: { '#n0': 'counter' },
        ExpressionAttributeValues: marshall({ ':v0': t.check.maxCounter }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
  ],
  ClientRequestToken: t.token,
})

const deleteAll = (table: string, d: typeof w4) => {
  const names: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  let expr = ''
  for (let i = 0; i < d.attrs.length; i++) {
    names[`#n${i}`] = d.attrs[i] as string
    values[`:v${i}`] = d.values[i]
    expr += i === 0 ? `#n${i} = :v${i}` : ` AND #n${i} = :v${i}`
  }
  return {
    TableName: table,
    Key: marshall(d.key),
    ConditionExpression: expr,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
  }
}

// -------------------------------------------------------------------------------------
// end to end: the raw SDK, AttributeValues by hand
// -------------------------------------------------------------------------------------

const key = (pk: string, sk: string): AttributeMap => ({ pk: { S: pk }, sk: { S: sk } })

const getLoop = (client: DynamoDBClient, table: string, from: number, n: number) => async (): Promise<number> => {
  let found = 0
  for (let i = 0; i < n; i++) {
    const w = wideItem(from + (i % 2000))
    const out = await client.send(new GetItemCommand({ TableName: table, Key: key(w.pk, w.sk) }))
    if (out.Item !== undefined && fromAv(out.Item).pk === w.pk) found++
  }
  return found
}

const putLoop = (client: DynamoDBClient, table: string, from: number, n: number) => async (): Promise<number> => {
  let saved = 0
  for (let i = 0; i < n; i++) {
    await client.send(new PutItemCommand({ TableName: table, Item: toAv(wideItem(from + i)) }))
    saved++
  }
  return saved
}

/**
 * A versioned model's create, by hand: the item with version 1, written only where no item
 * has the key (the stored item back when one does). Each run writes keys of its own
 * (`next`), so that every put creates.
 */
const versionedPutLoop = (client: DynamoDBClient, table: string, next: { from: number }, n: number) => async (): Promise<number> => {
  const from = next.from
  next.from += n
  let saved = 0
  for (let i = 0; i < n; i++) {
    const Item = toAv(wideItem(from + i))
    Item['version'] = { N: '1' }
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item,
        ConditionExpression: 'attribute_not_exists(#n0)',
        ExpressionAttributeNames: { '#n0': 'pk' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    )
    saved++
  }
  return saved
}

/** The items of the partition, read page by page into one array (what `getMany` returns). */
const queryAll = (client: DynamoDBClient, table: string) => async (): Promise<number> => {
  const got: ReturnType<typeof fromAv>[] = []
  let start: AttributeMap | undefined
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#n0 = :v0',
        ExpressionAttributeNames: { '#n0': 'pk' },
        ExpressionAttributeValues: { ':v0': { S: QUERY_PK } },
        Limit: 100,
        ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
      }),
    )
    for (const it of out.Items ?? []) {
      const w = fromAv(it)
      if (w.pk === QUERY_PK) got.push(w)
    }
    start = out.LastEvaluatedKey
  } while (start !== undefined)
  return got.length
}

/**
 * One page of a customer's orders newest first (`ORDER_PAGE` of them), from `cursor` (the
 * `LastEvaluatedKey` before it as base64url JSON, what a service gives its client; absent: the
 * newest), each order read by hand: how many were read, and the next page's cursor.
 */
export const orderPage = async (client: DynamoDBClient, table: string, cursor: string | undefined): Promise<{ readonly n: number; readonly cursor: string | undefined }> => {
  const out = await client.send(orderQuery(table, cursor))
  const got: Order[] = []
  for (const it of out.Items ?? []) {
    const o = orderFromAv(it)
    if (o.customerId === ORDER_CUSTOMER) got.push(o)
  }
  return { n: got.length, cursor: cursorOf(out.LastEvaluatedKey) }
}

/** The Query of the page from `cursor`. */
export const orderQuery = (table: string, cursor: string | undefined): QueryCommand =>
  new QueryCommand({
    TableName: table,
    KeyConditionExpression: '#n0 = :v0 AND begins_with(#n1, :v1)',
    FilterExpression: '#n2 = :v2',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk', '#n2': '_et' },
    ExpressionAttributeValues: { ':v0': { S: `CUSTOMER#${ORDER_CUSTOMER}` }, ':v1': { S: 'ORDER#' }, ':v2': { S: 'order' } },
    Limit: ORDER_PAGE,
    ScanIndexForward: false,
    ...(cursor !== undefined ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as AttributeMap } : {}),
  })

/** The cursor of the page after one that ended at `last`: its JSON as base64url. */
export const cursorOf = (last: AttributeMap | undefined): string | undefined => (last === undefined ? undefined : Buffer.from(JSON.stringify(last), 'utf8').toString('base64url'))

/** `ORDER_WALKS` walks of `ORDER_WALK` pages from the newest (`orderPage`), each from the cursor of the one before. */
const orderPages = (client: DynamoDBClient, table: string, walks: number) => async (): Promise<number> => {
  let n = 0
  for (let w = 0; w < walks; w++) {
    let cursor: string | undefined
    for (let p = 0; p < ORDER_WALK; p++) {
      const got = await orderPage(client, table, cursor)
      n += got.n
      cursor = got.cursor
    }
  }
  return n
}

// -------------------------------------------------------------------------------------
// streaming: the SDK's own paginators
// -------------------------------------------------------------------------------------

/** Every item of the streamed partition through `paginateQuery`, each read by hand and let go (or kept, `keep`); at most `limit`. */
const streamQuery = (client: DynamoDBClient, table: string, limit: number, keep: boolean) => async (): Promise<number> => {
  const kept: Small[] = []
  let n = 0
  const pages = paginateQuery(
    { client, pageSize: STREAM_PAGE },
    { TableName: table, KeyConditionExpression: '#n0 = :v0', ExpressionAttributeNames: { '#n0': 'pk' }, ExpressionAttributeValues: { ':v0': { S: STREAM_PK } } },
  )
  for await (const out of pages) {
    for (const it of out.Items ?? []) {
      const x = smallFromAv(it)
      if (x.pk === STREAM_PK) {
        n++
        if (keep) kept.push(x)
      }
    }
    if (n >= limit) break
  }
  return keep ? kept.length : n
}

/** Every item of the table through `paginateScan` (filter `n >= 0`, true of every item), each read by hand and let go; at most `limit`. */
const streamScan = (client: DynamoDBClient, table: string, limit: number) => async (): Promise<number> => {
  let n = 0
  const pages = paginateScan(
    { client, pageSize: STREAM_PAGE },
    { TableName: table, FilterExpression: '#n0 >= :v0', ExpressionAttributeNames: { '#n0': 'n' }, ExpressionAttributeValues: { ':v0': { N: '0' } } },
  )
  for await (const out of pages) {
    for (const it of out.Items ?? []) if (smallFromAv(it).pk === STREAM_PK) n++
    if (n >= limit) break
  }
  return n
}

const streamed = (read: (client: DynamoDBClient, table: string, limit: number) => () => Promise<number>) => async (ctx: E2eContext) => {
  const client = clientOf(ctx)
  return { warmup: async () => void (await read(client, ctx.table, STREAM_WARM)()), run: read(client, ctx.table, Infinity), close: () => client.destroy() }
}

// -------------------------------------------------------------------------------------
// the contender
// -------------------------------------------------------------------------------------

export const contender: Contender = {
  id: 'floor',
  label: 'floor (hand-written + marshall / raw SDK)',
  version: '@aws-sdk/util-dynamodb 3.996.9, @aws-sdk/client-dynamodb 3.1162.0',
  cpu: {
    'W1 put': () => () => putConditional(TABLE, w1Item, 'pk', 'age', w1MaxAge),
    'W2 update': () => () => update(TABLE, w2),
    'W3 query': () => () => query(TABLE, w3),
    'W4 delete50': () => () => deleteAll(TABLE, w4),
    'K composed query': () => () => composedQuery(TABLE, composed),
    'T transactWrite': () => () => transactWrite(TABLE, tx),
    'P page': () => {
      const pages = Array.from({ length: PAGE_QUERIES }, (_, i) => pageOf(pagePk(i)))
      let i = 0
      return () => {
        const p = pages[i] as PageOf
        i = i + 1 === PAGE_QUERIES ? 0 : i + 1
        return pageRequest(TABLE, p.page, p.cursor, p.last)
      }
    },
    'P page kept': () => {
      const p = pageOf(page.pk)
      return () => pageRequest(TABLE, p.page, p.cursor, p.last)
    },
    'item encode': () => {
      const it = wideItem(1)
      return () => marshall(it)
    },
    'item decode': () => {
      const av = marshall(wideItem(1))
      return () => unmarshall(av)
    },
  },
  e2e: {
    'getOne x2000': async (ctx) => {
      const { table } = ctx
      const client = clientOf(ctx)
      await rawBatchWrite(client, table, items(0, 2000).map(toAv))
      return { warmup: async () => void (await getLoop(client, table, 0, 200)()), run: getLoop(client, table, 0, 2000), close: () => client.destroy() }
    },
    'saveOne x2000': async (ctx) => {
      const { table } = ctx
      const client = clientOf(ctx)
      return { warmup: async () => void (await putLoop(client, table, 100_000, 200)()), run: putLoop(client, table, 0, 2000), close: () => client.destroy() }
    },
    'saveOne versioned x2000': async (ctx) => {
      const { table } = ctx
      const client = clientOf(ctx)
      const next = { from: 1_000_000 }
      return { warmup: async () => void (await versionedPutLoop(client, table, next, 200)()), run: versionedPutLoop(client, table, next, 2000), close: () => client.destroy() }
    },
    'saveMany 10000': async (ctx) => {
      const { table } = ctx
      const client = clientOf(ctx)
      const warm = items(100_000, 500)
      const all = items(0, 10_000)
      return {
        warmup: async () => void (await rawBatchWrite(client, table, warm.map(toAv))),
        run: () => rawBatchWrite(client, table, all.map(toAv)),
        close: () => client.destroy(),
      }
    },
    'getMany query 1000/100': async (ctx) => {
      const { table } = ctx
      const client = clientOf(ctx)
      await rawBatchWrite(client, table, queryItems(1000).map(toAv))
      return { warmup: async () => void (await queryAll(client, table)()), run: queryAll(client, table), close: () => client.destroy() }
    },
    'page x200 of 20': async (ctx) => {
      const { table } = ctx
      const client = clientOf(ctx)
      await rawBatchWrite(client, table, orderItems())
      return { warmup: async () => void (await orderPages(client, table, 1)()), run: orderPages(client, table, ORDER_WALKS), close: () => client.destroy() }
    },
  },
  stream: {
    'pages query 100000': streamed((client, table, limit) => streamQuery(client, table, limit, false)),
    'getMany query 100000': streamed((client, table, limit) => streamQuery(client, table, limit, true)),
    'pages scan 100000': streamed(streamScan),
  },
}
