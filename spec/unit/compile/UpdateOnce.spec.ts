/**
 * An update is read once: the value its model's codec checks is the value sent. An update cast
 * through `any` whose value (a getter's, a Proxy's) answered otherwise when read again was
 * checked with one value and sent with another, one its field's codec refuses
 * (`Field.int({ min: 0 })` took 1 and -5 was sent), by `updateOne` and `T.update` alike.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import * as t from 'io-ts'
import * as U from '../../../lib/ast/Update.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'
import * as T from '../../../lib/compile/Transaction.js'

const Counted = Model.make({ table: 'counted', hashKey: 'id', codec: t.type({ id: t.string, n: Field.int({ min: 0 }) }) })

/** `U.set(n, 1)` whose value answers 1 on its first `reads` readings and -5 after. */
const shifting = (reads: number): U.Update => {
  const set = U.set(Counted.attrs.n, 1)
  let n = 0
  const value = { ...(set as unknown as { readonly value: object }).value }
  Object.defineProperty(value, 'value', { enumerable: true, get: () => (++n <= reads ? 1 : -5) })
  return [{ ...set, value } as unknown as U.Action<typeof Counted>] as unknown as U.Update
}

/** The `N`s of a request's values. */
const numbers = (values: Record<string, { readonly N?: string }> | undefined): ReadonlyArray<string | undefined> => Object.values(values ?? {}).map((v) => v.N)

/** An Env whose client records every command and answers `{}`. */
const standIn = () => {
  const sent: unknown[] = []
  const env = Env.make({ client: { send: async (c: unknown) => (sent.push(c), {}) } as unknown as DynamoDBClient, sleep: async () => undefined, maxAttempts: 1 })
  return { env, sent }
}

test('Command.updateItem, updateOne and T.update: a value read otherwise after the check is never sent (-5 where the codec took 1)', async () => {
  const key = S.parseWrite(Counted, 'a', 'update')
  if (key._tag === 'Left') return assert.unreachable()
  for (let reads = 1; reads <= 6; reads++) {
    const input = Command.updateItem(Counted, 'counted', key.right, shifting(reads), new Date(0))
    assert.ok(input._tag === 'Right' && numbers(input.right.ExpressionAttributeValues as never).join() === '1', `Command.updateItem, ${reads} readings: ${JSON.stringify(input)}`)
    const one = standIn()
    await Dynamo.updateOne(Counted, 'a', shifting(reads))(one.env)()
    const sent = (one.sent[0] as UpdateItemCommand | undefined)?.input.ExpressionAttributeValues
    assert.ok(sent !== undefined && numbers(sent as never).join() === '1', `updateOne, ${reads} readings: ${JSON.stringify(sent)}`)
    const tx = standIn()
    await Dynamo.transactWrite([T.update(Counted, 'a', shifting(reads))])(tx.env)()
    const sentTx = (tx.sent[0] as TransactWriteItemsCommand | undefined)?.input.TransactItems?.[0]?.Update?.ExpressionAttributeValues
    assert.ok(sentTx !== undefined && numbers(sentTx as never).join() === '1', `T.update, ${reads} readings: ${JSON.stringify(sentTx)}`)
  }
})

test('updateOne: an ADD read once is sent once after a lost answer (its value 1, then a set, was sent again as idempotent)', async () => {
  const add = U.add(Counted.attrs.n, 1)
  let reads = 0
  const value = { ...(add as unknown as { readonly value: object }).value }
  Object.defineProperty(value, 'value', { enumerable: true, get: () => (++reads === 1 ? 1 : new Set([1])) })
  const updates = [{ ...add, value }] as unknown as U.Update<typeof Counted>
  const sent: UpdateItemCommand[] = []
  const client = {
    send: async (c: UpdateItemCommand) => {
      sent.push(c)
      if (sent.length === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
      return { Attributes: { id: { S: 'a' }, n: { N: '1' } } }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, sleep: async () => undefined })
  const out = await Dynamo.updateOne(Counted, 'a', updates)(env)()
  assert.is(sent.length, 1, `sent ${sent.length} times: ${sent.map((c) => c.input.UpdateExpression).join(', ')}`)
  // the ADD's own value (beside the bound of the safe-integer guard an int's increment carries)
  const added = /^ADD #n1 (:v\d+)$/.exec(sent[0]?.input.UpdateExpression ?? '')
  assert.ok(added !== null, `sent ${sent[0]?.input.UpdateExpression}`)
  assert.equal(sent[0]?.input.ExpressionAttributeValues?.[added[1] as string], { N: '1' })
  assert.ok(out._tag === 'Left', JSON.stringify(out))
})

const Mapped = Model.make({ table: 'mapped', hashKey: 'id', codec: t.type({ id: t.string, at: Field.map({ n: Field.int({ min: 0 }) }) }) })

test('Command.updateItem: a map value whose field answers 1, then -5, is checked and sent as 1 (it sent {"M":{"n":{"N":"-5"}}})', () => {
  const key = S.parseWrite(Mapped, 'a', 'update')
  if (key._tag === 'Left') return assert.unreachable()
  let reads = 0
  const value = {
    get n() {
      return ++reads === 1 ? 1 : -5
    },
  }
  const input = Command.updateItem(Mapped, 'mapped', key.right, [U.set(Mapped.attrs.at, value)], new Date(0))
  if (input._tag === 'Left') return assert.unreachable(JSON.stringify(input.left))
  assert.equal(Object.values(input.right.ExpressionAttributeValues ?? {}), [{ M: { n: { N: '1' } } }])
  assert.is(reads, 1)
})

test.run()
