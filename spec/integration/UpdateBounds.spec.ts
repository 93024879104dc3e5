/**
 * Issue 14, point 1d, against DynamoDB Local: an update whose new value DynamoDB computes (an
 * increment, `ADD`, `plus`/`minus`, a copy of another attribute, a `DELETE` of set members)
 * never leaves a stored attribute outside its field's codec. What can be decided before the
 * call is a `ValidationError` and nothing is sent; the rest is guarded by a condition compiled
 * into the request, so DynamoDB refuses the write (`ConditionalCheckFailed` naming the bound)
 * and the item stays as it was. Each case asserts what is stored (a raw GetItem) and that it
 * decodes; a property compares random bounded increments with what the bounds allow.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as Field from '../../lib/codec/Field.js'
import * as T from '../../lib/compile/Transaction.js'
import * as DE from '../../lib/DynamoError.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as M from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import { Gauge } from '../harness/gauge.js'
import { err, fixture, ok, rawGet, REQUEST_MS, run, S, type AttributeMap, type Fixture } from '../harness/models.js'

const g = Gauge.attrs

const withGauge = async (item: Gauge): Promise<Fixture & { readonly stored: () => Promise<AttributeMap | undefined> }> => {
  const f = await fixture('bounds')
  await ok(f.env, Dynamo.createTable(Gauge))
  await ok(f.env, Dynamo.saveOne(Gauge, item))
  return { ...f, stored: () => rawGet(f.client, f.table(Gauge), { id: S(item.id) }) }
}

/** The stored item decodes, and is `expected`. */
const storedIs = async (f: { readonly stored: () => Promise<AttributeMap | undefined> }, expected: Gauge): Promise<void> => {
  const raw = await f.stored()
  const item = M.decode(Gauge, raw as AttributeMap)
  if (E.isLeft(item)) assert.unreachable(`the stored item does not decode: ${DE.show(item.left)}`)
  assert.equal((item as E.Right<Gauge>).right, expected)
}

const base: Gauge = { id: 'a', level: 10, tags: new Set(['x']) }

test('increment, ADD and decrement past a bound: ConditionalCheckFailed naming the bound, the item unchanged', async () => {
  const f = await withGauge(base)
  for (const update of [[U.increment(g.level, 1)], [U.add(g.level, 1)]]) {
    const e = await err(f.env, Dynamo.updateOne(Gauge, 'a', update), 'ConditionalCheckFailed')
    assert.match(e.message, /level/)
    assert.match(e.message, /at most 10/)
    await storedIs(f, base)
  }
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, 0)]))
  const e = await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.decrement(g.level, 1)]), 'ConditionalCheckFailed')
  assert.match(e.message, /at least 0/)
  await storedIs(f, { ...base, level: 0 })
  // within the bounds the guard passes
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.level, 3), U.add(g.wide, 7)]))).level, 3)
  await storedIs(f, { ...base, level: 3, wide: 7 })
})

test('a number computed from another attribute, or copied from one, is guarded by the source: refused when out of the target bounds', async () => {
  const f = await withGauge({ ...base, level: 1, wide: 50 })
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, U.plus(g.wide, 1))]), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, g.wide)]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, level: 1, wide: 50 })
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.wide, 5)]))
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, U.plus(g.wide, 1))]))).level, 6)
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, g.wide)]))).level, 5)
})

test('nested paths and list elements: an increment past the element bound is refused', async () => {
  const item: Gauge = { ...base, meter: { k: 10 }, levels: [10, 0] }
  const f = await withGauge(item)
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.meter.k, 1)]), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.levels.at(0), 1)]), 'ConditionalCheckFailed')
  await storedIs(f, item)
  assert.equal((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.levels.at(1), 1)]))).levels, [10, 1])
})

test('a float field: a sum past its bound is refused', async () => {
  const f = await withGauge({ ...base, ratio: 0.75 })
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.ratio, 0.5)]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, ratio: 0.75 })
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.decrement(g.ratio, 0.5)]))).ratio, 0.25)
})

test('a float field: the bound computed in exact decimal, as DynamoDB adds (0.2 + 0.1 fits 0.3; 0.30000000000000004 + 0.7 passes 1)', async () => {
  const f = await withGauge({ ...base, f3: 0.2, f1: 0.1 + 0.2 })
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.f3, 0.1)]))).f3, 0.3)
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.f1, 0.7)]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, f3: 0.3, f1: 0.1 + 0.2 })
})

