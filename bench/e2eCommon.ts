/**
 * End-to-end helpers shared by every contender: one client configuration, the raw
 * `AttributeValue` form of the 12-attribute item (built and read by hand: the floor), and
 * the unmeasured seeding of a table.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import type { Wide } from './shared.js'
import { wideItem } from './shared.js'

export type AttributeMap = Record<string, AttributeValue>

/** The same client configuration for every contender. */
export const makeClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  })

export const createTable = async (client: DynamoDBClient, table: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
}

export const deleteTable = async (client: DynamoDBClient, table: string): Promise<void> => {
  try {
    await client.send(new DeleteTableCommand({ TableName: table }))
  } catch {
    /* the table goes with DynamoDB Local anyway */
  }
}

/** The hand-built `AttributeValue` map of a `Wide` item. */
export const toAv = (w: Wide): AttributeMap => {
  const roles: string[] = []
  for (const r of w.roles) roles.push(r)
  const lucky: string[] = []
  for (const n of w.lucky) lucky.push(String(n))
  const tags: AttributeValue[] = []
  for (const t of w.tags) tags.push({ S: t })
  return {
    pk: { S: w.pk },
    sk: { S: w.sk },
    name: { S: w.name },
    email: { S: w.email },
    age: { N: String(w.age) },
    score: { N: String(w.score) },
    visits: { N: String(w.visits) },
    active: { BOOL: w.active },
    tags: { L: tags },
    address: { M: { city: { S: w.address.city }, zip: { S: w.address.zip } } },
    roles: { SS: roles },
    lucky: { NS: lucky },
  }
}

/** The hand-written reader of a `Wide` item (no validation beyond the shape it expects). */
export const fromAv = (av: AttributeMap): Wide => {
  const m = av.address?.M ?? {}
  return {
    pk: av.pk?.S as string,
    sk: av.sk?.S as string,
    name: av.name?.S as string,
    email: av.email?.S as string,
    age: Number(av.age?.N),
    score: Number(av.score?.N),
    visits: Number(av.visits?.N),
    active: av.active?.BOOL === true,
    tags: (av.tags?.L ?? []).map((x) => x.S as string),
    address: { city: m.city?.S as string, zip: m.zip?.S as string },
    roles: new Set(av.roles?.SS ?? []),
    lucky: new Set((av.lucky?.NS ?? []).map(Number)),
  }
}

/** Items `from`..`from+count-1`, under their own keys. */
export const items = (from: number, count: number): Wide[] => Array.from({ length: count }, (_, i) => wideItem(from + i))

/** The items a query workload reads: one partition `QUERY`, sort keys `ITEM#0000`…. */
export const QUERY_PK = 'QUERY'
export const queryItems = (count: number): Wide[] =>
  Array.from({ length: count }, (_, i) => ({ ...wideItem(i), pk: QUERY_PK, sk: `ITEM#${String(i).padStart(5, '0')}` }))

/** A sequential loop of 25-item `BatchWriteItem` calls, retrying unprocessed items. */
export const rawBatchWrite = async (client: DynamoDBClient, table: string, avs: ReadonlyArray<AttributeMap>): Promise<number> => {
  let written = 0
  for (let i = 0; i < avs.length; i += 25) {
    let pending: WriteRequest[] = avs.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)))
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }))
      const left = out.UnprocessedItems?.[table] ?? []
      written += pending.length - left.length
      pending = left
    }
  }
  return written
}
