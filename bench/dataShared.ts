/** What the data benches share: the model, the 20,000 items, the raw loop and its line format, a counting sink, a process's CPU time. */
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { BatchWriteItemCommand, CreateTableCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import { Field, Model } from '../lib/index.js'

export const N = 20_000

const codec = t.intersection([
  t.type({ pk: t.string, sk: t.number }),
  t.partial({ name: t.string, big: Field.decimal, blob: Field.binary, tags: Field.stringSet, doc: Field.map({ city: t.string }, { n: t.number }) }),
])
export const Things = Model.make({ table: 'bench-things', hashKey: 'pk', rangeKey: 'sk', codec, billing: 'onDemand' })

export type Item = Record<string, AttributeValue>

export const item = (i: number): Item => ({
  pk: { S: `p${i % 101}` },
  sk: { N: String(i) },
  name: { S: `name ${i} ${'x'.repeat(i % 40)} é😀` },
  big: { N: `${'9'.repeat(33)}${String(i).padStart(5, '0')}` },
  blob: { B: new Uint8Array([i & 0xff, 1, 2, 3, 4, 5, 6, 7]) },
  tags: { SS: [`t${i % 5}`, `u${i % 7}`] },
  doc: { M: { city: { S: `City ${i}` }, n: { N: String(i / 7) } } },
})

/** `JSON.stringify`'s replacer of the raw loop: binaries as base64. */
export const b64 = function (this: Record<string, unknown>, key: string, value: unknown) {
  const raw = this[key]
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value
}

/** The hand-written load: each line parsed, binaries decoded, BatchWriteItem chunks of 25 one at a time, unprocessed items sent again. */
export const rawLoad = async (client: Pick<DynamoDBClient, 'send'>, table: string, lines: ReadonlyArray<string>): Promise<void> => {
  let batch: WriteRequest[] = []
  const flush = async () => {
    let req: WriteRequest[] = batch
    while (req.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: req } }))
      req = out.UnprocessedItems?.[table] ?? []
    }
    batch = []
  }
  for (const line of lines) {
    const it = (JSON.parse(line) as { Item: Record<string, Record<string, unknown>> }).Item
    for (const k of Object.keys(it)) if (typeof it[k]?.['B'] === 'string') it[k] = { B: new Uint8Array(Buffer.from(it[k]?.['B'] as string, 'base64')) }
    batch.push({ PutRequest: { Item: it as unknown as Item } })
    if (batch.length === 25) await flush()
  }
  await flush()
}

/** The raw table of the dump and load benches: hash key `pk` (S), range key `sk` (N), on demand. */
export const createThingsTable = async (client: DynamoDBClient, table: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  )
}

/** A sink that counts lines and drops them. */
export const sink = () => {
  let lines = 0
  const w = new Writable({
    write: (c: Buffer | string, _e, cb) => {
      const s = String(c)
      for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++
      cb()
    },
  })
  return { w, lines: () => lines }
}

/** The CPU time of a process so far, in ms (user + system, /proc/<pid>/stat). */
export const processCpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/** The raw dump: a sequential Scan, each page's items written as lines (`{"Item":…}`, binaries base64) to a counting sink, drained between pages. */
export const rawDump = async (client: Pick<DynamoDBClient, 'send'>, table: string): Promise<void> => {
  const s = sink()
  let ExclusiveStartKey: Item | undefined
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }))
    let chunk = ''
    for (const it of page.Items ?? []) chunk += `${JSON.stringify({ Item: it }, b64)}\n`
    if (!s.w.write(chunk)) await new Promise((r) => s.w.once('drain', r))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey !== undefined)
  if (s.lines() !== N) throw new Error(`raw dump: ${s.lines()}`)
}
