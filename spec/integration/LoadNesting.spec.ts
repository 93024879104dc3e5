/**
 * `Dynamo.load` and DynamoDB's nesting limit, DynamoDB Local the oracle: a list or a map at
 * level 33 (the item level 1: 31 lists or maps and the item around it), even an empty one, is refused by DynamoDB,
 * while a scalar or a set there is stored. A line holding one fails with its line number
 * before any request (as `Item.encode` refuses such a value on every write); the others load.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import * as Line from '../../lib/table/Line.js'
import { fixture, ok, scanAll, REQUEST_MS } from '../harness/models.js'

const Loose = Model.make({ table: 'nesting', hashKey: 'pk', codec: t.type({ pk: t.string }), billing: 'onDemand' })

/** `inner` inside `levels` lists or maps. */
const nest = (levels: number, kind: 'L' | 'M', inner: AttributeValue): AttributeValue => {
  let v = inner
  for (let i = 0; i < levels; i++) v = kind === 'L' ? { L: [v] } : { M: { k: v } }
  return v
}

test('load: a list or map at level 33 (the item level 1), empty or not, fails with its line number before any request (DynamoDB refuses it); a scalar or a set there, and an empty list or map at level 32, load. DynamoDB Local, sent each item by a raw PutItem, agrees on every one', async () => {
  const f = await fixture('nesting')
  await ok(f.env, Dynamo.createTable(Loose))
  const refused: ReadonlyArray<AttributeValue> = [
    nest(31, 'L', { L: [] }),
    nest(31, 'M', { M: {} }),
    nest(31, 'L', { M: {} }),
    nest(31, 'M', { L: [] }),
    nest(31, 'L', { L: [{ S: 'x' }] }),
  ]
  const stored: ReadonlyArray<AttributeValue> = [
    nest(31, 'L', { S: 'x' }),
    nest(31, 'M', { SS: ['a'] }),
    nest(30, 'L', { L: [] }),
    nest(30, 'M', { M: {} }),
  ]
  const items = [...refused, ...stored].map((v, i): Record<string, AttributeValue> => ({ pk: { S: `k${i}` }, v }))
  const lines = items.map(Line.show)
  let requests = 0
  const env = Env.make({ region: 'us-east-2', client: f.client, tablePrefix: f.prefix, on: () => requests++, timeoutMs: REQUEST_MS })
  const r = await ok(env, Dynamo.load(Loose, lines))
  assert.equal(
    r.fail.map((x) => [x.line, x.error._tag, x.outcome]),
    refused.map((_, i) => [i + 1, 'ValidationError', 'not-written']),
  )
  for (const x of r.fail) assert.match(DE.show(x.error), /nested deeper than/)
  assert.is(r.written, stored.length)
  assert.is(requests, 1, 'one BatchWriteItem of the lines DynamoDB stores, no request for the others')
  assert.equal((await scanAll(f.client, f.table(Loose))).map((x) => x['pk']?.S).sort(), stored.map((_, i) => `k${refused.length + i}`).sort())
  // the oracle: DynamoDB Local refuses exactly the refused items when sent as they are
  for (const [i, item] of items.entries()) {
    const put = await f.client
      .send(new PutItemCommand({ TableName: f.table(Loose), Item: item }))
      .then(
        () => 'stored',
        (e: unknown) => (e as Error).name,
      )
    assert.is(put, i < refused.length ? 'ValidationException' : 'stored', `line ${i + 1}`)
  }
})

test.run()
