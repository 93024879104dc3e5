/**
 * A transaction reads each entry once: the list's length and members, each entry's kind,
 * model, item, strategy, updates and options. What is checked is what is sent, and a
 * cancellation is read back against those same entries. An entry (or a list) whose getters
 * answer otherwise when read again (a Proxy of the application's) was checked as one model
 * and sent as another's, or sent past the 100 entries checked.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TransactionCanceledException, type TransactGetItemsCommand, type TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'

/** Counts of at least 0: a negative count is refused. */
const Counted = Model.make({ table: 'counted', hashKey: 'id', codec: t.type({ id: t.string, n: Field.int({ min: 0 }) }) })
/** The same fields, any number, on another table. */
const Loose = Model.make({ table: 'loose', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

/** An Env whose client records every command and answers `answer`. */
const standIn = (answer: () => unknown = () => ({})) => {
  const sent: unknown[] = []
  const env = Env.make({
    client: {
      send: async (c: unknown) => {
        sent.push(c)
        const a = answer()
        if (a instanceof Error) throw a
        return a
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
    maxAttempts: 1,
  })
  return { env, sent }
}

/** A put entry whose model is `first` on its first `reads` readings, `then` after. */
const shifting = (item: unknown, reads: number, first: Model.Any, then: Model.Any): T.Write => {
  let n = 0
  return {
    _tag: 'Put',
    get model() {
      n++
      return n <= reads ? first : then
    },
    item,
  } as unknown as T.Write
}

test('an entry whose model answers otherwise when read again is checked and sent as one model: an item its first model refuses is never sent to that table', async () => {
  for (let reads = 1; reads <= 6; reads++) {
    const { env, sent } = standIn()
    const r = await Dynamo.transactWrite([shifting({ id: 'a', n: -5 }, reads, Counted, Loose)])(env)()
    const items = sent.map((c) => (c as TransactWriteItemsCommand).input.TransactItems?.[0]?.Put)
    // one model from first to last: Counted refuses n = -5, so nothing is sent
    assert.ok(E.isLeft(r), `${reads} readings: ${JSON.stringify(r)}; sent ${JSON.stringify(items)}`)
    assert.equal(items, [], `${reads} readings`)
  }
})

test('a list whose length answers otherwise when read again: the entries checked are the entries sent (at most 100)', async () => {
  const many = Array.from({ length: 150 }, (_, i) => T.put(Loose, { id: `k${i}`, n: i }))
  let reads = 0
  const list = new Proxy(many, {
    get: (target, key, receiver) => {
      if (key === 'length') return ++reads === 1 ? 1 : target.length
      return Reflect.get(target, key, receiver)
    },
  })
  const { env, sent } = standIn()
  const r = await Dynamo.transactWrite(list as unknown as ReadonlyArray<T.Write>)(env)()
  const counts = sent.map((c) => (c as TransactWriteItemsCommand).input.TransactItems?.length)
  // the length as first read: one entry, checked and sent
  assert.equal(counts, [1], `sent ${JSON.stringify(counts)}: ${JSON.stringify(r).slice(0, 200)}`)
})

test("a cancellation is read against the entries sent: an entry whose model answers otherwise after the request is read back through the model it was sent as", async () => {
  const cancel = new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'a' }, n: { N: '-5' } } }],
  })
  // Counted for the first readings, Loose after: whichever reading the request is built from, the reason is read through the same model
  let read = 0
  for (let reads = 1; reads <= 12; reads++) {
    const { env, sent } = standIn(() => cancel)
    const r = await Dynamo.transactWrite([shifting({ id: 'a', n: 1 }, reads, Counted, Loose)])(env)()
    const table = (sent[0] as TransactWriteItemsCommand | undefined)?.input.TransactItems?.[0]?.Put?.TableName
    if (table !== 'counted') continue
    assert.ok(E.isLeft(r) && r.left._tag === 'TransactionCanceled', JSON.stringify(r))
    const reason = (r as E.Left<{ readonly reasons: ReadonlyArray<{ readonly item?: unknown; readonly message?: string }> }>).left.reasons[0]
    // the stored n = -5 is no Counted item: not decoded, the message says so
    assert.is(reason?.item, undefined, `${reads} readings: ${JSON.stringify(reason)}`)
    assert.match(reason?.message ?? '', /does not decode/)
    read++
  }
  assert.ok(read > 0, 'no run sent the entry as a Counted put')
})

test('transactGet decodes each item through the model its key was read with: an entry whose model answers otherwise after the request is no other model\'s read', async () => {
  let checked = 0
  for (let reads = 1; reads <= 12; reads++) {
    let n = 0
    const entry = {
      _tag: 'Get',
      get model() {
        n++
        return n <= reads ? Counted : Loose
      },
      strategy: 'a',
    } as unknown as T.Get
    const { env, sent } = standIn(() => ({ Responses: [{ Item: { id: { S: 'a' }, n: { N: '-5' } } }] }))
    const r = await Dynamo.transactGet([entry])(env)()
    const table = (sent[0] as TransactGetItemsCommand | undefined)?.input.TransactItems?.[0]?.Get?.TableName
    if (table !== 'counted') continue
    // n = -5 is no Counted item: a ValidationError naming the entry, never a Loose item read from the counted table
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && /entry 0 \(get on counted\)/.test(r.left.message), `${reads} readings: ${JSON.stringify(r)}`)
    checked++
  }
  assert.ok(checked > 0, 'no run read the entry as a Counted get')
})

test.run()
