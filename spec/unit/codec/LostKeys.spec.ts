/**
 * Nothing the caller gave is silently dropped: an own key of an item that its codec's
 * `encode` leaves out (an own `__proto__`, which io-ts's object merge loses when a part of
 * the codec transforms; a field a `t.exact` codec strips) is a ValidationError naming it, and
 * nothing is written. (A counting client stands in for DynamoDB.)
 */
import type { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import type * as DE from '../../../lib/DynamoError.js'
import { counting as countingOf } from '../../harness/counting.js'

const counting = () => countingOf<PutItemCommand>()

const Event = Model.make({
  table: 'events',
  hashKey: 'pk',
  codec: t.intersection([t.type({ pk: t.string }), t.partial({ at: F.dateTime, note: t.string })]),
})
const Plain = Model.make({ table: 'plain', hashKey: 'pk', codec: t.type({ pk: t.string, at: F.dateTime }) })
const Exact = Model.make({ table: 'exact', hashKey: 'pk', codec: t.exact(t.type({ pk: t.string, at: F.dateTime })) })

const withProto = (v: string): { pk: string; at: Date } => {
  const item = JSON.parse(`{"pk": "a", "__proto__": ${v}}`) as { pk: string; at: Date }
  item.at = new Date(0)
  return item
}

const namesLost = (r: E.Either<DE.DynamoError, unknown>, key: string, what: string): void => {
  assert.ok(E.isLeft(r), `${what}: expected a Left`)
  const e = (r as E.Left<DE.DynamoError>).left
  assert.is(e._tag, 'ValidationError', what)
  assert.ok(e._tag === 'ValidationError' && e.issues.some((i) => i.path === key), `${what}: ${JSON.stringify(e)}`)
}

test('Item.encode: an own __proto__ key is refused, whatever its value and whether the codec transforms', () => {
  for (const v of ['1', '"x"', 'null', 'true', '{}', '{"x": 1}', '[]']) {
    for (const [name, m] of [['intersection', Event], ['type', Plain]] as const) {
      namesLost(Item.encode(m.codec as t.Mixed, withProto(v)), '__proto__', `${name} with __proto__: ${v}`)
    }
  }
})

test('saveOne of an item with an own __proto__ key: a ValidationError naming it, nothing written', async () => {
  const { env, sent } = counting()
  for (const v of ['1', 'null', '{"x": 1}']) {
    namesLost(await Dynamo.saveOne(Event, withProto(v))(env)(), '__proto__', `saveOne, __proto__: ${v}`)
    namesLost(await Dynamo.saveOne(Plain, withProto(v), { overwrite: false })(env)(), '__proto__', `saveOne, __proto__: ${v}`)
  }
  assert.is(sent.length, 0)
})

test('saveMany: an item with an own __proto__ key goes to fail; the others are written', async () => {
  const { env, sent } = counting()
  const good = { pk: 'b', at: new Date(0) }
  for (const overwrite of [true, false]) {
    sent.length = 0
    const r = await Dynamo.saveMany(Event, [withProto('1'), good], { overwrite })(env)()
    assert.ok(E.isRight(r))
    const { success, fail } = (r as E.Right<Dynamo.BatchResult<unknown>>).right
    assert.equal(success, [good])
    assert.is(fail.length, 1)
    namesLost(E.left((fail[0] as { error: DE.DynamoError }).error), '__proto__', 'saveMany')
    assert.is(sent.length, 1, 'one request, for the good item')
    const written = JSON.stringify(sent[0]?.input)
    assert.not.match(written, /"a"/, 'the item with __proto__ is not in it')
  }
})

test('a field the codec strips (t.exact): a ValidationError naming it, not a silent drop', async () => {
  const { env, sent } = counting()
  const item = { pk: 'a', at: new Date(0), extra: 1 }
  namesLost(Item.encode(Exact.codec as t.Mixed, item), 'extra', 'Item.encode')
  namesLost(await Dynamo.saveOne(Exact, item)(env)(), 'extra', 'saveOne')
  assert.is(sent.length, 0)
  // what the codec keeps is written as it is
  assert.ok(E.isRight(await Dynamo.saveOne(Exact, { pk: 'a', at: new Date(0) })(env)()))
  assert.ok(E.isRight(await Dynamo.saveOne(Event, { pk: 'a', at: new Date(0), note: undefined })(env)()), 'an undefined field is no field')
  assert.is(sent.length, 2)
})

test.run()
