/**
 * Issue 16, points 2-3, with a counting stand-in client: every refusal sends nothing; a
 * cancellation's reasons are indexed, one per entry, the stored item decoded through its
 * entry's model; the ClientRequestToken is fixed before the first attempt and reused on every
 * retry; throttling and conflicts are retried with the Env's backoff, and a conflict that
 * outlasts them says so; a cancellation with a failed check is not retried.
 */
import type * as A from '../../../lib/ast/Attr.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  ThrottlingException,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as U from '../../../lib/ast/Update.js'
import { Blob, Order, Stock, User } from '../../harness/transaction.js'
import { Session } from '../../harness/ttl.js'
import * as t from 'io-ts'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'

const $metadata = {}

/** An Env whose client answers with `answer(n)` for the n-th command (from 1), recording every command; no waits. */
const standIn = (answer: (n: number, command: unknown) => unknown) => {
  const sent: unknown[] = []
  const sleeps: number[] = []
  const env = Env.make({
    client: {
      send: async (c: unknown) => {
        sent.push(c)
        const a = answer(sent.length, c)
        if (a instanceof Error) throw a
        return a
      },
    } as unknown as DynamoDBClient,
    tablePrefix: 'p-',
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    maxAttempts: 4,
    retry: { baseDelayMs: 10, maxDelayMs: 100 },
  })
  return { env, sent, sleeps }
}

