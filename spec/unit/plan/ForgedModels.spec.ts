/**
 * Property: whatever shape is passed for a model through `any` (a real model's parts replaced
 * by anything, hostile values, an object tagged `Model` of random parts), the exported pure
 * functions that take a model and answer an `Either` (Plan, Strategy, Evaluate, Command's
 * compilers) return; on what is no model (`isModel`'s one rule) they answer a
 * `ValidationError` at `model`. `Plan.fromKeys` also answers garbage for its parsed
 * strategies and its filter with a `ValidationError`, never a throw.
 */
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as F from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import { isModel } from '../../../lib/model/isModel.js'
import { refusalOf } from '../../../lib/rules/ast.js'
import * as S from '../../../lib/model/Strategy.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Table from '../../../lib/table/Table.js'
import * as G from '../../arb/garbage.js'
import { returned } from '../../harness/escapes.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, at: F.dateTime, status: t.string, version: F.int({ min: 0 }) }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{orderId}'),
  version: 'version',
  indexes: { byStatus: Model.globalIndex({ hashKey: ['status'], rangeKey: ['at'] }) },
})
const o = Order.attrs
const now = new Date(0)
const strategy = ((): S.Strategy => {
  const k = S.parse(Order, { customerId: 'c', orderId: 'o' })
  if (E.isLeft(k)) throw new Error('the spec model parses its key')
  return k.right
})()

type Answer = E.Either<DE.DynamoError, unknown>
const fns: ReadonlyArray<readonly [string, (m: typeof Order) => Answer]> = [
  ['Plan.make', (m) => Plan.make(m, C.eq(o.status, 'x'))],
  ['Plan.fromCondition', (m) => Plan.fromCondition(m, C.eq(o.status, 'x'))],
  ['Plan.fromSelection', (m) => Plan.fromSelection(m, { _tag: 'Keys', keys: [strategy] })],
  ['Plan.fromKeys', (m) => Plan.fromKeys(m, [strategy, strategy])],
  ['Strategy.parse', (m) => S.parse(m, { customerId: 'c', orderId: 'o' })],
  ['Strategy.parseWrite', (m) => S.parseWrite(m, { customerId: 'c', orderId: 'o' })],
  ['Strategy.parseList', (m) => S.parseList(m, [{ customerId: 'c', orderId: 'o' }])],
  ['Strategy.parseSelection', (m) => S.parseSelection(m, C.eq(o.status, 'x'))],
  ['Strategy.fromValues', (m) => S.fromValues(m, { customerId: 'c', orderId: 'o' })],
  ['Strategy.fromCondition', (m) => S.fromCondition(m, C.and(C.eq(o.customerId, 'c'), C.eq(o.orderId, 'o')))],
  ['Evaluate.saveOne', (m) => Evaluate.saveOne(m, { customerId: 'c', orderId: 'o', at: now, status: 's' } as never, now)],
  ['Evaluate.updateOne', (m) => Evaluate.updateOne(m, { customerId: 'c', orderId: 'o' }, [U.set(o.status, 'y')], now)],
  ['Command.putItem', (m) => Command.putItem(m, 'shop', strategy.key, undefined, now)],
  ['Command.restoreItem', (m) => Command.restoreItem(m, 'shop', strategy.key, now)],
  ['Command.putCondition', (m) => Command.putCondition(m, strategy.key, undefined, now)],
  ['Command.batchable', (m) => Command.batchable(m, undefined)],
  ['Command.stamp', (m) => Command.stamp(m, { customerId: 'c', orderId: 'o', at: now, status: 's', version: 1 }, now)],
  ['Command.updatesOf', (m) => Command.updatesOf(m, [U.set(o.status, 'y')], now)],
  ['Command.updateParts', (m) => Command.updateParts(m, strategy, [U.set(o.status, 'y')], now)],
  ['Command.updateItem', (m) => Command.updateItem(m, 'shop', strategy, [U.set(o.status, 'y')], now)],
  ['Command.deleteItem', (m) => Command.deleteItem(m, 'shop', strategy, now)],
  ['Command.deleteIf', (m) => Command.deleteIf(m, 'shop', strategy.key, C.exists(o.status), now)],
]

