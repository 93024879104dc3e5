/**
 * `KeyUpdate` through `Command.updateItem` (DESIGN §5.4, issue 17 point 4): the exact
 * `UpdateItem` of updates of index template fields (recomputed or removed in the same
 * request), and the `ExpressionError`s of what cannot be sent.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../../../lib/ast/Attr.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Strategy from '../../../lib/model/Strategy.js'
import * as U from '../../../lib/ast/Update.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.intersection([
    t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }) }),
    t.partial({ shippedAt: Field.dateTime, note: t.string, tags: Field.list(t.string) }),
  ]),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byShipped: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'CUST#{customerId}'), rangeKey: Model.key('gsi2sk', 'SHIPPED#{shippedAt}#{total}', { pad: { total: 6 } }) }),
  },
})
const o = Order.attrs
const at = new Date('2024-05-01T00:00:00.000Z')
const key = Strategy.parse(Order, { customerId: 'c1', createdAt: at, orderId: 'o1' })
if (E.isLeft(key)) throw new Error('key')
const update = (us: U.Update<typeof Order>) => Command.updateItem(Order, 'shop', key.right, us, new Date(0))
const message = (e: E.Either<{ _tag: string; message?: string }, unknown>): string =>
  E.isLeft(e) ? `${e.left._tag}: ${e.left.message ?? ''}` : 'Right'

const goldens = suite('Command.updateItem of a model with composed keys')

goldens('a set of an index template field recomputes that key in the same UpdateItem', () => {
  const r = update([U.set(o.status, 'shipped')])
  assert.equal(r, E.right({
    TableName: 'shop',
    Key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#2024-05-01T00:00:00.000Z#o1' } },
    UpdateExpression: 'SET #n2 = :v1, #n3 = :v2',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': '_et', '#n2': 'status', '#n3': 'gsi1pk' },
    ExpressionAttributeValues: { ':v0': { S: 'order' }, ':v1': { S: 'shipped' }, ':v2': { S: 'STATUS#shipped' } },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  }))
})

goldens('every field of the template known from the update: recomputed (numbers padded); a remove removes the key', () => {
  const r = update([U.set(o.shippedAt, at), U.set(o.total, 7)])
  assert.ok(E.isRight(r))
  if (E.isRight(r)) {
    assert.is(r.right.UpdateExpression, 'SET #n2 = :v1, #n3 = :v2, #n4 = :v3')
    assert.equal(r.right.ExpressionAttributeNames, { '#n0': 'pk', '#n1': '_et', '#n2': 'shippedAt', '#n3': 'total', '#n4': 'gsi2sk' })
    assert.equal(r.right.ExpressionAttributeValues?.[':v3'], { S: 'SHIPPED#2024-05-01T00:00:00.000Z#000007' })
  }
  const rm = update([U.remove(o.shippedAt)])
  assert.ok(E.isRight(rm) && rm.right.UpdateExpression === 'REMOVE #n2, #n3' && rm.right.ExpressionAttributeNames?.['#n3'] === 'gsi2sk', JSON.stringify(rm))
  // a field no template uses: the update as written, no index key attribute added
  const plain = update([U.set(o.note, 'x'), U.append(o.tags, ['a'])])
  assert.ok(E.isRight(plain) && !JSON.stringify(plain.right.ExpressionAttributeNames).includes('gsi'))
})

goldens('ExpressionError before sending: a field of the template unknown, a table key field, a computed attribute, any other action', () => {
  assert.match(message(update([U.set(o.shippedAt, at)])), /ExpressionError: .*gsi2sk.*needs total/)
  assert.match(message(update([U.set(o.total, 3)])), /ExpressionError: .*gsi2sk.*needs shippedAt/)
  assert.match(message(update([U.set(o.createdAt as A.Attr<Date>, at)])), /ExpressionError: .*a field of the table's key/)
  assert.match(message(update([U.set(o.customerId as A.Attr<string>, 'c2')])), /ExpressionError: .*a field of the table's key/)
  assert.match(message(update([U.set(A.path<string>('gsi1pk'), 'X')])), /ExpressionError: .*gsi1pk is computed/)
  assert.match(message(update([U.set(A.path<string>('_et'), 'X')])), /ExpressionError: .*_et is computed/)
  assert.match(message(update([U.setIfNotExists(o.status as A.Attr<string>, 'x')])), /ExpressionError: .*may only set it to a value or remove it/)
  assert.match(message(update([U.increment(o.total as A.Attr<number>, 1), U.set(o.shippedAt, at)])), /ExpressionError: .*may only set it to a value or remove it/)
  assert.match(message(update([U.set(o.status, o.note as never)])), /ExpressionError: .*may only set it to a value or remove it/)
  // a value the template refuses: the field's ValidationError
  assert.match(message(update([U.set(o.total, -1), U.set(o.shippedAt, at)])), /ValidationError/)
})

goldens('null for a field of an index template (through a cast, as updateFromDict takes it): the field\'s ValidationError, not "needs it", nothing sent', async () => {
  assert.is(message(update([U.set(o.status, null as never)])), 'ValidationError: status: expected string, got null')
  const { env, sent } = counting()
  const r = await Dynamo.updateFromDict(Order, { customerId: 'c1', createdAt: at, orderId: 'o1', status: null as never })(env)()
  assert.is(message(r), 'ValidationError: status: expected string, got null')
  assert.is(sent.length, 0)
})

const Task = Model.make({
  table: 'tasks',
  entity: 'task',
  codec: t.type({ id: t.string, owner: t.union([t.string, t.null]), title: t.string }),
  hashKey: Model.key('pk', 'TASK#{id}'),
  indexes: { byOwner: Model.globalIndex({ hashKey: Model.key('g1pk', 'USER#{owner}'), rangeKey: Model.key('g1sk', '{title}') }) },
})
const taskKey = Strategy.parse(Task, 'a')
if (E.isLeft(taskKey)) throw new Error('key')

goldens('a set of a nullable index template field to null removes the key (the item leaves the sparse index); of a field that takes no null, the codec refuses it', () => {
  assert.equal(Command.updateItem(Task, 'tasks', taskKey.right, [U.set(Task.attrs.owner, null)], new Date(0)), E.right({
    TableName: 'tasks',
    Key: { pk: { S: 'TASK#a' } },
    ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0',
    UpdateExpression: 'SET #n2 = :v1 REMOVE #n3',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': '_et', '#n2': 'owner', '#n3': 'g1pk' },
    ExpressionAttributeValues: { ':v0': { S: 'task' }, ':v1': { NULL: true } },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  }))
  assert.is(message(Command.updateItem(Task, 'tasks', taskKey.right, [U.set(Task.attrs.title, null as never)], new Date(0))), 'ValidationError: title: expected string, got null')
})

goldens.run()