const canceled = (reasons: ReadonlyArray<Record<string, unknown>>) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r['Code']).join(', ')}]`,
    $metadata,
    CancellationReasons: reasons as never,
  })

const s = Stock.attrs
const order = T.put(Order, { customer: 'c-1', id: 9, total: 30 }, { overwrite: false })
const decrement = T.update(Stock, C.and(C.eq(s.sku, 'x'), C.gte(s.count, 1)), [U.decrement(s.count, 1)])

test('every refusal sends nothing: counts, invalid entries, one item twice, 4 MB, bad tokens', async () => {
  const { env, sent } = standIn(() => ({ $metadata }))
  const refusals: ReadonlyArray<readonly [Dynamo.Op<unknown>, string]> = [
    // @ts-expect-error the types refuse an empty list literal too (Transaction.NonEmpty); the run refuses a list typed apart
    [Dynamo.transactWrite([]), 'got 0'],
    [Dynamo.transactWrite([] as ReadonlyArray<T.Write>), 'got 0'],
    [Dynamo.transactWrite(Array.from({ length: 101 }, (_, i) => T.check(User, `u${i}`))), 'got 101'],
    [Dynamo.transactWrite([order, T.put(User, { email: 'a', name: 'A', year: 1 })]), 'entry 1 (put on p-users)'],
    [Dynamo.transactWrite([order, T.update(Stock, 'x', [U.set(s.sku as A.Attr<string>, 'y')])]), 'entry 1 (update on p-stock)'],
    [Dynamo.transactWrite([decrement, T.check(Stock, { sku: 'x' })]), 'same item as entry 0'],
    [Dynamo.transactWrite(Array.from({ length: 11 }, (_, i) => T.put(Blob, { id: `b${i}`, data: 'x'.repeat(400_000) }))), 'entry 10'],
    [Dynamo.transactWrite([order], { token: '' }), 'token'],
    [Dynamo.transactWrite([order], { token: 'x'.repeat(37) }), 'token'],
    // @ts-expect-error as transactWrite's
    [Dynamo.transactGet([]), 'got 0'],
    [Dynamo.transactGet([] as ReadonlyArray<T.Get>), 'got 0'],
    [Dynamo.transactGet([T.get(User, 'a'), T.get(Order, ['', 2])]), 'entry 1 (get on p-orders)'],
  ]
  for (const [op, why] of refusals) {
    const r = await op(env)()
    assert.ok(E.isLeft(r) && (r.left._tag === 'ValidationError' || r.left._tag === 'ExpressionError'), why)
    assert.match(DE.show((r as E.Left<DE.DynamoError>).left), why)
  }
  assert.is(sent.length, 0)
})

test('cancelled: one reason per entry in input order, indexed, the stored item decoded through its entry model', async () => {
  const { env, sent } = standIn(() =>
    canceled([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { sku: { S: 'x' }, count: { N: '0' } } },
      { Code: 'None' },
    ]),
  )
  const r = await Dynamo.transactWrite([order, decrement, T.delete(User, 'gone')])(env)()
  assert.is(sent.length, 1, 'a failed check is not retried')
  if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable('expected TransactionCanceled')
  assert.equal(r.left.reasons, [
    { index: 0, code: 'None' },
    { index: 1, code: 'ConditionalCheckFailed', message: 'The conditional request failed', stored: { sku: { S: 'x' }, count: { N: '0' } }, item: { sku: 'x', count: 0 } },
    { index: 2, code: 'None' },
  ])
})

test('cancelled: a stored item the model refuses is described in the reason, not given', async () => {
  const { env } = standIn(() => canceled([{ Code: 'ConditionalCheckFailed', Item: { sku: { S: 'x' }, count: { N: '-3' } } }]))
  const r = await Dynamo.transactWrite([decrement])(env)()
  if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable('expected TransactionCanceled')
  const [reason] = r.left.reasons
  assert.is(reason?.item, undefined)
  assert.match(reason?.message ?? '', 'the stored item does not decode')
  // given as what it is: the attribute map DynamoDB returned, as a single write's ConditionalCheckFailed gives it
  assert.equal(reason?.stored, { sku: { S: 'x' }, count: { N: '-3' } })
})

test('cancelled: another entity\'s item (a shared table) is no item of the model: not decoded, given as it is (stored)', async () => {
  const Profile = Model.make({ table: 'shop', entity: 'profile', hashKey: Model.key('pk', 'P#{id}'), codec: t.type({ id: t.string, name: t.string }) })
  const foreign = { pk: { S: 'P#a' }, _et: { S: 'invoice' }, id: { S: 'a' }, name: { S: 'not a profile' } }
  const { env } = standIn(() => canceled([{ Code: 'ConditionalCheckFailed', Item: foreign }]))
  const r = await Dynamo.transactWrite([T.update(Profile, { id: 'a' }, [U.set(Profile.attrs.name, 'b')])])(env)()
  if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable('expected TransactionCanceled')
  // the message names the entry and why (the stand-in gave no message of DynamoDB's)
  assert.equal(r.left.reasons, [
    {
      index: 0,
      code: 'ConditionalCheckFailed',
      stored: foreign,
      message: "entry 0 (update on p-shop): the item at the key is another entity's (invoice), no profile: an update never creates one (updateOne is NotFound there)",
    },
  ])
  // a transaction sent through Dynamo.send (no model): the item as it is, nothing decoded
  const raw = await Dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ ConditionCheck: { TableName: 'p-shop', Key: { pk: { S: 'P#a' } }, ConditionExpression: 'attribute_not_exists(pk)' } }] }))(env)()
  if (E.isRight(raw) || raw.left._tag !== 'TransactionCanceled') return assert.unreachable('expected TransactionCanceled')
  assert.equal(raw.left.reasons, [{ index: 0, code: 'ConditionalCheckFailed', stored: foreign }])
})

test('cancelled with reasons not one per entry (fewer, more, none): a TransactionCanceled that says so and gives no reason to any entry, none decoded through a model nor made the ItemTooLarge of an entry; transactWrite and transactGet alike', async () => {
  const checkFailed = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { sku: { S: 'x' }, count: { N: '0' } } }
  const tooLarge = { Code: 'ValidationError', Message: 'Item size to update has exceeded the maximum allowed size' }
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<Record<string, unknown>>]> = [
    ['fewer', [{ Code: 'None' }, checkFailed]],
    ['more', [{ Code: 'None' }, checkFailed, { Code: 'None' }, { Code: 'None' }]],
    ['none', []],
    ['fewer, one too large', [{ Code: 'None' }, tooLarge]],
  ]
  for (const [what, reasons] of cases) {
    const { env, sent } = standIn(() => canceled(reasons))
    const writes = await Dynamo.transactWrite([order, decrement, T.delete(User, 'gone')])(env)()
    const gets = await Dynamo.transactGet([T.get(Order, ['c-1', 9]), T.get(Stock, 'x'), T.get(User, 'gone')])(env)()
    assert.is(sent.length, 2, `${what}: not retried`)
    for (const r of [writes, gets] as ReadonlyArray<E.Either<DE.DynamoError, unknown>>) {
      if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable(`${what}: expected TransactionCanceled, got ${JSON.stringify(r)}`)
      assert.equal(r.left.reasons, [], what)
      assert.match(r.left.message, `DynamoDB gave ${reasons.length} cancellation reasons for 3 entries`, what)
      assert.not.match(DE.show(r.left), /entry \d/, what)
    }
  }
})

test('the token: fixed before the first attempt and sent on every retry; a fresh UUID per run without one', async () => {
  const f = standIn((n) => (n < 3 ? new ThrottlingException({ message: 'slow down', $metadata }) : { $metadata }))
  const op = Dynamo.transactWrite([order, decrement])
  assert.equal(await op(f.env)(), E.right(undefined))
  assert.is(f.sent.length, 3)
  const tokens = f.sent.map((c) => (c as TransactWriteItemsCommand).input.ClientRequestToken)
  assert.match(tokens[0] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.equal(tokens, [tokens[0], tokens[0], tokens[0]])
  assert.equal(f.sleeps, [5, 10])
  // another run of the same operation is another transaction
  assert.equal(await op(f.env)(), E.right(undefined))
  const again = (f.sent[3] as TransactWriteItemsCommand).input.ClientRequestToken
  assert.ok(again !== undefined && again !== tokens[0])
  // a given token is the one sent, on every attempt
  const g = standIn((n) => (n === 1 ? canceled([{ Code: 'None' }, { Code: 'TransactionConflict' }]) : { $metadata }))
  assert.equal(await Dynamo.transactWrite([order, decrement], { token: 'order-42' })(g.env)(), E.right(undefined))
  assert.equal(
    g.sent.map((c) => (c as TransactWriteItemsCommand).input.ClientRequestToken),
    ['order-42', 'order-42'],
  )
})

test('a function default: computed once a run, so every retry of it sends the same parameters', async () => {
  let drawn = 0
  const Ticket = Model.make({ table: 'tickets', hashKey: 'id', codec: t.type({ id: t.string, ref: t.string }), defaults: { ref: () => `ref-${++drawn}` } })
  const f = standIn((n) => (n < 3 ? new ThrottlingException({ message: 'slow down', $metadata }) : { $metadata }))
  assert.equal(await Dynamo.transactWrite([T.put(Ticket, { id: 't-1' })])(f.env)(), E.right(undefined))
  assert.is(f.sent.length, 3)
  const sent = f.sent.map((c) => JSON.stringify((c as TransactWriteItemsCommand).input))
  assert.equal(sent, [sent[0], sent[0], sent[0]])
  assert.is(drawn, 1)
  assert.match(sent[0] as string, /ref-1/)
})

test('a conflict is retried with the backoff; one that outlasts the attempts says so', async () => {
  const f = standIn(() => canceled([{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }]))
  const r = await Dynamo.transactWrite([order, decrement])(f.env)()
  assert.is(f.sent.length, 4)
  assert.equal(f.sleeps, [5, 10, 20])
  if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable('expected TransactionCanceled')
  assert.match(r.left.message, '(TransactionConflict through all 4 attempts)')
  assert.equal(
    r.left.reasons.map((x) => [x.index, x.code]),
    [
      [0, 'None'],
      [1, 'TransactionConflict'],
    ],
  )
  // a conflict beside a failed check: the check will fail again, no retry
  const g = standIn(() => canceled([{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }]))
  await Dynamo.transactWrite([order, decrement])(g.env)()
  assert.is(g.sent.length, 1)
})

test('throttling or a 5xx through every attempt: transactWrite and transactGet give up saying how many attempts over how long, as every other operation does', async () => {
  const throttled = () => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })
  const unavailable = () => Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } })
  for (const fail of [throttled, unavailable]) {
    const ops: ReadonlyArray<(env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>> = [(env) => Dynamo.transactWrite([order, decrement])(env)(), (env) => Dynamo.transactGet([T.get(User, 'a')])(env)()]
    for (const op of ops) {
      const f = standIn(() => fail())
      const r = await op(f.env)
      assert.is(f.sent.length, 4)
      if (E.isRight(r) || r.left._tag !== 'AwsError') return assert.unreachable(`expected AwsError, got ${JSON.stringify(r)}`)
      assert.match(r.left.message, /\(gave up after 4 attempts over \d+ ms\)/, r.left.message)
      assert.is(r.left.attempts, 4)
    }
  }
  // one attempt that is not retried (a 400 that is no throttling) says nothing of attempts
  const g = standIn(() => Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }))
  const r = await Dynamo.transactWrite([order, decrement])(g.env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.message === 'bad', JSON.stringify(r))
})

/** A model whose entries carry the clock: timestamps set at each put and update. */
const Doc = Model.make({ table: 'docs', hashKey: 'id', codec: t.type({ id: t.string, n: t.number, created_at: Field.dateTime, updated_at: Field.dateTime }), timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
/** Entries of every kind on models that carry the clock (timestamps; ttl's `:now` in their conditions). */
const clocked = () => [
  T.put(Doc, { id: 'd-1', n: 1 }, { overwrite: false }),
  T.update(Doc, 'd-2', [U.increment(Doc.attrs.n, 1)]),
  T.put(Session, { id: 's-1', user: 'u' }, { overwrite: false }),
  T.update(Session, 's-2', [U.set(Session.attrs.note, 'x')]),
  T.delete(Session, 's-3'),
  T.check(Session, 's-4'),
]

/** An Env recording every TransactWriteItems input, whose clock moves a second at each read. */
const ticking = () => {
  const inputs: unknown[] = []
  let clock = Date.parse('2026-01-01T00:00:00Z')
  const env = Env.make({
    client: { send: async (c: TransactWriteItemsCommand) => (inputs.push(c.input), { $metadata }) } as unknown as DynamoDBClient,
    now: () => new Date((clock += 1000)),
  })
  return { env, inputs }
}

test('`now` given with the token: two runs of the same transaction, the Env\'s clock moved between them, send identical parameters, every entry stamped with it (timestamps, the ttl\'s :now); without it the runs differ', async () => {
  const at = new Date('2026-03-01T12:00:00Z')
  const f = ticking()
  const op = Dynamo.transactWrite(clocked(), { token: 'doc-1', now: at })
  assert.equal(await op(f.env)(), E.right(undefined))
  assert.equal(await op(f.env)(), E.right(undefined))
  // built again from the same entries and a Date of the same time: the same parameters too
  assert.equal(await Dynamo.transactWrite(clocked(), { token: 'doc-1', now: new Date(at.getTime()) })(f.env)(), E.right(undefined))
  assert.is(f.inputs.length, 3)
  assert.equal(f.inputs[1], f.inputs[0])
  assert.equal(f.inputs[2], f.inputs[0])
  const text = JSON.stringify(f.inputs[0])
  assert.match(text, '"2026-03-01T12:00:00.000Z"')
  assert.match(text, `{"N":"${at.getTime() / 1000}"}`)
  assert.not.match(text, '2026-01-01')
  // the Env's clock, read at each run: other parameters
  const g = ticking()
  const plain = Dynamo.transactWrite(clocked(), { token: 'doc-1' })
  await plain(g.env)()
  await plain(g.env)()
  assert.not.equal(g.inputs[1], g.inputs[0])
})

test('property: for any now a dateTime holds and any clock steps of the Env between runs, the runs of a transaction given that now send identical parameters', async () => {
  const within = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
  await fc.assert(
    fc.asyncProperty(within, fc.array(fc.integer({ min: 1, max: 10 ** 9 }), { minLength: 1, maxLength: 3 }), async (at, steps) => {
      const inputs: unknown[] = []
      let clock = Date.parse('2026-01-01T00:00:00Z')
      let i = 0
      const env = Env.make({
        client: { send: async (c: TransactWriteItemsCommand) => (inputs.push(c.input), { $metadata }) } as unknown as DynamoDBClient,
        now: () => new Date((clock += steps[i++ % steps.length] as number)),
      })
      const op = Dynamo.transactWrite(clocked(), { token: 'doc-1', now: at })
      for (let n = 0; n <= steps.length; n++) assert.equal(await op(env)(), E.right(undefined))
      for (const input of inputs) assert.equal(input, inputs[0])
    }),
    { seed: 29, numRuns: 200 },
  )
})

test('`now` is checked before any request: a Date whose time is invalid, or no Date, is a ValidationError naming now; a Date changed after the run started does not change what is sent', async () => {
  const { env, sent } = standIn(() => ({ $metadata }))
  // (a Date whose class answers a valid time for an invalid one, an object that only inherits from Date: read by Date.prototype's getTime)
  class Lying extends Date {
    override getTime(): number {
      return 1e12
    }
  }
  for (const [i, now] of [new Date(NaN), '2026-01-01T00:00:00Z', 1_767_225_600_000, null, new Lying(NaN), Object.create(Date.prototype)].entries()) {
    const r = await Dynamo.transactWrite(clocked(), { token: 'doc-1', now: now as never })(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'now', `now #${i}: ${JSON.stringify(r)}`)
  }
  assert.is(sent.length, 0)
  // the given Date is read when the run starts: one changed during the run's retries is not what is sent
  const at = new Date('2026-03-01T12:00:00Z')
  const f = standIn((n) => (n === 1 ? (at.setTime(0), new ThrottlingException({ message: 'slow down', $metadata })) : { $metadata }))
  assert.equal(await Dynamo.transactWrite([T.put(Doc, { id: 'd-1', n: 1 })], { token: 'doc-1', now: at })(f.env)(), E.right(undefined))
  const [first, second] = f.sent.map((c) => JSON.stringify((c as TransactWriteItemsCommand).input))
  assert.is(second, first)
  assert.match(first ?? '', '2026-03-01T12:00:00.000Z')
})