const PARTS = ['_tag', 'table', 'hashKey', 'rangeKey', 'keyFields', 'templates', 'entity', 'entityAttribute', 'codec', 'defaults', 'throughput', 'indexes', 'attrs', 'keyTypes', 'fields', 'version', 'timestamps', 'ttl'] as const
const part = fc.oneof(fc.anything({ maxDepth: 2 }), G.hostile, fc.constantFrom<unknown>(null, undefined, {}, [], 'Model', 'pk', Order.indexes, Order.keyTypes, Order.fields))

/** A model's shape: Order with some parts replaced, or an object tagged Model of random parts. */
const forged: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.constantFrom(...PARTS), part, { minKeys: 1, maxKeys: 4 }).map((d) => ({ ...Order, ...d })),
  fc.dictionary(fc.constantFrom(...PARTS), part, { maxKeys: 8 }).map((d) => ({ ...d, _tag: 'Model' })),
  part,
)


test('a forged model: every function returns; on what is no model, the ValidationError at model', () => {
  fc.assert(
    fc.property(forged, fc.constantFrom(...fns), (m, [name, f]) => {
      // whether it is a model is read first: a hostile part may throw only inside the library
      let model = false
      try {
        model = isModel(m)
      } catch (e) {
        assert.unreachable(`isModel threw: ${String(e)}`)
      }
      const r = returned(name, () => f(m as typeof Order))
      if (!model) {
        assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'model', `${name}: ${JSON.stringify(E.isLeft(r) ? r.left : 'Right')}`)
        assert.match(r.left.message, 'expected a model (made by Model.make)')
      }
    }),
    { numRuns: 2000 },
  )
})

test('every function answers the real model (and a spread of it) with what it answers Order', () => {
  for (const m of [Order, { ...Order }]) {
    for (const [name, f] of fns) {
      const r = returned(name, () => f(m as typeof Order))
      assert.ok(E.isRight(r), `${name}: ${JSON.stringify(E.isLeft(r) ? r.left : '')}`)
    }
  }
})

test('Plan.fromKeys of garbage strategies or filter: a ValidationError, never a throw', () => {
  fc.assert(
    fc.property(fc.oneof(G.garbage, fc.array(G.garbage, { maxLength: 3 })), fc.option(G.garbage, { nil: undefined }), (strategies, filter) => {
      const r = returned('Plan.fromKeys', () => Plan.fromKeys(Order, strategies as never, filter as never))
      if (E.isLeft(r)) assert.is(r.left._tag, 'ValidationError')
    }),
    { numRuns: 1000 },
  )
  const cases: ReadonlyArray<readonly [unknown, unknown, string]> = [
    [null, undefined, 'strategies: expected a list of parsed strategies'],
    [[{ _tag: 'Key', key: {} }], undefined, 'strategies[0].key.pk: the hash key is missing'],
    [[strategy, 'c'], undefined, 'strategies[1]: expected a parsed strategy (Strategy.parse), got string'],
    [[{ ...strategy, _tag: 'KeyWithCheck', check: { _tag: 'And' } }], undefined, 'strategies[0].check'],
    [[strategy], { _tag: 'Nope' }, 'filter'],
  ]
  for (const [strategies, filter, says] of cases) {
    const r = Plan.fromKeys(Order, strategies as never, filter as never)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
    assert.match(r.left.message, says)
  }
  const r = Plan.fromKeys(Order, [strategy, strategy], C.eq(o.status, 'x'))
  assert.ok(E.isRight(r) && r.right.keys.length === 1 && r.right.filter !== undefined, 'a duplicate key collapsed, the filter kept')
})

