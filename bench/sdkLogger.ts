/**
 * What the SDK's log records cost a client, and what the client `Env.make` builds saves.
 *
 *   npx tsx bench/sdkLogger.ts [rounds=7]
 *
 * The SDK's logger middleware, after every send, copies the request and the response
 * through the operation's schema (masking sensitive members) for `logger.info`, or the
 * request for `logger.error`, whenever the logger has those methods, and its default
 * logger (`NoOpLogger`) has them, doing nothing. `Env.make`'s client has a logger without
 * them (`quietLogger` in lib/run/config.ts), so the SDK skips the copies.
 *
 * One process, a stand-in request handler (canned responses, no network; everything else
 * of the SDK runs: serialization, signing, retries, deserialization), CPU time per send
 * (`process.cpuUsage`), the two clients interleaved in alternating order over rounds,
 * medians. A 12-attribute item for GetItem / PutItem, 25 of them for BatchWriteItem.
 */
import { BatchWriteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { Readable } from 'node:stream'
import * as Env from '../lib/run/Env.js'
import { items, toAv } from './e2eCommon.js'
import { STREAM_PAGE, median, smallItem } from './shared.js'

const rounds = Number(process.argv[2] ?? 7)
const item = toAv(items(0, 1)[0] as Parameters<typeof toAv>[0])
const batch = items(0, 25).map((w) => ({ PutRequest: { Item: toAv(w) } }))
/** A page of the streamed Scan (`bench/streamStub.ts`): its small items, as DynamoDB's JSON. */
const scanPage = JSON.stringify({
  Items: Array.from({ length: STREAM_PAGE }, (_, i) => {
    const x = smallItem(i)
    return { pk: { S: x.pk }, sk: { S: x.sk }, n: { N: String(x.n) }, s: { S: x.s } }
  }),
  Count: STREAM_PAGE,
  ScannedCount: STREAM_PAGE,
})

const answer = (target: string): string =>
  target.endsWith('.GetItem')
    ? JSON.stringify({ Item: item })
    : target.endsWith('.BatchWriteItem')
      ? '{"UnprocessedItems":{}}'
      : target.endsWith('.Scan')
        ? scanPage
        : '{}'

/** Answers at once, like DynamoDB would, with no network. */
const handler = {
  handle: async (req: { headers: Record<string, string> }) => ({
    response: {
      statusCode: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: Readable.from([Buffer.from(answer(req.headers['x-amz-target'] ?? ''))]),
    },
  }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
}

const quiet = Env.make().client.config.logger
const client = (logger: 'sdk default' | 'Env.make'): DynamoDBClient =>
  new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: handler as never,
    ...(logger === 'Env.make' ? { logger: quiet } : {}),
  })

const commands = {
  GetItem: () => new GetItemCommand({ TableName: 't', Key: { pk: item.pk as never, sk: item.sk as never } }),
  PutItem: () => new PutItemCommand({ TableName: 't', Item: item }),
  'BatchWriteItem (25 items)': () => new BatchWriteItemCommand({ RequestItems: { t: batch } }),
  [`Scan (a page of ${STREAM_PAGE} small items)`]: () => new ScanCommand({ TableName: 't' }),
}

const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const main = async (): Promise<void> => {
  const us = new Map<string, number[]>()
  for (let r = 0; r < rounds; r++) {
    for (const [name, make] of Object.entries(commands)) {
      for (const logger of r % 2 === 0 ? (['sdk default', 'Env.make'] as const) : (['Env.make', 'sdk default'] as const)) {
        const c = client(logger)
        const send = (): Promise<unknown> => c.send(make() as GetItemCommand)
        for (let i = 0; i < (name.startsWith('Scan') ? 20 : 300); i++) await send()
        const n = name.startsWith('Batch') ? 500 : name.startsWith('Scan') ? 40 : 2000
        const t0 = cpuMs()
        for (let i = 0; i < n; i++) await send()
        const key = `${name}\u0000${logger}`
        us.set(key, [...(us.get(key) ?? []), ((cpuMs() - t0) * 1000) / n])
        c.destroy()
      }
    }
  }
  console.log(`\n| command | SDK's default logger, µs/send | Env.make's client, µs/send | ratio |\n|---|--:|--:|--:|`)
  for (const name of Object.keys(commands)) {
    const a = median(us.get(`${name}\u0000sdk default`) ?? [])
    const b = median(us.get(`${name}\u0000Env.make`) ?? [])
    console.log(`| ${name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)}× |`)
  }
  console.log(`\nCPU per send, median of ${rounds} rounds (node ${process.version}).`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
