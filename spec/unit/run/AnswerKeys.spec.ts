/**
 * An item an answer gives at the key its request names is at that key: a GetItem's `Item`
 * (getOne, a read whose plan is a GetItem, `Dynamo.send`), the `Attributes` an UpdateItem or
 * DeleteItem returns, each item of a TransactGetItems' `Responses`, and the item a refused
 * write returns (`ReturnValuesOnConditionCheckFailure: ALL_OLD`: a `ConditionalCheckFailed`'s,
 * a cancelled transaction's reasons'). From an endpoint that answers another key's item (a
 * proxy, a stand-in, a bug) each is a Left `InvalidAnswer`, never that item read, written back
 * or decoded as the one asked for. A projected read may leave the key out; what it gives of
 * the key must be the key's.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  TransactionCanceledException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { DeleteCommand, GetCommand, TransactGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Field from '../../../lib/codec/Field.js'
import * as T from '../../../lib/compile/Transaction.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, n: t.number }) })
const Order = Model.make({ table: 'orders', hashKey: 'c', rangeKey: 'id', codec: t.type({ c: t.string, id: t.number, n: t.number }) })
const u = User.attrs
const o = Order.attrs

const $metadata = { httpStatusCode: 200 }

/** An Env whose client answers every command with `answer(command)` (thrown when an Error), recording each; no waits. */
const standIn = (answer: (command: unknown) => unknown) => {
  const sent: unknown[] = []
  const env = Env.make({
    client: {
      send: async (c: unknown) => {
        sent.push(c)
        const a = answer(c)
        if (a instanceof Error) throw a
        return { $metadata, ...(a as object) }
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
    maxAttempts: 2,
  })
  return { env, sent }
}

const refused = (Item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 }, ...(Item === undefined ? {} : { Item: Item as never }) })

const canceled = (reasons: ReadonlyArray<Record<string, unknown>>) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r['Code']).join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons as never,
  })

/** The item of user `email`, as stored. */
const user = (email: string, n = 1) => ({ email: { S: email }, n: { N: String(n) } })
const order = (c: string, id: number) => ({ c: { S: c }, id: { N: String(id) }, n: { N: '1' } })

/** That `r` is a Left InvalidAnswer whose message matches `why`. */
const invalidAnswer = (r: E.Either<DE.DynamoError, unknown>, why: RegExp, what: string): void => {
  if (E.isRight(r)) return assert.unreachable(`${what}: a Right ${JSON.stringify(r.right)}`)
  assert.is(r.left._tag, 'AwsError', `${what}: ${DE.show(r.left)}`)
  assert.is((r.left as DE.AwsError).name, 'InvalidAnswer', `${what}: ${DE.show(r.left)}`)
  assert.match(DE.show(r.left), why, what)
}

test("a read's item at another key (getOne, with options and without, a GetItem plan of getMany, Dynamo.send): a Left InvalidAnswer, never that item as the one asked for", async () => {
  const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['getOne', Dynamo.getOne(User, 'a@x.io')],
    ['getOne with options', Dynamo.getOne(User, 'a@x.io', { consistentRead: true })],
    ['getMany of a full key', Dynamo.getMany(User, C.eq(u.email, 'a@x.io'))],
    ['getOne of a range key', Dynamo.getOne(Order, ['c', 1])],
    ['Dynamo.send', Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { email: { S: 'a@x.io' } } }))],
  ]
  for (const [what, op] of reads) {
    for (const Item of [user('b@x.io'), order('c', 2), { n: { N: '1' } }, { email: { N: '1' }, n: { N: '1' } }]) {
      const { env, sent } = standIn(() => ({ Item }))
      invalidAnswer(await op(env)(), /is not at the key it was asked for/, `${what}: ${JSON.stringify(Item)}`)
      assert.is(sent.length, 1, `${what}: not retried`)
    }
  }
})