test('decided before the call: a step larger than the bounds allow, a fraction into an integer: ValidationError, nothing sent', async () => {
  const f = await withGauge(base)
  const sent: string[] = []
  const env = Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS, on: (ev) => sent.push(ev.command) })
  for (const update of [[U.increment(g.level, 11)], [U.decrement(g.level, 11)], [U.add(g.level, 11)], [U.increment(g.level, 0.5)], [U.set(g.level, U.plus(g.ratio, 1))]]) {
    const e = await err(env, Dynamo.updateOne(Gauge, 'a', update), 'ValidationError')
    assert.match(DE.show(e), /level/)
  }
  assert.equal(sent, [])
  await storedIs(f, base)
})

test('a list appended or a map copied from one of wider numbers: refused before the call (no condition reaches each element), nothing sent', async () => {
  const item: Gauge = { ...base, levels: [1], wideLevels: [50], meter: { k: 1 }, wideMeter: { k: 50 } }
  const f = await withGauge(item)
  const sent: string[] = []
  const env = Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS, on: (ev) => sent.push(ev.command) })
  for (const update of [[U.set(g.levels, U.listAppend(g.levels, g.wideLevels))], [U.set(g.levels, g.wideLevels)], [U.set(g.meter, g.wideMeter)]]) {
    const e = await err(env, Dynamo.updateOne(Gauge, 'a', update), 'ExpressionError')
    assert.match(e.message, /at most 10/)
  }
  assert.equal(sent, [])
  await storedIs(f, item)
  // the other way round every number fits
  assert.equal((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.wideLevels, U.listAppend(g.wideLevels, g.levels))]))).wideLevels, [50, 1])
})

test('DELETE of the last members of a required set is refused (the attribute would go); of an optional one it goes', async () => {
  const f = await withGauge({ ...base, tags: new Set(['x', 'y']), extra: new Set(['e']) })
  const e = await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, new Set(['x', 'y', 'z']))]), 'ConditionalCheckFailed')
  assert.match(e.message, /tags/)
  await storedIs(f, { ...base, tags: new Set(['x', 'y']), extra: new Set(['e']) })
  const x = await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, new Set(['x', 'z'])), U.deleteFrom(g.extra, new Set(['e']))]))
  assert.equal(x, { ...base, tags: new Set(['y']) })
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, new Set(['y']))]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, tags: new Set(['y']) })
})

test('T.update: the same guard, a cancellation whose reason names the bound; Evaluate.updateOne agrees', async () => {
  const f = await withGauge(base)
  const e = await err(f.env, Dynamo.transactWrite([T.update(Gauge, 'a', [U.increment(g.level, 1)])]), 'TransactionCanceled')
  assert.match(e.reasons[0]?.message ?? '', /at most 10/)
  await storedIs(f, base)
  const raw = (await f.stored()) as AttributeMap
  const write = Evaluate.updateOne(Gauge, 'a', [U.increment(g.level, 1)], new Date())
  const r = E.flatMap(write, (w) => w(raw))
  assert.ok(E.isLeft(r) && r.left._tag === 'ConditionalCheckFailed')
})

/** An Env on `f` that records the commands it sends. */
const counted = (f: Fixture): { readonly env: Env.Env; readonly sent: string[] } => {
  const sent: string[] = []
  return { env: Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, timeoutMs: REQUEST_MS, on: (ev) => sent.push(ev.command) }), sent }
}

test('a duration: a fraction added is refused before the call (1.5 would not decode); copied into an int field, guarded by its bounds', async () => {
  const item: Gauge = { ...base, dur: 7 }
  const f = await withGauge(item)
  const c = counted(f)
  await err(c.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.dur, 0.5)]), 'ValidationError')
  assert.equal(c.sent, [])
  await storedIs(f, item)
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, g.dur)]))).level, 7)
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.increment(g.dur, 4)]))
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, g.dur)]), 'ConditionalCheckFailed')
  await storedIs(f, { ...item, level: 7, dur: 11 })
})

test('a nullable bounded int: ADD past its bound and a copy of a number past it are refused; null stays null', async () => {
  const item: Gauge = { ...base, nlevel: 10 }
  const f = await withGauge(item)
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.add(g.nlevel, 1)]), 'ConditionalCheckFailed')
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.nlevel, U.plus(g.level, 1))]), 'ConditionalCheckFailed')
  await storedIs(f, item)
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.nlevel, null)]))
  // DynamoDB adds no number to a NULL: the guard refuses it, saying so
  assert.match((await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.add(g.nlevel, 1)]), 'ConditionalCheckFailed')).message, /nlevel is NULL/)
  await storedIs(f, { ...item, nlevel: null })
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.nlevel, U.plus(g.level, 0))]))).nlevel, 10)
})

