/**
 * A dump then a load gives back every stored item exactly, DynamoDB Local the oracle: items of
 * every type (strings, numbers of up to 38 digits and of any magnitude, binaries, booleans,
 * nulls, the three kinds of sets, lists and maps nested three deep, empty strings, binaries,
 * lists and maps), under attribute names of any text (astral characters, JSON's own words,
 * names that look like paths), on a table whose range key is binary, written raw by PutItem,
 * dumped (the command line's raw target, 3 segments) as lines of DynamoDB's export format
 * (each exactly `{"Item":{…}}`, as `ImportTable` reads them) and loaded into another table:
 * both tables, read with raw Scans, hold the same items. fast-check, fixed seeds; a floor on
 * what the items hold, so that the property is never met by items too plain to test it.
 */
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import { CreateTableCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as Data from '../../lib/run/data.js'
import * as DE from '../../lib/DynamoError.js'
import * as Env from '../../lib/run/Env.js'
import { describeByName } from '../../lib/run/tables.js'
import { attributeValue } from '../arb/items.js'
import { local, scanAll, uniqueTable } from '../harness/local.js'
import { ok, REQUEST_MS } from '../harness/models.js'

type Item = Record<string, AttributeValue>

/** A table: hash key `pk` (S), range key `sk` (B); on-demand. */
const binaryRanged = async (client: Parameters<typeof scanAll>[0], TableName: string): Promise<void> => {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'B' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  )
}

/** Attribute names: any short text, and words that mean something to JSON, to paths or to the format. */
const name = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', 'Item', 'S', 'a.b', '#x', ':v', ' ', '\u0000', '😀', 'x[0]') },
)

/** An item with the key `pk` (text of `i`, unique) and `sk` (any bytes but none), and up to 6 attributes of any type. */
const item = (i: number): fc.Arbitrary<Item> =>
  fc
    .tuple(
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.uint8Array({ minLength: 1, maxLength: 6 }),
      fc.dictionary(name.filter((n) => n !== 'pk' && n !== 'sk' && n !== '__proto__'), attributeValue(3), { maxKeys: 6 }),
    )
    .map(([p, sk, rest]) => ({ ...rest, pk: { S: `${i}${p}` }, sk: { B: sk } }))

/** A stored value as comparable text: a set's members sorted (DynamoDB keeps no order), binaries as hex. */
const canonical = (av: AttributeValue): unknown => {
  if (av.SS !== undefined) return { SS: [...av.SS].sort() }
  if (av.NS !== undefined) return { NS: [...av.NS].sort() }
  if (av.BS !== undefined) return { BS: av.BS.map((b) => Buffer.from(b).toString('hex')).sort() }
  if (av.B !== undefined) return { B: Buffer.from(av.B).toString('hex') }
  if (av.M !== undefined) return { M: canonicalItem(av.M) }
  if (av.L !== undefined) return { L: av.L.map(canonical) }
  return av
}
const canonicalItem = (x: Item): Record<string, unknown> => Object.fromEntries(Object.keys(x).sort().map((k) => [k, canonical(x[k] as AttributeValue)]))
const table = async (client: Parameters<typeof scanAll>[0], name: string): Promise<string[]> => (await scanAll(client, name)).map((x) => JSON.stringify(canonicalItem(x))).sort()

/** What a value holds, counted by kind (the floor's), down through lists and maps. */
const tally = (av: AttributeValue, seen: Map<string, number>): void => {
  const add = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1)
  const kind = Object.keys(av)[0] as string
  add(kind)
  if (av.S === '') add('empty S')
  if (av.B !== undefined && av.B.length === 0) add('empty B')
  if (av.N !== undefined && av.N.replace(/[^0-9]/g, '').replace(/^0+/, '').length >= 30) add('long N')
  if (av.L !== undefined) (av.L.length === 0 ? add('empty L') : av.L.forEach((v) => tally(v, seen)))
  if (av.M !== undefined) (Object.keys(av.M).length === 0 ? add('empty M') : Object.values(av.M).forEach((v) => tally(v, seen)))
}

test('a dump (3 segments) of 7 × 150 items of every type under any names, loaded into another table, gives back every item exactly; each line is exactly {"Item":{…}}', async () => {
  const db = await local()
  const env = Env.make({ region: 'us-east-2', client: db.client, timeoutMs: REQUEST_MS })
  const seen = new Map<string, number>()
  let total = 0
  for (let run = 0; run < 7; run++) {
    const seed = 8_500 + run
    const items = fc.sample(fc.tuple(...Array.from({ length: 150 }, (_, i) => item(i))), { seed, numRuns: 1 })[0] as ReadonlyArray<Item>
    const from = uniqueTable('dump_property')
    const to = uniqueTable('dump_property')
    await Promise.all([binaryRanged(db.client, from), binaryRanged(db.client, to)])
    for (const x of items) for (const v of Object.values(x)) tally(v, seen)
    for (let i = 0; i < items.length; i += 25) await Promise.all(items.slice(i, i + 25).map((Item) => db.client.send(new PutItemCommand({ TableName: from, Item }))))
    total += items.length
    const target = async (t: string): Promise<Data.Target> => {
      const info = await ok(env, describeByName(t))
      assert.ok(info._tag === 'Some', `seed ${seed}: no table ${t}`)
      return Data.rawTarget((info as { readonly value: Parameters<typeof Data.rawTarget>[0] }).value)
    }
    let text = ''
    const out = new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) })
    await ok(env, Data.dumpTarget(await target(from), out, { segments: 3 }))
    const lines = text.split('\n')
    assert.is(lines.pop(), '', `seed ${seed}: the dump ends with a line end`)
    assert.is(lines.length, items.length, `seed ${seed}`)
    for (const l of lines) assert.equal(Object.keys(JSON.parse(l) as object), ['Item'], `seed ${seed}: ${l}`)
    const loaded = await ok(env, Data.loadTarget(await target(to), lines))
    assert.equal(loaded.fail.map((f) => `line ${f.line}: ${DE.show(f.error)}`), [], `seed ${seed}`)
    assert.is(loaded.written, items.length, `seed ${seed}`)
    const [a, b] = await Promise.all([table(db.client, from), table(db.client, to)])
    assert.is(a.length, items.length, `seed ${seed}`)
    assert.equal(b, a, `seed ${seed}`)
  }
  // the floor: the items held enough of each kind of value for the property to mean something
  assert.is(total, 1_050)
  for (const [kind, least] of Object.entries({ S: 500, N: 500, B: 200, BOOL: 50, NULL: 50, SS: 50, NS: 50, BS: 50, L: 100, M: 100, 'empty S': 50, 'empty B': 20, 'long N': 50, 'empty L': 20, 'empty M': 20 })) {
    assert.ok((seen.get(kind) ?? 0) >= least, `${kind}: ${seen.get(kind) ?? 0} values, fewer than ${least}`)
  }
})

test.run()
