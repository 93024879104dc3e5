/**
 * The client CPU of `Dynamo.load` against the raw loop of bench/data.ts, without a server:
 * both through a real `DynamoDBClient` whose HTTP handler answers every `BatchWriteItem` at
 * once (`UnprocessedItems: {}`: nothing unprocessed), so what is measured is each side's own work per line (reading,
 * checking, building and serializing the requests). The runs alternate in one process,
 * paired by round.
 *
 *   npx tsx bench/dataStub.ts [rounds=7]     (C=n: the Env's batch concurrency, default 8; ONLY=raw|dynamongo)
 */
import { Readable } from 'node:stream'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { Dynamo, Env } from '../lib/index.js'
import { N, Things, b64, item, rawLoad } from './dataShared.js'

const rounds = Number(process.argv[2] ?? 7)

const handler = {
  handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{"UnprocessedItems":{}}')]) } }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
}
const client = new DynamoDBClient({
  region: 'us-east-2',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestHandler: handler as never,
  maxAttempts: 1,
})
const env = Env.make({ client, tablePrefix: '', concurrency: Number(process.env['C'] ?? 8) })
const table = Things.table
const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ Item: item(i) }, b64))

const raw = () => rawLoad(client, table, lines)
const lib = async () => {
  const r = await Dynamo.load(Things, (async function* () { yield* lines })())(env)()
  if (E.isLeft(r) || r.right.written !== N) throw new Error('load failed')
}

const cpuMs = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}

const main = async () => {
  const only = process.env['ONLY']
  const runs: Record<string, number[]> = { raw: [], dynamongo: [] }
  for (let r = 0; r < 2; r++) {
    await raw()
    await lib()
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries({ raw, dynamongo: lib })) {
      if (only !== undefined && only !== name) continue
      const c0 = cpuMs()
      await f()
      runs[name]?.push(cpuMs() - c0)
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
  for (const [k, v] of Object.entries(runs)) {
    if (v.length === 0) continue
    const paired = v.map((x, i) => x / ((runs['raw'] as number[])[i] ?? NaN))
    console.log(`${k}: CPU ${median(v).toFixed(0)} ms per ${N} lines (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)}), paired × raw ${median(paired).toFixed(2)} (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`)
  }
}

void main()