test('an attribute plus itself: stored when twice it fits, refused where it does not', async () => {
  const f = await withGauge({ ...base, level: 6 })
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, U.plus(g.level, g.level))]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, level: 6 })
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, 5)]))
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.level, U.plus(g.level, g.level))]))).level, 10)
})

test('a difference of two attributes into a field of min 0: stored where the first is at least the second, refused where not', async () => {
  const f = await withGauge({ ...base, level: 7, wide: 6 })
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.logins, U.minus(g.wide, g.level))]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, level: 7, wide: 6 })
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.wide, 7)]))
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.logins, U.minus(g.wide, g.level))]))).logins, 0)
  await storedIs(f, { ...base, level: 7, wide: 7, logins: 0 })
})

test('a DELETE of 7 or 8 members from a required set: goes where it keeps one, refused where it empties the set', async () => {
  const seven = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
  const f = await withGauge({ ...base, tags: new Set(['a', 'g']) })
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, seven)]), 'ConditionalCheckFailed')
  await storedIs(f, { ...base, tags: new Set(['a', 'g']) })
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.tags, new Set(['a', 'z']))]))
  assert.equal((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, seven)]))).tags, new Set(['z']))
  await storedIs(f, { ...base, tags: new Set(['z']) })
  // 8 members: 255 subsets in 3 lists, which DynamoDB takes
  const eight = new Set([...seven, 'z'])
  await err(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, eight)]), 'ConditionalCheckFailed')
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.tags, new Set(['a', 'y']))]))
  assert.equal((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.deleteFrom(g.tags, eight)]))).tags, new Set(['y']))
})

test('a DELETE of 8 members under a condition of some 2.3 KB: the size guard (the listed one has no room), which DynamoDB takes', async () => {
  const eight = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
  const f = await withGauge({ ...base, text: 'x', tags: new Set([...eight, 'z']) })
  const values = (n: number, p: string) => Array.from({ length: n }, (_, i) => p + i)
  const given = C.and(C.eq(g.id, 'a'), ...[99, 99, 99, 40].map((n, i) => C.isIn(g.text, ['x', ...values(n - 1, 'abcd'[i] as string)])))
  assert.equal((await ok(f.env, Dynamo.updateOne(Gauge, given, [U.deleteFrom(g.tags, eight)]))).tags, new Set(['z']))
  // a set of at most 8 members is refused, saying why, though the delete would keep one
  await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.tags, new Set(['a', 'y']))]))
  const e = await err(f.env, Dynamo.updateOne(Gauge, given, [U.deleteFrom(g.tags, eight)]), 'ConditionalCheckFailed')
  assert.match(e.message, /at most 8 members \(listing the sets the delete empties would take the condition past DynamoDB's 4096 bytes/)
  await storedIs(f, { ...base, text: 'x', tags: new Set(['a', 'y']) })
})

test('a string copied into a field of narrower declared bounds is refused before the call (it could store what the codec refuses)', async () => {
  const item: Gauge = { ...base, text: 'longer', name: 'ab', code: 'x' }
  const f = await withGauge(item)
  const c = counted(f)
  for (const update of [[U.set(g.code, g.text)], [U.set(g.code, g.name)], [U.set(g.word, g.text)]]) {
    await err(c.env, Dynamo.updateOne(Gauge, 'a', update), 'ExpressionError')
  }
  assert.equal(c.sent, [])
  await storedIs(f, item)
  assert.is((await ok(f.env, Dynamo.updateOne(Gauge, 'a', [U.set(g.name, g.code)]))).name, 'x')
})