test("garbage and hostile input (getters and Proxies that throw) to the pure readers of a real model: an Either, never a throw; the input's own throw is the ValidationError quoting it", () => {
  const readers: ReadonlyArray<readonly [string, (x: unknown) => Answer]> = [
    ['Strategy.parse', (x) => S.parse(Order, x)],
    ['Strategy.parseWrite', (x) => S.parseWrite(Order, x)],
    ['Strategy.parseList', (x) => S.parseList(Order, x as never)],
    ['Strategy.parseSelection', (x) => S.parseSelection(Order, x)],
    ['Strategy.fromValues', (x) => S.fromValues(Order, x as never)],
    ['Strategy.fromCondition', (x) => S.fromCondition(Order, x as never)],
    ['Plan.make', (x) => Plan.make(Order, x)],
    ['Plan.make with options', (x) => Plan.make(Order, C.eq(o.status, 'x'), x as never)],
    ['Plan.fromSelection', (x) => Plan.fromSelection(Order, x as never)],
    ['Plan.fromCondition', (x) => Plan.fromCondition(Order, x as never)],
  ]
  fc.assert(
    fc.property(fc.oneof(G.garbage, G.hostile, fc.array(G.hostile, { maxLength: 2 })), fc.constantFrom(...readers), (x, [, f]) => {
      // (a failure names the reader by its index: fast-check cannot print a hostile value)
      let threw: unknown
      try {
        f(x)
      } catch (e) {
        threw = e
      }
      if (threw !== undefined) assert.unreachable(`${readers.findIndex(([, g]) => g === f)} threw: ${String(threw)}`)
    }),
    { numRuns: 3000 },
  )
  const hostile = Object.defineProperty({ customerId: 'c' }, 'orderId', { enumerable: true, get: () => { throw new Error('no order id here') } })
  for (const [name, f] of readers.slice(0, 5)) {
    const r = f(name === 'Strategy.parseList' ? [hostile] : hostile)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', name)
    assert.match(r.left.message, "the application's code threw (a codec, a default, a getter or a Proxy of the input): Error: no order id here", name)
  }
})

/**
 * Order with its part `part` a getter that gives the real part as many times as the model check
 * (`isModel`) reads it, then throws: the check of the function given it passes, a later read throws.
 */
const throwsLater = (part: string): typeof Order => {
  const value: unknown = (Order as unknown as Record<string, unknown>)[part]
  const getter = (reads: number, n = { reads: 0 }): PropertyDescriptor => ({
    enumerable: true,
    get: () => {
      if (n.reads++ >= reads) throw new Error(`no ${part} here`)
      return value
    },
  })
  const counted = { reads: 0 }
  assert.ok(isModel(Object.defineProperty({ ...Order }, part, getter(Infinity, counted))), `with a getter for ${part}, Order is a model`)
  return Object.defineProperty({ ...Order }, part, getter(counted.reads))
}

test("a model whose part throws after the model check (a getter, a Proxy): a Left, or a refused condition, quoting the throw; never a throw", () => {
  const said = "the application's code threw (a codec, a default, a getter or a Proxy of the input): Error: no "
  const answers: ReadonlyArray<readonly [string, string, (m: typeof Order) => Answer]> = [
    ['Command.enableTtl', 'ttl', (m) => Command.enableTtl('shop', m)],
    ['Model.decode', 'entityAttribute', (m) => Model.decode(m, { pk: { S: 'CUSTOMER#c' }, sk: { S: 'ORDER#o' }, _et: { S: 'order' } })],
    ['Model.decode', 'codec', (m) => Model.decode(m, { pk: { S: 'CUSTOMER#c' }, sk: { S: 'ORDER#o' }, _et: { S: 'order' } })],
    ['Strategy.fromCondition', 'hashKey', (m) => S.fromCondition(m, C.and(C.eq(o.customerId, 'c'), C.eq(o.orderId, 'o')))],
    ['Plan.fromKeys', 'table', (m) => Plan.fromKeys(m, [strategy])],
  ]
  for (const [name, part, f] of answers) {
    const m = throwsLater(part)
    const r = returned(name, () => f(m))
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${name}: ${JSON.stringify(r)}`)
    assert.match(r.left.message, said + part, `${name}: ${r.left.message}`)
  }
  const conditions: ReadonlyArray<readonly [string, string, (m: typeof Order) => unknown]> = [
    ['Command.expiredCondition', 'ttl', (m) => Command.expiredCondition(m, now)],
    ['Command.existsCondition', 'attrs', (m) => Command.existsCondition(m, undefined, now)],
    ['Command.saveCondition', 'hashKey', (m) => Command.saveCondition(m, false, now)],
  ]
  for (const [name, part, f] of conditions) {
    const m = throwsLater(part)
    const c = returned(name, () => E.right(f(m)))
    const why = refusalOf(E.isRight(c) ? c.right : undefined) ?? ''
    assert.match(why, said + part, `${name}: ${why}`)
  }
})

test("Table.shapeOf, Command.createTable and Command.isExpired given a model whose part throws after the model check: a Left quoting the throw, or false; never a throw", () => {
  const said = "the application's code threw (a codec, a default, a getter or a Proxy of the input): Error: no "
  const answers: ReadonlyArray<readonly [string, ReadonlyArray<string>, (m: typeof Order) => Answer]> = [
    ['Table.shapeOf', ['throughput', 'indexes', 'table', 'hashKey', 'keyTypes'], (m) => Table.shapeOf(m)],
    ['Command.createTable', ['table', 'hashKey', 'keyTypes', 'ttl'], (m) => Command.createTable('shop', m)],
  ]
  for (const [name, parts, f] of answers) {
    for (const part of parts) {
      const m = throwsLater(part)
      const r = returned(name, () => f(m))
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${name} (${part}): ${JSON.stringify(r)}`)
      assert.match(r.left.message, said + part, `${name} (${part}): ${r.left.message}`)
    }
  }
  // a model unread is no model: no time to live to say the item expired by, so the predicate
  // answers false (the reads answer the Left quoting the throw: "a read whose model's ttl throws…" below)
  const item = { pk: { S: 'CUSTOMER#c' }, sk: { S: 'ORDER#o' }, ttl: { N: '0' } }
  const r = returned('Command.isExpired', () => E.right(Command.isExpired(throwsLater('ttl'), item, new Date(1000_000))))
  assert.equal(r, E.right(false))
  assert.is(Command.isExpired({ ...Order, table: 7 } as unknown as typeof Order, item, new Date(1000_000)), false, 'a forged model')
})