test('an item at the key still reads: a number key in another spelling, a projection that leaves the key out (Dynamo.send) or keeps it', async () => {
  const { env } = standIn(() => ({ Item: { c: { S: 'c' }, id: { N: '1.0' }, n: { N: '7' } } }))
  assert.equal(await Dynamo.getOne(Order, ['c', 1])(env)(), E.right({ c: 'c', id: 1, n: 7 }))
  const projected = standIn(() => ({ Item: { n: { N: '7' } } }))
  const raw = await Dynamo.send(new GetItemCommand({ TableName: 'users', Key: { email: { S: 'a@x.io' } }, ProjectionExpression: 'n' }))(projected.env)()
  assert.equal(E.map((x: { Item?: unknown }) => x.Item)(raw), E.right({ n: { N: '7' } }))
  const selected = standIn(() => ({ Item: { email: { S: 'a@x.io' }, n: { N: '7' } } }))
  assert.equal(await Dynamo.getOne(User, 'a@x.io', { select: ['n'] })(selected.env)(), E.right({ email: 'a@x.io', n: 7 }))
})

test("a write's returned item at another key (updateOne's ALL_NEW, deleteOne's ALL_OLD): a Left InvalidAnswer whose outcome is unknown, never another item returned as written", async () => {
  const writes: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['updateOne', Dynamo.updateOne(User, 'a@x.io', [U.set(u.n, 2)])],
    ['deleteOne', Dynamo.deleteOne(User, 'a@x.io')],
  ]
  for (const [what, op] of writes) {
    const { env } = standIn(() => ({ Attributes: user('b@x.io', 2) }))
    const r = await op(env)()
    invalidAnswer(r, /is not at the key it was asked for/, what)
    if (E.isLeft(r)) assert.is((r.left as DE.AwsError).outcome, 'unknown', what)
  }
})

test("a refused write's item at another key (ConditionalCheckFailed's ALL_OLD: saveOne, saveMany, updateOne, deleteOne with a check): a Left InvalidAnswer (saveMany: that item's fail), never another item's state reported as stored", async () => {
  const writes: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
    ['saveOne', Dynamo.saveOne(User, { email: 'a@x.io', n: 1 }, { overwrite: false })],
    ['updateOne', Dynamo.updateOne(User, 'a@x.io', [U.set(u.n, 2)])],
    ['updateOne of a range key', Dynamo.updateOne(Order, ['c', 1], [U.set(o.n, 2)])],
    ['deleteOne with a check', Dynamo.deleteOne(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.n, 5)))],
  ]
  for (const [what, op] of writes) {
    for (const Item of [user('b@x.io'), order('c', 2), { n: { N: '1' } }]) {
      const { env } = standIn(() => refused(Item))
      invalidAnswer(await op(env)(), /ConditionalCheckFailed.*is not at the key it was asked for/, `${what}: ${JSON.stringify(Item)}`)
    }
  }
  const { env } = standIn(() => refused(user('b@x.io')))
  const many = await Dynamo.saveMany(User, [{ email: 'a@x.io', n: 1 }], { overwrite: false })(env)()
  if (E.isLeft(many)) return assert.unreachable(DE.show(many.left))
  assert.is(many.right.fail.length, 1)
  assert.is(many.right.fail[0]?.error._tag, 'AwsError', DE.show(many.right.fail[0]?.error as DE.DynamoError))
  assert.match(DE.show(many.right.fail[0]?.error as DE.DynamoError), /is not at the key it was asked for/)
  // load of a versioned model: each line a conditional put, its refusal's item checked the same way
  const Doc = Model.make({ table: 'docs', hashKey: 'email', codec: t.type({ email: t.string, v: Field.int() }), version: 'v' })
  const loading = standIn(() => refused({ email: { S: 'b@x.io' }, v: { N: '9' } }))
  const loaded = await Dynamo.load(Doc, ['{"Item":{"email":{"S":"a@x.io"},"v":{"N":"1"}}}'])(loading.env)()
  const failures = E.isLeft(loaded) ? ((loaded.left as { readonly fail?: ReadonlyArray<{ readonly error: DE.DynamoError }> }).fail ?? []) : loaded.right.fail
  assert.is(failures.length, 1, JSON.stringify(loaded))
  assert.match(DE.show(failures[0]?.error as DE.DynamoError), /is not at the key it was asked for/)
})

