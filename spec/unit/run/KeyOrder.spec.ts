/**
 * The conditional writes of one call to one key go out in their order (DESIGN §2, §5.3): as a
 * `BatchWriteItem`'s writes to one key go out one wave after another, `saveMany` with
 * `overwrite: false` or a condition, on a versioned model, `deleteMany` with checks, and `load`
 * of a versioned model send the next write to a key only once the one before it has answered:
 * each meets what the one before it left, so `[create, edit of version 1, edit of version 2]`
 * of one item all succeed, and of two creates of one key the first given wins — never the one
 * whose request happened to arrive first. Writes to different keys still run concurrently.
 *
 * A client that answers each PutItem/DeleteItem after a few turns of the event loop and notes
 * the requests to one key in flight at once; a property over lists of writes with repeated
 * keys (seeded). DynamoDB Local's outcomes of the same calls are in Lifecycle.spec.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { right } from '../../harness/either.js'

const Plain = Model.make({ table: 'plain', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const Versioned = Model.make({ table: 'versioned', hashKey: 'id', version: 'version', codec: t.intersection([t.type({ id: t.string, n: t.number }), t.partial({ version: Field.int() })]) })

interface Sent {
  readonly id: string
  readonly n: string | undefined
}

/** An Env whose client answers writes after `delay(i)` turns of the event loop, noting the order of each key's requests and any two of one key in flight at once. */
const client = (delay: (i: number) => number) => {
  const inFlight = new Map<string, number>()
  const sent: Sent[] = []
  let overlaps = 0
  let most = 0
  let now = 0
  const send = async (command: { readonly input: { readonly Item?: Record<string, AttributeValue>; readonly Key?: Record<string, AttributeValue> } }) => {
    const item = command.input.Item ?? command.input.Key ?? {}
    const id = item['id']?.S as string
    const i = sent.length
    sent.push({ id, n: item['n']?.N })
    const open = (inFlight.get(id) ?? 0) + 1
    if (open > 1) overlaps++
    inFlight.set(id, open)
    most = Math.max(most, ++now)
    for (let k = 0; k < delay(i); k++) await new Promise((r) => setImmediate(r))
    inFlight.set(id, (inFlight.get(id) ?? 1) - 1)
    now--
    return { $metadata: {} }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, concurrency: 8 })
  return { env, sent, overlaps: () => overlaps, most: () => most }
}

/** The values of `n` sent for each key, in the order sent. */
const byKey = (sent: ReadonlyArray<Sent>): Record<string, ReadonlyArray<string | undefined>> => {
  const out: Record<string, Array<string | undefined>> = {}
  for (const s of sent) (out[s.id] ??= []).push(s.n)
  return out
}

test('saveMany (overwrite false, a condition, a versioned model) and deleteMany with checks: the writes to one key one after another, in input order; other keys concurrently', async () => {
  // the later a write is given, the sooner it is answered: order by arrival would reverse each key's writes
  const items = [0, 1, 2].flatMap((w) => ['a', 'b', 'c'].map((id) => ({ id, n: w })))
  const expected = { a: ['0', '1', '2'], b: ['0', '1', '2'], c: ['0', '1', '2'] }
  for (const [what, run] of [
    ['overwrite false', (env: Env.Env) => Dynamo.saveMany(Plain, items, { overwrite: false })(env)()],
    ['a condition', (env: Env.Env) => Dynamo.saveMany(Plain, items, { overwrite: C.gt(Plain.attrs.n, -1) })(env)()],
    ['versioned', (env: Env.Env) => Dynamo.saveMany(Versioned, items.map((x) => (x.n === 0 ? x : { ...x, version: x.n })))(env)()],
  ] as const) {
    const c = client((i) => 20 - i)
    const r = right(await run(c.env))
    assert.is(r.success.length, 9, what)
    assert.is(c.overlaps(), 0, `${what}: two writes to one key in flight at once`)
    assert.equal(byKey(c.sent), expected, what)
    assert.ok(c.most() >= 3, `${what}: the keys written concurrently (${c.most()} in flight at most)`)
  }
  const c = client((i) => 20 - i)
  const keys = [1, 2, 3].flatMap((version) => ['a', 'b', 'c'].map((id) => ({ id, version })))
  const r = right(await Dynamo.deleteMany(Versioned, keys)(c.env)())
  assert.is(r.success.length + r.fail.length, 9)
  assert.is(c.overlaps(), 0, 'deleteMany: two deletes of one key in flight at once')
})