test('a revoked Proxy, or a list whose iterator throws, given to a pure reader of a real model: a Left, or a refused condition, never a throw', () => {
  const revoked = Proxy.revocable([], {})
  revoked.revoke()
  const iteratorThrows = new Proxy([strategy], {
    get: (target, k) => {
      if (k === Symbol.iterator) throw new Error('no iterator here')
      return (target as unknown as Record<PropertyKey, unknown>)[k as string]
    },
  })
  const readers: ReadonlyArray<readonly [string, () => Answer]> = [
    ['Strategy.parseSelection', () => S.parseSelection(Order, revoked.proxy)],
    ['Plan.fromKeys', () => Plan.fromKeys(Order, iteratorThrows)],
  ]
  for (const [name, f] of readers) {
    const r = returned(name, f)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${name}: ${JSON.stringify(r)}`)
  }
  const c = returned('Model.keysIn', () => E.right(Model.keysIn(Order, revoked.proxy as never)))
  assert.ok(E.isRight(c) && refusalOf(c.right) !== undefined, 'Model.keysIn: a refused condition')
})

test("a read whose model's ttl throws on one read after the request is sent: never the expired item read as live", async () => {
  const Session = Model.make({ table: 'sessions', hashKey: 'id', ttl: 'expires', codec: t.intersection([t.type({ id: t.string }), t.partial({ expires: F.epochSeconds })]) })
  // the k-th read of ttl after the request throws; every other read answers
  let reads = -1
  let k = 0
  const m = Object.defineProperty({ ...Session }, 'ttl', { enumerable: true, get: () => {
    if (reads >= 0 && reads++ === k) throw new Error('no ttl here')
    return 'expires'
  } }) as typeof Session
  assert.ok(isModel(m))
  // expired at 1000 s, read at 2000 s
  const item = { id: { S: 'a' }, expires: { N: '1000' } }
  const client = { send: async (c: { constructor: { name: string } }) => {
    reads = 0
    return c.constructor.name === 'GetItemCommand' ? { $metadata: {}, Item: item } : { $metadata: {}, Items: [item], Count: 1, ScannedCount: 1 }
  } } as unknown as DynamoDBClient
  const env = Env.make({ client, now: () => new Date(2000_000), sleep: async () => undefined, maxAttempts: 1 })
  for (const [name, op] of [
    ['getOne', Dynamo.getOne(m, 'a')],
    ['getMany', Dynamo.getMany(m, C.eq(m.attrs.id, 'a'))],
  ] as const) {
    for (k = 0; k < 12; k++) {
      reads = -1
      const r = await (op as Dynamo.Op<unknown>)(env)()
      const live = E.isRight(r) && (Array.isArray(r.right) ? r.right.length > 0 : true)
      assert.ok(!live, `${name}, read ${k} throws: ${JSON.stringify(r)}`)
      if (E.isLeft(r) && r.left._tag === 'ValidationError') assert.match(r.left.message, 'Error: no ttl here', `${name}: ${r.left.message}`)
    }
  }
})

test.run()
