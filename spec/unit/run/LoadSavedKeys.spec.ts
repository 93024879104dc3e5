/**
 * `load` writes a model's line as a save of the decoded item writes it: its key fields stored as
 * their re-encoded values (a date-time's `+02:00` form as the UTC text a save writes) and the
 * composed keys from those, so a range read over the key finds the item where its fields say;
 * a line holding a key composed from another text of a field is refused with the load's one
 * message. `Model.decode` refuses a range key holding another text of a string field's value
 * than a save writes (a range condition compares the saved text).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { Order } from '../../harness/shop.js'

type Item = Record<string, AttributeValue>
const S = (s: string): AttributeValue => ({ S: s })
const local = '2024-05-01T02:00:00+02:00'
const utc = '2024-05-01T00:00:00.000Z'
const fields: Item = { _et: S('order'), customerId: S('c1'), orderId: S('o1'), createdAt: S(local), status: S('open'), total: { N: '1' } }

/** An Env whose client takes every BatchWriteItem, recording the items written. */
const recording = () => {
  const items: Item[] = []
  const send = async (c: { input: { RequestItems: Record<string, ReadonlyArray<{ PutRequest: { Item: Item } }>> } }) => {
    for (const rs of Object.values(c.input.RequestItems)) for (const r of rs) items.push(r.PutRequest.Item)
    return { UnprocessedItems: {}, $metadata: {} }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined }), items }
}

test("a line without keys: its keys composed from its date-time field as a save writes it", async () => {
  const { env, items } = recording()
  const r = await Dynamo.load(Order, [JSON.stringify({ Item: fields })])(env)()
  assert.equal(r, E.right({ written: 1, fail: [] }))
  const w = items[0] as Item
  assert.equal(w.sk, S(`ORDER#${utc}#o1`))
  assert.equal(w.gsi1sk, S(`${utc}#o1`))
  // (the fields as the line holds them: a load is a restore)
  assert.equal(w.createdAt, S(local))
  // what a save of the decoded item writes, key for key
  const saved = Model.decode(Order, w)
  assert.ok(E.isRight(saved), E.isLeft(saved) ? DE.show(saved.left) : '')
})

test("a line holding a range key composed from the field's other text: refused, with the load's message", async () => {
  const { env, items } = recording()
  const r = await Dynamo.load(Order, [JSON.stringify({ Item: { ...fields, pk: S('CUSTOMER#c1'), sk: S(`ORDER#${local}#o1`) } })])(env)()
  if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
  assert.is(r.right.written, 0)
  assert.is(items.length, 0)
  const why = r.right.fail.map((f) => DE.show(f.error)).join('\n')
  assert.match(why, `sk: the line holds {"S":"ORDER#${local}#o1"}, its fields give {"S":"ORDER#${utc}#o1"}`)
  assert.match(why, 'leave it out to have it computed')
  assert.not.match(why, 'the old item stays')
})

test('a line holding a hash key of other fields: the same message', async () => {
  const { env } = recording()
  const r = await Dynamo.load(Order, [JSON.stringify({ Item: { ...fields, pk: S('CUSTOMER#c9') } })])(env)()
  if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
  assert.match(r.right.fail.map((f) => DE.show(f.error)).join('\n'), 'pk: the line holds {"S":"CUSTOMER#c9"}, its fields give {"S":"CUSTOMER#c1"}: an attribute computed by dynamongo on every write must be what the fields give (leave it out to have it computed)')
})

test("Model.decode refuses a range key holding a date-time's other text, accepts the saved one", () => {
  const stored: Item = { ...fields, pk: S('CUSTOMER#c1'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${utc}#o1`) }
  const other = Model.decode(Order, { ...stored, sk: S(`ORDER#${local}#o1`) })
  if (E.isRight(other)) return assert.unreachable('a Right')
  assert.match(DE.show(other.left), `sk: the item holds {"S":"ORDER#${local}#o1"}`)
  assert.ok(E.isRight(Model.decode(Order, { ...stored, sk: S(`ORDER#${utc}#o1`) })))
  // the fields as a save stores them, the key composed from them: no other text
  assert.ok(E.isRight(Model.decode(Order, { ...stored, createdAt: S(utc), sk: S(`ORDER#${utc}#o1`) })))
  assert.not.ok(E.isRight(Model.decode(Order, { ...stored, createdAt: S(utc), sk: S(`ORDER#${local}#o1`) })))
})

test.run()
