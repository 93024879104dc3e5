/**
 * End-to-end helpers shared by every contender: one client configuration, the raw
 * `AttributeValue` form of the 12-attribute item (built and read by hand: the floor), and
 * the unmeasured seeding of a table.
 */
import { Readable } from 'node:stream'
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  type AttributeValue,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb'
import type { Contender, E2eContext, Order, Small, Wide } from './shared.js'
import { ORDER_COUNT, ORDER_CUSTOMER, orderItem, smallItem, wideItem } from './shared.js'

export type AttributeMap = Record<string, AttributeValue>

const noop = (): void => undefined

/**
 * A real `DynamoDBClient` (every middleware of the SDK: the request signed and serialized, the
 * response parsed from JSON) whose HTTP handler answers at once with `answer`'s JSON body for
 * the request's operation (`Query`, `Scan`, …) and input: the client's own work, no network.
 * The handler listens on the request's abort signal as Node's handler does.
 */
export const answeringClient = (answer: (operation: string, input: Record<string, unknown>) => string | Promise<string>): DynamoDBClient => {
  const handler = {
    handle: async (req: { headers: Record<string, string>; body?: unknown }, options?: { abortSignal?: AbortSignal }) => {
      options?.abortSignal?.addEventListener('abort', noop, { once: true })
      const operation = (req.headers['x-amz-target'] ?? '').split('.')[1] ?? ''
      const input = JSON.parse(typeof req.body === 'string' ? req.body : Buffer.from(req.body as Uint8Array).toString('utf8')) as Record<string, unknown>
      const body = Readable.from([Buffer.from(await answer(operation, input))])
      options?.abortSignal?.removeEventListener('abort', noop)
      return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body } }
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  }
  return new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: handler as never,
    maxAttempts: 3,
  })
}

/** The client of a run: the stand-in of a `stub` run, else a new one for the endpoint. */
export const clientOf = (ctx: E2eContext): DynamoDBClient => ctx.client ?? makeClient(ctx.endpoint)

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

/** The hand-built `AttributeValue` map of a streamed item. */
export const smallToAv = (x: Small): AttributeMap => ({ pk: { S: x.pk }, sk: { S: x.sk }, n: { N: String(x.n) }, s: { S: x.s } })

/** The hand-written reader of a streamed item. */
export const smallFromAv = (av: AttributeMap): Small => ({ pk: av.pk?.S as string, sk: av.sk?.S as string, n: Number(av.n?.N), s: av.s?.S as string })

/** Seeds the streamed table once per run (not measured): `count` items, 8 batch-writing loops at once. */
export const seedStream = async (client: DynamoDBClient, table: string, count: number): Promise<number> => {
  const loops = 8
  const per = Math.ceil(count / loops)
  const written = await Promise.all(
    Array.from({ length: loops }, (_, l) => {
      const from = l * per
      const avs = Array.from({ length: Math.max(0, Math.min(per, count - from)) }, (_, i) => smallToAv(smallItem(from + i)))
      return rawBatchWrite(client, table, avs)
    }),
  )
  return written.reduce((a, b) => a + b, 0)
}

/** Items `from`..`from+count-1`, under their own keys. */
export const items = (from: number, count: number): Wide[] => Array.from({ length: count }, (_, i) => wideItem(from + i))

/** The items a query workload reads: one partition `QUERY`, sort keys `ITEM#0000`…. */
export const QUERY_PK = 'QUERY'
export const queryItems = (count: number): Wide[] =>
  Array.from({ length: count }, (_, i) => ({ ...wideItem(i), pk: QUERY_PK, sk: `ITEM#${String(i).padStart(5, '0')}` }))

/** The hand-built `AttributeValue` map of an order: its composed keys, its entity, its fields. */
export const orderToAv = (o: Order): AttributeMap => {
  const createdAt = o.createdAt.toISOString()
  return {
    pk: { S: `CUSTOMER#${o.customerId}` },
    sk: { S: `ORDER#${createdAt}#${o.orderId}` },
    _et: { S: 'order' },
    customerId: { S: o.customerId },
    orderId: { S: o.orderId },
    createdAt: { S: createdAt },
    status: { S: o.status },
    total: { N: String(o.total) },
  }
}

/** The hand-written reader of an order (no validation beyond the shape it expects). */
export const orderFromAv = (av: AttributeMap): Order => ({
  customerId: av.customerId?.S as string,
  orderId: av.orderId?.S as string,
  createdAt: new Date(av.createdAt?.S as string),
  status: av.status?.S as string,
  total: Number(av.total?.N),
})

/**
 * What the page workload reads: the `ORDER_COUNT` orders of customer `ORDER_CUSTOMER`, and in
 * their partition the customer's own item (another entity, which the orders' key condition
 * leaves out).
 */
export const orderItems = (): AttributeMap[] => [
  { pk: { S: `CUSTOMER#${ORDER_CUSTOMER}` }, sk: { S: 'PROFILE' }, _et: { S: 'customer' }, customerId: { S: ORDER_CUSTOMER }, name: { S: 'Ada' } },
  ...Array.from({ length: ORDER_COUNT }, (_, i) => orderToAv(orderItem(i))),
]

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

/**
 * `stubClient`'s answers as JSON bodies, for `answeringClient` (a real `DynamoDBClient`, every
 * middleware, answered at once): the body of each request kept by operation, the start key's
 * `sk` and `Limit` where `keep(operation)`, so that contenders asking the same pages get the
 * same bodies, built once.
 */