test('a refused write whose item is at its key is the ConditionalCheckFailed it was, with the item', async () => {
  const { env } = standIn(() => refused(user('a@x.io', 9)))
  const r = await Dynamo.saveOne(User, { email: 'a@x.io', n: 1 }, { overwrite: false })(env)()
  if (E.isRight(r) || r.left._tag !== 'ConditionalCheckFailed') return assert.unreachable(JSON.stringify(r))
  assert.equal(r.left.item, user('a@x.io', 9))
})

test("transactGet: an item of another key than its entry's: a Left InvalidAnswer naming the response, never decoded as the entry's item", async () => {
  for (const Responses of [
    [{ Item: user('a@x.io') }, { Item: order('c', 2) }],
    [{ Item: user('b@x.io') }, { Item: order('c', 1) }],
    [{ Item: order('c', 1) }, { Item: user('a@x.io') }],
  ]) {
    const { env } = standIn(() => ({ Responses }))
    invalidAnswer(await Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Order, ['c', 1])])(env)(), /response \d .*is not at the key it was asked for/, JSON.stringify(Responses))
  }
  const { env } = standIn(() => ({ Responses: [{ Item: user('a@x.io') }, { Item: order('c', 1) }] }))
  const r = await Dynamo.transactGet([T.get(User, 'a@x.io'), T.get(Order, ['c', 1])])(env)()
  assert.equal(r, E.right([{ _tag: 'Some', value: { email: 'a@x.io', n: 1 } }, { _tag: 'Some', value: { c: 'c', id: 1, n: 1 } }]))
})

test("transactWrite: a cancellation reason's item at another key than its entry's (an update, a put, a check, a delete): a Left InvalidAnswer naming the reason, never decoded as the entry's stored item", async () => {
  const entries: ReadonlyArray<readonly [string, T.Write]> = [
    ['update', T.update(User, 'a@x.io', [U.set(u.n, 2)])],
    ['put', T.put(User, { email: 'a@x.io', n: 1 }, { overwrite: false })],
    ['check', T.check(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.n, 5)))],
    ['delete', T.delete(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.n, 5)))],
  ]
  for (const [what, entry] of entries) {
    const { env } = standIn(() => canceled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: user('b@x.io') }]))
    invalidAnswer(await Dynamo.transactWrite([T.check(Order, ['c', 1]), entry])(env)(), /cancellation reason 1 .*is not at the key it was asked for/, what)
    const at = standIn(() => canceled([{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: user('a@x.io', 9) }]))
    const r = await Dynamo.transactWrite([T.check(Order, ['c', 1]), entry])(at.env)()
    if (E.isRight(r) || r.left._tag !== 'TransactionCanceled') return assert.unreachable(`${what}: ${JSON.stringify(r)}`)
    assert.equal(r.left.reasons[1]?.item, { email: 'a@x.io', n: 9 }, what)
  }
})

test("deleteOne with checks answered an old item on which they fail: a Left InvalidAnswer (outcome unknown), never an item returned as deleted that the delete's condition refuses", async () => {
  const { env } = standIn(() => ({ Attributes: user('a@x.io', 1) }))
  const r = await Dynamo.deleteOne(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.n, 5)))(env)()
  invalidAnswer(r, /its Attributes fail the delete's checks/, 'n 1 for n > 5')
  if (E.isLeft(r)) assert.is((r.left as DE.AwsError).outcome, 'unknown')
  const held = standIn(() => ({ Attributes: user('a@x.io', 9) }))
  assert.equal(await Dynamo.deleteOne(User, C.and(C.eq(u.email, 'a@x.io'), C.gt(u.n, 5)))(held.env)(), E.right({ _tag: 'Some', value: { email: 'a@x.io', n: 9 } }))
})

