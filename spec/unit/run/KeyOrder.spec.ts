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
 * the requests to one key in flight at once, and any write left waiting while its key has
 * nothing in flight and a place is free (the keys are chains, not waves: a slow request holds
 * back its own key only); a property over lists of writes with repeated keys (seeded). DynamoDB Local's outcomes of the same calls are in Lifecycle.spec.
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

/**
 * An Env whose client answers writes after `delay(i)` turns of the event loop, noting the order
 * of each key's requests, any two of one key in flight at once, and a log of what was sent and
 * answered. Given the number of writes each key gets (`totals`), it also counts the waits: an
 * answer (after a turn, when every request the previous answers let go has been sent) at which
 * a key with writes left has none in flight while fewer than `concurrency` requests are.
 */
const client = (delay: (i: number, id: string) => number, concurrency = 8, totals?: Readonly<Record<string, number>>) => {
  const inFlight = new Map<string, number>()
  const sentTo = new Map<string, number>()
  const sent: Sent[] = []
  const log: string[] = []
  let overlaps = 0
  let waits = 0
  let most = 0
  let now = 0
  const send = async (command: { readonly input: { readonly Item?: Record<string, AttributeValue>; readonly Key?: Record<string, AttributeValue> } }) => {
    const item = command.input.Item ?? command.input.Key ?? {}
    const id = item['id']?.S as string
    const i = sent.length
    sent.push({ id, n: item['n']?.N })
    log.push(`sent ${id} ${item['n']?.N}`)
    sentTo.set(id, (sentTo.get(id) ?? 0) + 1)
    const open = (inFlight.get(id) ?? 0) + 1
    if (open > 1) overlaps++
    inFlight.set(id, open)
    most = Math.max(most, ++now)
    const turns = delay(i, id)
    for (let k = 0; k < turns; k++) await new Promise((r) => setImmediate(r))
    if (totals !== undefined && turns > 0 && now < concurrency) {
      for (const [k, total] of Object.entries(totals)) if ((sentTo.get(k) ?? 0) < total && (inFlight.get(k) ?? 0) === 0) waits++
    }
    log.push(`answered ${id} ${item['n']?.N}`)
    inFlight.set(id, (inFlight.get(id) ?? 1) - 1)
    now--
    return { $metadata: {} }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, concurrency })
  return { env, sent, log, overlaps: () => overlaps, most: () => most, waits: () => waits }
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

test("a slow request of one key holds back no other key's writes: the next write to a key goes out once the one before it has answered, not once every key's has (saveMany, deleteMany with checks, load of a versioned model)", async () => {
  // a's writes answer after 40 turns, b's after 1: b's three writes go out one after another meanwhile
  const runs: ReadonlyArray<readonly [string, (env: Env.Env) => Promise<unknown>]> = [
    ['saveMany overwrite false', (env) => Dynamo.saveMany(Plain, [{ id: 'a', n: 0 }, { id: 'b', n: 0 }, { id: 'b', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 1 }], { overwrite: false })(env)()],
    ['deleteMany with checks', (env) => Dynamo.deleteMany(Versioned, [{ id: 'a', version: 1 }, { id: 'b', version: 1 }, { id: 'b', version: 2 }, { id: 'b', version: 3 }, { id: 'a', version: 2 }])(env)()],
    [
      'load of a versioned model',
      (env) =>
        Dynamo.load(Versioned, (async function* () {
          for (const [id, v] of [['a', 1], ['b', 1], ['b', 2], ['b', 3], ['a', 2]] as const) yield JSON.stringify({ Item: { id: { S: id }, n: { N: String(v) }, version: { N: String(v) } } })
        })())(env)(),
    ],
  ]
  for (const [what, run] of runs) {
    const c = client((_, id) => (id === 'a' ? 40 : 1))
    await run(c.env)
    const ofB = c.log.filter((l) => l.startsWith('sent b'))
    assert.is(ofB.length, 3, what)
    const aAnswered = c.log.findIndex((l) => l.startsWith('answered a'))
    assert.ok(c.log.indexOf(ofB[2] as string) < aAnswered, `${what}: b's third write waited for a's first answer: ${c.log.join(', ')}`)
    assert.is(c.overlaps(), 0, what)
    assert.equal(c.log.filter((l) => l.startsWith('sent a')).length, 2, what)
  }
})

test('property: for any list of conditional saves with repeated keys, any answer delays and any concurrency, no two writes to one key are in flight at once, each key gets its writes in input order, at most `concurrency` are in flight, and no write waits for another key\'s (a key with writes left has one in flight, unless every place is taken) (300 runs, seed 61_206)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(6), { minLength: 1, maxLength: 30 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 6 }),
      async (ids, delays, versioned, concurrency) => {
        const items = ids.map((id, n) => ({ id, n }))
        const totals: Record<string, number> = {}
        for (const id of ids) totals[id] = (totals[id] ?? 0) + 1
        const c = client((i) => delays[i % delays.length] as number, concurrency, totals)
        const r = versioned ? await Dynamo.saveMany(Versioned, items)(c.env)() : await Dynamo.saveMany(Plain, items, { overwrite: false })(c.env)()
        if (E.isLeft(r) || r.right.success.length !== items.length || c.overlaps() !== 0 || c.waits() !== 0 || c.most() > concurrency) return false
        const want: Record<string, string[]> = {}
        for (const x of items) (want[x.id] ??= []).push(String(x.n))
        return JSON.stringify(byKey(c.sent)) === JSON.stringify(want)
      },
    ),
    { numRuns: 300, seed: 61_206 },
  )
})

test('mapInKeyOrder: once a call rejects, the whole rejects and no further call starts (50 elements of 10 keys, concurrency 2, the first call failing)', async () => {
  const { mapInKeyOrder } = await import('../../../lib/run/batch.js')
  let calls = 0
  const as = Array.from({ length: 50 }, (_, i) => i)
  const r = mapInKeyOrder(as, as.map((i) => `k${i % 10}`), 2, async (i) => {
    calls++
    await new Promise((resolve) => setImmediate(resolve))
    if (i === 0) throw new Error('first fails')
    return i
  })
  await r.then(() => assert.unreachable('the whole should reject'), (e: unknown) => assert.is((e as Error).message, 'first fails'))
  // the calls in flight when the first failed (2 at most), and none after
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.ok(calls <= 2, `${calls} calls`)
})

test.run()