export const stubBodies = (keep: (target: string) => boolean = () => true): ((target: string, input: Record<string, unknown>) => Promise<string>) => {
  const stub = stubClient()
  const bodies = new Map<string, string>()
  return async (target, input) => {
    const start = (input.ExclusiveStartKey as { sk?: { S?: string } } | undefined)?.sk?.S
    const k = `${target}\u0000${String(start)}\u0000${String(input.Limit)}`
    let b = bodies.get(k)
    if (b === undefined) {
      const { $metadata: _, ...out } = (await stub.send({ constructor: { name: `${target}Command` }, input } as never)) as unknown as Record<string, unknown>
      b = JSON.stringify(out)
      if (keep(target)) bodies.set(k, b)
    }
    return b
  }
}

/**
 * A stand-in for `DynamoDBClient` that answers at once, without a network or the SDK's
 * middleware: `GetItem` with the item of the key (items 0…1999, as seeded), `PutItem` and
 * `BatchWriteItem` with success, `Query` with the 1,000 query items in pages of `Limit`, or,
 * on the orders' partition, with its orders newest first (the page workload's read).
 * What a run costs with it is the library's own work (building requests, reading items).
 */
export const stubClient = (): DynamoDBClient => {
  const byKey = new Map<string, AttributeMap>()
  for (const w of items(0, 2000)) byKey.set(`${w.pk}\u0000${w.sk}`, toAv(w))
  const queryAvs = queryItems(1000).map(toAv)
  const orderAvs = orderItems().filter((x) => x._et?.S === 'order').reverse()
  const orderAt = new Map(orderAvs.map((x, i) => [x.sk?.S as string, i]))
  const answer = (name: string, input: Record<string, unknown>): unknown => {
    switch (name) {
      case 'GetItemCommand': {
        const key = input.Key as AttributeMap
        const item = byKey.get(`${key.pk?.S}\u0000${key.sk?.S}`)
        return item === undefined ? {} : { Item: item }
      }
      case 'PutItemCommand':
        return {}
      case 'BatchWriteItemCommand':
        return { UnprocessedItems: {} }
      case 'QueryCommand': {
        const start = input.ExclusiveStartKey as AttributeMap | undefined
        const values = input.ExpressionAttributeValues as AttributeMap | undefined
        if (values?.[':v0']?.S === `CUSTOMER#${ORDER_CUSTOMER}`) {
          const from = start === undefined ? 0 : (orderAt.get(start.sk?.S as string) as number) + 1
          const page = orderAvs.slice(from, from + ((input.Limit as number | undefined) ?? orderAvs.length))
          const last = page[page.length - 1]
          return from + page.length < orderAvs.length && last !== undefined
            ? { Items: page, Count: page.length, LastEvaluatedKey: { pk: last.pk, sk: last.sk } }
            : { Items: page, Count: page.length }
        }
        const from = start === undefined ? 0 : Number(start.sk?.S?.slice('ITEM#'.length)) + 1
        const limit = (input.Limit as number | undefined) ?? queryAvs.length
        const page = queryAvs.slice(from, from + limit)
        const last = page[page.length - 1]
        return from + limit < queryAvs.length && last !== undefined
          ? { Items: page, Count: page.length, LastEvaluatedKey: { pk: last.pk, sk: last.sk } }
          : { Items: page, Count: page.length }
      }
      default:
        throw new Error(`stubClient: no answer for ${name}`)
    }
  }
  const send = (command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown> => {
    try {
      return Promise.resolve({ ...(answer(command.constructor.name, command.input) as object), $metadata: {} })
    } catch (e) {
      return Promise.reject(e)
    }
  }
  return { send, destroy: () => undefined } as unknown as DynamoDBClient
}

/** This process's CPU time so far, in ms (user + system). */
export const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** A contender by id: a module of bench/ (`floor`, `module.js:name`), or a bundle's path (`.bench-out/bundle/dynamongo.mjs`). */
export const contenderOf = async (id: string): Promise<Contender | undefined> => {
  const [file, name = 'contender'] = id.endsWith('.mjs') ? [id] : id.includes(':') ? id.split(':') : [`${id}.js`]
  const spec = id.endsWith('.mjs') ? new URL(`../${file}`, import.meta.url).href : `./${file}`
  return ((await import(spec)) as Record<string, Contender>)[name as string]
}

/**
 * The runs warmed up (1.5 s of CPU over all of them, then one run each), then `rounds` rounds of
 * one run each, the order reversed every other round: each run's CPU ms by round, by run.
 * `check` is told each run's index and item count (to throw on a wrong one).
 */
export const alternateRounds = async (
  runs: ReadonlyArray<{ readonly warmup: () => Promise<void>; readonly run: () => Promise<number> }>,
  rounds: number,
  check: (i: number, n: number) => void,
): Promise<ReadonlyArray<ReadonlyArray<number>>> => {
  const w0 = cpuMs()
  while (cpuMs() - w0 < 1500) for (const r of runs) await r.warmup()
  for (const r of runs) await r.run()
  const cpu: number[][] = runs.map(() => [])
  for (let r = 0; r < rounds; r++) {
    const order = runs.map((_, i) => i)
    if (r % 2 === 1) order.reverse()
    for (const i of order) {
      const t0 = cpuMs()
      const n = await (runs[i] as { readonly run: () => Promise<number> }).run()
      ;(cpu[i] as number[]).push(cpuMs() - t0)
      check(i, n)
    }
  }
  return cpu
}