test('IdempotentParameterMismatch: on entries that carry the clock, run with the Env\'s clock, it says to retry with the same token and now; with now given, or on entries without a clock, it says only that the parameters differ', async () => {
  const mismatch = () => Object.assign(new Error('Request parameters do not match'), { name: 'IdempotentParameterMismatchException', $fault: 'client', $metadata: { httpStatusCode: 400 } })
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<T.Write>, Date | undefined, boolean]> = [
    ['timestamps, the Env\'s clock', clocked(), undefined, true],
    ['timestamps, now given', clocked(), new Date('2026-03-01T12:00:00Z'), false],
    ['no clock', [order, decrement], undefined, false],
  ]
  for (const [what, entries, now, hint] of cases) {
    const f = standIn(mismatch)
    const r = await Dynamo.transactWrite(entries, now === undefined ? { token: 'doc-1' } : { token: 'doc-1', now })(f.env)()
    if (E.isRight(r) || r.left._tag !== 'AwsError') return assert.unreachable(`${what}: expected AwsError, got ${JSON.stringify(r)}`)
    assert.match(r.left.message, 'a transaction with token "doc-1" was made in the last 10 minutes with other parameters', what)
    if (hint) assert.match(r.left.message, 'run it with the same `token` and the same `now`', what)
    else assert.match(r.left.message, 'other parameters)', what)
  }
})