test("deleteOne whose checks use size(): the old item is not judged by them after the delete (DynamoDB Local counts a string's UTF-16 units, AWS's documentation hints at bytes), the rest of the checks still are", async () => {
  // 'é' is 1 UTF-16 unit and 2 UTF-8 bytes: size(name) = 1 by the evaluator, 2 by a byte count
  const Named = Model.make({ table: 'named', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, n: t.number }) })
  const a = Named.attrs
  const old = { email: { S: 'a@x.io' }, name: { S: 'é' }, n: { N: '9' } }
  const bySize = C.and(C.eq(a.email, 'a@x.io'), C.gt(C.size(a.name), 1))
  const { env } = standIn(() => ({ Attributes: old }))
  assert.equal(await Dynamo.deleteOne(Named, bySize)(env)(), E.right({ _tag: 'Some', value: { email: 'a@x.io', name: 'é', n: 9 } }))
  const nested = C.and(C.eq(a.email, 'a@x.io'), C.not(C.or(C.lt(a.n, 5), C.between(C.size(a.name), 0, 1))))
  assert.equal(await Dynamo.deleteOne(Named, nested)(env)(), E.right({ _tag: 'Some', value: { email: 'a@x.io', name: 'é', n: 9 } }))
  // no size(): still refused where the checks fail on the old item
  invalidAnswer(await Dynamo.deleteOne(Named, C.and(C.eq(a.email, 'a@x.io'), C.lt(a.n, 5)))(env)(), /its Attributes fail the delete's checks/, 'n 9 for n < 5')
})

test("a document client's command (@aws-sdk/lib-dynamodb: a plain value at each key attribute, its answer's items plain too) is not refused for its key: Get, Update ALL_NEW, Delete ALL_OLD, TransactGet, a failed condition's ALL_OLD", async () => {
  // what a document client's command carries and answers: its Key and items in JavaScript values,
  // which its own middleware turns into attribute values and back; a key is checked only where it
  // is given in attribute values (a raw command's), the document client's being read by it alone
  type Sent = Parameters<typeof Dynamo.send>[0]
  const plain = { email: 'a@x.io', n: 1 }
  const answers: ReadonlyArray<readonly [string, Sent, unknown, (out: unknown) => unknown]> = [
    ['Get', new GetCommand({ TableName: 'users', Key: { email: 'a@x.io' } }) as unknown as Sent, { Item: plain }, (o) => (o as { Item?: unknown }).Item],
    ['Update ALL_NEW', new UpdateCommand({ TableName: 'users', Key: { email: 'a@x.io' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 }, ReturnValues: 'ALL_NEW' }) as unknown as Sent, { Attributes: plain }, (o) => (o as { Attributes?: unknown }).Attributes],
    ['Delete ALL_OLD', new DeleteCommand({ TableName: 'users', Key: { email: 'a@x.io' }, ReturnValues: 'ALL_OLD' }) as unknown as Sent, { Attributes: plain }, (o) => (o as { Attributes?: unknown }).Attributes],
    ['TransactGet', new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'users', Key: { email: 'a@x.io' } } }] }) as unknown as Sent, { Responses: [{ Item: plain }] }, (o) => (o as { Responses?: ReadonlyArray<{ Item?: unknown }> }).Responses?.[0]?.Item],
  ]
  for (const [what, command, answer, item] of answers) {
    const { env } = standIn(() => answer)
    const r = await Dynamo.send(command)(env)()
    if (E.isLeft(r)) return assert.unreachable(`${what}: ${DE.show(r.left)}`)
    assert.equal(item(r.right), plain, what)
  }
  // a refused update's ALL_OLD item (the SDK's error carries it as attribute values): the ConditionalCheckFailed it is
  const update = new UpdateCommand({ TableName: 'users', Key: { email: 'a@x.io' }, UpdateExpression: 'SET n = :n', ConditionExpression: 'n > :n', ExpressionAttributeValues: { ':n': 5 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })
  for (const Item of [user('a@x.io'), { email: 'a@x.io', n: 1 }]) {
    const { env } = standIn(() => refused(Item))
    const r = await Dynamo.send(update as unknown as Sent)(env)()
    if (E.isRight(r) || r.left._tag !== 'ConditionalCheckFailed') return assert.unreachable(`${JSON.stringify(Item)}: ${JSON.stringify(r)}`)
  }
})

test.run()