test('property: random bounds, places (a top field, a map field, a list element), stored numbers and update shapes; the update answers Right exactly when the result fits the codec (but a sum the guard refuses before the call, saying why), the item always decodes, and Evaluate.updateOne agrees', async () => {
  const f = await fixture('bounds-prop')
  const table = 'bounded'
  const modelOf = (min: number, max: number, omin: number, omax: number) => {
    const n = Field.int({ min, max })
    return M.make({
      table,
      hashKey: 'id',
      codec: t.intersection([t.type({ id: t.string }), t.partial({ n, m: Field.map({}, { k: n }), l: Field.list(n), o: Field.int({ min: omin, max: omax }) })]),
    })
  }
  await ok(f.env, Dynamo.createTable(modelOf(0, 1, 0, 1)))
  const TableName = Env.tableName(f.env, table)
  const N = (x: number): AttributeMap[string] => ({ N: String(x) })
  let i = 0
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        min: fc.integer({ min: -20, max: 20 }),
        width: fc.integer({ min: 0, max: 20 }),
        omin: fc.integer({ min: -20, max: 20 }),
        owidth: fc.integer({ min: 0, max: 30 }),
        // the stored number at the place (undefined: missing), as an offset from min; o's from omin
        offset: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        other: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        step: fc.integer({ min: -25, max: 25 }),
        place: fc.constantFrom('top', 'map', 'list'),
        how: fc.constantFrom('increment', 'decrement', 'add', 'plus', 'minus', 'double', 'copy', 'less', 'from'),
      }),
      async ({ min, width, omin, owidth, offset, other, step, place: given, how }) => {
        // (ADD: a top-level number)
        const place = how === 'add' ? 'top' : given
        const max = min + width
        const m = modelOf(min, max, omin, omin + owidth)
        const a = m.attrs
        const at = place === 'top' ? a.n : place === 'map' ? a.m.k : a.l.at(1)
        const stored = offset === undefined ? undefined : Math.min(min + offset, max)
        const o = other === undefined ? undefined : Math.min(omin + other, omin + owidth)
        const id = `k${i++}`
        // the list holds [min] and the number at index 1 (missing: a SET of l[1] appends it)
        const item: AttributeMap = {
          id: S(id),
          ...(place === 'top' && stored !== undefined ? { n: N(stored) } : {}),
          ...(place === 'map' ? { m: { M: stored === undefined ? {} : { k: N(stored) } } } : {}),
          ...(place === 'list' ? { l: { L: [N(min), ...(stored === undefined ? [] : [N(stored)])] } } : {}),
          ...(o === undefined ? {} : { o: N(o) }),
        }
        await f.client.send(new PutItemCommand({ TableName, Item: item }))
        const update =
          how === 'increment' ? U.increment(at, step)
          : how === 'decrement' ? U.decrement(at, step)
          : how === 'add' ? U.add(a.n, step)
          : how === 'plus' ? U.set(at, U.plus(at, step))
          : how === 'minus' ? U.set(at, U.minus(step, at))
          : how === 'double' ? U.set(at, U.plus(at, at))
          : how === 'copy' ? U.set(at, a.o)
          : how === 'less' ? U.set(at, U.minus(a.o, at))
          : U.set(at, U.ifNotExists(at, a.o))
        // what DynamoDB computes (undefined: it reads a missing attribute, and fails)
        const x = stored
        const expected =
          how === 'increment' || how === 'add' ? (x ?? 0) + step
          : how === 'decrement' ? (x ?? 0) - step
          : how === 'plus' ? (x === undefined ? undefined : x + step)
          : how === 'minus' ? (x === undefined ? undefined : step - x)
          : how === 'double' ? (x === undefined ? undefined : 2 * x)
          : how === 'copy' ? o
          : how === 'less' ? (x === undefined || o === undefined ? undefined : o - x)
          : o === undefined ? undefined : (x ?? o) // (DynamoDB reads the fallback even where the path is there)
        const r = await run(f.env, Dynamo.updateOne(m, id, [update]))
        const raw = (await rawGet(f.client, TableName, { id: S(id) })) as AttributeMap
        assert.ok(E.isRight(M.decode(m, raw)), `the stored item decodes: ${JSON.stringify(raw)}`)
        const ev = E.flatMap(Evaluate.updateOne(m, id, [update], new Date()), (w) => w(item))
        const what = `${how} ${step} at ${place} of ${stored} (o ${o}) in [${min}, ${max}]`
        const refusedSum = E.isLeft(r) && r.left._tag === 'ValidationError' && /never a sum/.test(DE.show(r.left))
        if (expected !== undefined && expected >= min && expected <= max && !refusedSum) {
          assert.ok(E.isRight(r), `expected a success of ${what}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
          const value = place === 'top' ? raw['n'] : place === 'map' ? raw['m']?.M?.['k'] : raw['l']?.L?.[1]
          assert.equal(value, N(expected))
        } else {
          assert.ok(E.isLeft(r), `expected a refusal of ${what}, got ${JSON.stringify(raw)}`)
          assert.equal(raw, item, 'the item as it was')
        }
        assert.is(E.isRight(ev), E.isRight(r), `Evaluate agrees on ${what}: ${E.isLeft(ev) ? DE.show(ev.left) : JSON.stringify(ev.right)}`)
        if (E.isRight(ev)) assert.equal(ev.right, raw)
      },
    ),
    { numRuns: 150 },
  )
})

test.run()