test('deleteMany mixing checked and plain deletes of one key: that key\'s deletes one by one in input order; other plain keys in a batch', async () => {
  for (const [keys, want] of [
    [[{ id: 'a', version: 1 }, 'a', 'b'], ['DeleteItem a checked', 'DeleteItem a']],
    [['a', { id: 'a', version: 1 }, 'b'], ['DeleteItem a', 'DeleteItem a checked']],
  ] as const) {
    const log: string[] = []
    const send = async (command: { readonly constructor: { readonly name: string }; readonly input: Record<string, unknown> }) => {
      const input = command.input as { Key?: Record<string, AttributeValue>; ConditionExpression?: string; RequestItems?: Record<string, ReadonlyArray<{ DeleteRequest: { Key: Record<string, AttributeValue> } }>> }
      if (input.RequestItems !== undefined) {
        for (const reqs of Object.values(input.RequestItems)) for (const r of reqs) log.push(`batch ${r.DeleteRequest.Key['id']?.S as string}`)
        return { UnprocessedItems: {}, $metadata: {} }
      }
      log.push(`${command.constructor.name.replace('Command', '')} ${input.Key?.['id']?.S as string}${input.ConditionExpression === undefined ? '' : ' checked'}`)
      return { $metadata: {} }
    }
    const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {} })
    const r = right(await Dynamo.deleteMany(Versioned, keys)(env)())
    assert.is(r.success.length, 3, JSON.stringify(keys))
    assert.equal(log.filter((l) => l.includes(' a')), want, JSON.stringify(keys))
    assert.equal(log.filter((l) => l.includes(' b')), ['batch b'], JSON.stringify(keys))
  }
})

test('load of a versioned model: the lines of one key one after another, in line order', async () => {
  const c = client((i) => 20 - i)
  const lines = [1, 2, 3].flatMap((version) => ['a', 'b'].map((id) => JSON.stringify({ Item: { id: { S: id }, n: { N: String(version) }, version: { N: String(version) } } })))
  const input = async function* () {
    yield* lines
  }
  const r = right(await Dynamo.load(Versioned, input())(c.env)())
  assert.is(r.written, 6)
  assert.is(c.overlaps(), 0)
  assert.equal(byKey(c.sent), { a: ['1', '2', '3'], b: ['1', '2', '3'] })
})

test('property: for any list of conditional saves with repeated keys and any answer delays, no two writes to one key are in flight at once and each key gets its writes in input order (300 runs, seed 61_206)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(6), { minLength: 1, maxLength: 30 }),
      fc.boolean(),
      async (ids, delays, versioned) => {
        const items = ids.map((id, n) => ({ id, n }))
        const c = client((i) => delays[i % delays.length] as number)
        const r = versioned ? await Dynamo.saveMany(Versioned, items)(c.env)() : await Dynamo.saveMany(Plain, items, { overwrite: false })(c.env)()
        if (E.isLeft(r) || r.right.success.length !== items.length || c.overlaps() !== 0) return false
        const want: Record<string, string[]> = {}
        for (const x of items) (want[x.id] ??= []).push(String(x.n))
        return JSON.stringify(byKey(c.sent)) === JSON.stringify(want)
      },
    ),
    { numRuns: 300, seed: 61_206 },
  )
})

test.run()
