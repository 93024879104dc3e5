/**
 * An update whose fallback value (`U.setIfNotExists(a, v)`, `U.set(a, U.ifNotExists(b, v))`)
 * is a value DynamoDB refuses at an index key attribute (an empty string or empty binary, a
 * value over the key's bytes): DynamoDB refuses the `UpdateItem` whenever the item lacks the
 * attribute (DynamoDB Local, the oracle: a `ValidationException`, "The update expression
 * attempted to update a secondary index key to a value that is not supported"), as it refuses
 * `U.set(a, v)` on every item. `U.set(a, '')` is a `ValidationError` before any request; so is
 * the fallback, as a fallback the field's codec refuses is (a value is checked whether or not
 * the item will need it), and nothing is written.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as U from '../../lib/ast/Update.js'
import { counting } from '../harness/counting.js'
import { fixture, ok, rawGetPlain } from '../harness/models.js'

const Tagged = Model.make({
  table: 'tagged',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string }), t.partial({ tag: t.string, blob: Field.binary, other: t.string })]),
  indexes: { byTag: Model.globalIndex({ hashKey: 'tag' }), byBlob: Model.globalIndex({ hashKey: 'blob' }) },
  billing: 'onDemand',
})
const a = Tagged.attrs

const fallbacks: ReadonlyArray<readonly [string, U.Update, string]> = [
  ["setIfNotExists(tag, '')", [U.setIfNotExists(a.tag, '')], 'tag: a key cannot be an empty string (it is a key of the index byTag)'],
  ["set(tag, ifNotExists(tag, ''))", [U.set(a.tag, U.ifNotExists(a.tag, ''))], 'tag: a key cannot be an empty string (it is a key of the index byTag)'],
  ["set(tag, ifNotExists(other, ''))", [U.set(a.tag, U.ifNotExists(a.other, ''))], 'tag: a key cannot be an empty string (it is a key of the index byTag)'],
  ["set(tag, ifNotExists(tag, ifNotExists(other, '')))", [U.set(a.tag, U.ifNotExists(a.tag, U.ifNotExists(a.other, '')))], 'tag: a key cannot be an empty string (it is a key of the index byTag)'],
  ['setIfNotExists(blob, empty)', [U.setIfNotExists(a.blob, new Uint8Array())], 'blob: a key cannot be empty binary (it is a key of the index byBlob)'],
  ["setIfNotExists(tag, 2,049 bytes)", [U.setIfNotExists(a.tag, 'x'.repeat(2049))], 'tag: the partition key of the index byTag takes at most 2048 bytes, this one 2049'],
]

test('the oracle: DynamoDB Local refuses SET tag = if_not_exists(tag, :empty) on an item without tag, and takes it on one with', async () => {
  const f = await fixture('fallback-oracle')
  await ok(f.env, Dynamo.createTable(Tagged))
  await ok(f.env, Dynamo.saveMany(Tagged, [{ id: 'bare' }, { id: 'tagged', tag: 't' }]))
  const send = (id: string) =>
    f.client
      .send(
        new UpdateItemCommand({
          TableName: f.table(Tagged),
          Key: { id: { S: id } },
          UpdateExpression: 'SET #t = if_not_exists(#t, :v)',
          ExpressionAttributeNames: { '#t': 'tag' },
          ExpressionAttributeValues: { ':v': { S: '' } },
        }),
      )
      .then(
        () => 'taken',
        (e: Error) => `${e.name}: ${e.message}`,
      )
  assert.match(await send('bare'), /^ValidationException: .*secondary index key/)
  assert.is(await send('tagged'), 'taken')
})

test('a fallback value an index key refuses: a ValidationError naming the attribute and the index, before any request', async () => {
  const { env, sent } = counting()
  for (const [name, us, says] of fallbacks) {
    const r = await Dynamo.updateOne(Tagged, 'bare', us)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${name}: ${JSON.stringify(r).slice(0, 300)}`)
    if (E.isLeft(r)) assert.is(DE.show(r.left), `ValidationError: ${says}`, name)
  }
  assert.is(sent.length, 0)
})

test('against DynamoDB Local: the item without the attribute stays as it was; a fallback an index key takes is still written', async () => {
  const f = await fixture('fallback-local')
  await ok(f.env, Dynamo.createTable(Tagged))
  await ok(f.env, Dynamo.saveOne(Tagged, { id: 'bare' }))
  for (const [name, us] of fallbacks) {
    const r = await Dynamo.updateOne(Tagged, 'bare', us)(f.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${name}: ${JSON.stringify(r).slice(0, 300)}`)
  }
  assert.equal(await rawGetPlain(f.client, f.table(Tagged), { id: { S: 'bare' } }), { id: 'bare' })
  const written = await ok(f.env, Dynamo.updateOne(Tagged, 'bare', [U.setIfNotExists(a.tag, 't'), U.set(a.other, U.ifNotExists(a.other, ''))]))
  assert.equal(written, { id: 'bare', tag: 't', other: '' })
})

test.run()
