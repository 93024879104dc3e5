/**
 * What the steps of a versioned saveOne cost with cold caches, as between the SDK's work on
 * real requests: before each call, a write to every cache line of a buffer (8 MB by default:
 * more than this machine's 4 MB of L2 per core) evicts the caches; each call's wall time is
 * read on its own (a few µs: the load of other processes rarely lands in one), the trimmed mean
 * (10% each side) of `rounds` calls reported. The steps: the raw loop's request (`toAv`, the
 * version, the `PutItemCommand`), and this tree's `stamp`, `Model.encode`, `Item.marshall`, the
 * codec's `is`, `Item.encode` (what `Model.encode` does of the codec), `Command.putItem`; with
 * the path of another checkout's `lib/index.ts`, that build's same steps, alternated with this
 * one's in one process (its `node_modules` a link to this tree's, so that both load one SDK,
 * fp-ts and io-ts).
 *
 *   npx tsx bench/saveCold.ts [rounds=3000] [/path/to/other/lib/index.ts] [--mb=8]
 */
import * as t from 'io-ts'
import type * as E from 'fp-ts/lib/Either.js'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as This from '../lib/index.js'
import { toAv } from './e2eCommon.js'
import { wideItem } from './shared.js'
import { trimmedMean } from './stats.js'

const args = process.argv.slice(2)
const mb = Number(args.find((a) => a.startsWith('--mb='))?.slice('--mb='.length) ?? 8)
const [roundsArg, other] = args.filter((a) => !a.startsWith('--'))
const rounds = Number(roundsArg ?? 3000)

type Lib = typeof This
type Step = (i: number) => unknown

/** `VersionedWide` of bench/dynamongo.ts, made with `L`. */
const versioned = (L: Lib) => {
  const wide = t.type({ pk: t.string, sk: t.string, name: t.string, email: t.string, age: t.number, score: t.number, visits: t.number, active: t.boolean, tags: L.Field.list(t.string), address: t.type({ city: t.string, zip: t.string }), roles: L.Field.stringSet, lucky: L.Field.numberSet })
  return L.Model.make({ table: 'bench', hashKey: 'pk', rangeKey: 'sk', codec: t.intersection([wide, t.partial({ version: L.Field.int({ min: 1 }) })]), defaults: { visits: 0 }, version: 'version' })
}

const N = 4000
const stepsOf = (L: Lib, tag: string): Record<string, Step> => {
  const V = versioned(L)
  const now = new Date()
  const stamped = Array.from({ length: N }, (_, i) => (L.Command.stamp(V, wideItem(i) as never, now) as E.Right<never>).right)
  const stored = stamped.map((x) => (L.Model.encode(V, x) as E.Right<{ readonly stored: This.AttributeMap }>).right.stored)
  return {
    [`stamp ${tag}`]: (i) => L.Command.stamp(V, wideItem(i) as never, new Date()),
    [`codec is ${tag}`]: (i) => V.codec.is(stamped[i % N]),
    [`Item.marshall ${tag}`]: (i) => L.Item.marshall(stamped[i % N]),
    [`Item.encode ${tag}`]: (i) => L.Item.encode(V.codec, stamped[i % N] as never),
    [`Model.encode ${tag}`]: (i) => L.Model.encode(V, stamped[i % N] as never),
    [`putItem ${tag}`]: (i) => L.Command.putItem(V, 'bench', stored[i % N] as This.AttributeMap, undefined, new Date()),
  }
}

const rawRequest: Step = (i) => {
  const Item = toAv(wideItem(i))
  Item['version'] = { N: '1' }
  return new PutItemCommand({ TableName: 'bench', Item, ConditionExpression: 'attribute_not_exists(#n0)', ExpressionAttributeNames: { '#n0': 'pk' }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
}
const steps: Record<string, Step> = {
  nothing: () => 0,
  'wideItem (the input)': (i) => wideItem(i),
  'raw request': rawRequest,
  'toAv (the raw marshall)': (i) => toAv(wideItem(i)),
  ...stepsOf(This, 'this'),
  ...(other === undefined ? {} : stepsOf((await import(other)) as Lib, 'other')),
}

const buffer = new Uint8Array(mb << 20)
const evict = (): void => {
  for (let i = 0; i < buffer.length; i += 64) buffer[i] = (buffer[i] as number) + 1
}
let sink: unknown
const names = Object.keys(steps)
for (let w = 0; w < 20_000; w++) for (const n of names) sink = (steps[n] as Step)(w)
const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
for (let r = 0; r < rounds; r++) {
  for (const n of r % 2 === 0 ? names : [...names].reverse()) {
    evict()
    const t0 = performance.now()
    sink = (steps[n] as Step)(r)
    ;(us[n] as number[]).push((performance.now() - t0) * 1000)
  }
}
void sink
console.log(`a versioned saveOne's steps, ${mb} MB evicted before each call, trimmed mean of ${rounds} calls (µs)`)
for (const n of names) console.log(`${n.padEnd(28)} ${trimmedMean(us[n] as number[]).toFixed(2)}`)