test('a transactWrite without a token whose outcome is unknown after its attempts (a 5xx on one of them) is not retryable and says to pass token; with a token, or refused every time before it could apply (throttling), it stays retryable', async () => {
  const throttled = () => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })
  const unavailable = () => Object.assign(new Error('unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } })
  const cases: ReadonlyArray<readonly [string, (n: number) => Error, string | undefined, boolean]> = [
    ['a 5xx every time, no token', unavailable, undefined, false],
    ['a 5xx, then throttled, no token', (n) => (n === 1 ? unavailable() : throttled()), undefined, false],
    ['a 5xx every time, a token', unavailable, 'order-9', true],
    ['throttled every time, no token', throttled, undefined, true],
  ]
  for (const [what, fail, token, retryable] of cases) {
    const f = standIn((n) => fail(n))
    const r = await Dynamo.transactWrite([order, decrement], token === undefined ? {} : { token })(f.env)()
    assert.is(f.sent.length, 4, what)
    if (E.isRight(r) || r.left._tag !== 'AwsError') return assert.unreachable(`${what}: expected AwsError, got ${JSON.stringify(r)}`)
    assert.is(r.left.retryable, retryable, `${what}: ${r.left.message}`)
    assert.match(r.left.message, /gave up after 4 attempts/, what)
    if (!retryable) assert.match(r.left.message, /may have been applied.*pass `token` to retry it safely/, `${what}: ${r.left.message}`)
    else assert.not.match(r.left.message, /may have been applied/, what)
  }
  // entries that carry the clock: the retry needs `now` too, and the error says so
  const down = standIn(() => unavailable())
  const r = await Dynamo.transactWrite(clocked())(down.env)()
  assert.match(E.isLeft(r) ? DE.show(r.left) : 'a Right', /pass `token`, and `now` \(its entries carry the clock\), to retry it safely/)
})

test('transactGet: a tuple in input order; absent and failing a check are none; conflicts retried', async () => {
  const f = standIn((n, c) => {
    if (n === 1) return canceled([{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }])
    assert.ok(c instanceof TransactGetItemsCommand)
    return {
      $metadata,
      Responses: [{ Item: { email: { S: 'a@x.io' }, name: { S: 'A' }, year: { N: '1990' } } }, {}, { Item: { customer: { S: 'c' }, id: { N: '2' }, total: { N: '5' } } }],
    }
  })
  const o = Order.attrs
  const r = await Dynamo.transactGet([
    T.get(User, 'a@x.io'),
    T.get(Stock, 'none'),
    T.get(Order, C.and(C.eq(o.customer, 'c'), C.eq(o.id, 2), C.gt(o.total, 10))),
  ] as const)(f.env)()
  assert.is(f.sent.length, 2)
  assert.equal(r, E.right([{ _tag: 'Some', value: { email: 'a@x.io', name: 'A', year: 1990 } }, { _tag: 'None' }, { _tag: 'None' }]))
})

test('transactGet takes includeExpired, as getOne does: an item whose time has passed is none without it, some with it; a non-boolean is a ValidationError before any request; only a model with ttl reads the clock', async () => {
  // the stand-in Env's clock is the system's: an item that expired in 2001 is expired at it
  const stored = { id: { S: 's1' }, user: { S: 'u' }, expiresAt: { N: '1000000000' } }
  const f = standIn(() => ({ $metadata, Responses: [{ Item: stored }] }))
  const expiredItem = { id: 's1', user: 'u', expiresAt: new Date(1_000_000_000_000) }
  assert.equal(await Dynamo.transactGet([T.get(Session, 's1')])(f.env)(), E.right([{ _tag: 'None' }]))
  assert.equal(await Dynamo.transactGet([T.get(Session, 's1')], { includeExpired: false })(f.env)(), E.right([{ _tag: 'None' }]))
  assert.equal(await Dynamo.transactGet([T.get(Session, 's1')], { includeExpired: true })(f.env)(), E.right([{ _tag: 'Some', value: expiredItem }]))
  const sent = f.sent.length
  const bad = await Dynamo.transactGet([T.get(Session, 's1')], { includeExpired: 'yes' as never })(f.env)()
  assert.ok(E.isLeft(bad) && bad.left._tag === 'ValidationError' && bad.left.issues[0]?.path === 'includeExpired', JSON.stringify(bad))
  assert.is(f.sent.length, sent)
  // a clock that gives no Date: a ConfigError where an entry's model has ttl and expired items are left out, as getOne's
  const broken = { ...f.env, now: () => new Date(NaN) }
  const withTtl = await Dynamo.transactGet([T.get(Session, 's1')])(broken)()
  assert.ok(E.isLeft(withTtl) && withTtl.left._tag === 'ConfigError', JSON.stringify(withTtl))
  assert.equal(await Dynamo.transactGet([T.get(Session, 's1')], { includeExpired: true })(broken)(), E.right([{ _tag: 'Some', value: expiredItem }]))
  const g = standIn(() => ({ $metadata, Responses: [{ Item: { sku: { S: 'x' }, count: { N: '1' } } }] }))
  assert.equal(await Dynamo.transactGet([T.get(Stock, 'x')])({ ...g.env, now: () => new Date(NaN) })(), E.right([{ _tag: 'Some', value: { sku: 'x', count: 1 } }]))
})

test.run()
