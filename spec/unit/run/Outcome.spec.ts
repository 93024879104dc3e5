/**
 * What became of a failed request (`send.outcomeOf`), which updates may be sent again
 * (`isIdempotent`, rules/idempotent), and `send.run`'s retries and outcomes against a client that fails
 * on purpose (no network, no clock: the Env's sleep resolves at once).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetItemCommand, InternalServerError, ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as U from '../../../lib/ast/Update.js'
import { isIdempotent, isIdempotentCommand, isReadCommand } from '../../../lib/rules/idempotent.js'
import { outcomeOf, runEither } from '../../../lib/run/send.js'

const $metadata = {}
const sysError = (code: string, message = code) => Object.assign(new Error(message), { code })

test('isIdempotentCommand (Dynamo.send): an UpdateItem that sets values, removes or deletes set members is; ADD, arithmetic, functions, copies, list elements, the old AttributeUpdates, a condition, an old item asked for and PartiQL other than SELECT, a CreateBackup, a change of a table and a command the rules do not name are not; a tag, the commands of a token and a batch write are', () => {
  const update = (e: string) => ({ TableName: 't', Key: {}, UpdateExpression: e })
  const yes: ReadonlyArray<[string, unknown]> = [
    ['UpdateItem', update('SET #a = :a, b = :b REMOVE c')],
    ['UpdateItem', update('set a=:a delete s :s')],
    ['UpdateItem', { TableName: 't', Key: {} }],
    ['ExecuteStatement', { Statement: '  select * from "t"' }],
    ['BatchExecuteStatement', { Statements: [{ Statement: 'SELECT a FROM t' }] }],
    ['PutItem', { TableName: 't', Item: {} }],
    ['PutItem', { TableName: 't', Item: {}, ReturnValues: 'NONE' }],
    ['UpdateItem', { ...update('SET #a = :a'), ReturnValues: 'ALL_NEW' }],
    ['DeleteItem', { TableName: 't', Key: {} }],
    ['BatchWriteItem', { RequestItems: {} }],
    ['TransactWriteItems', { TransactItems: [] }],
    // a token makes their retries one (Dynamo.send fixes one)
    ['ExecuteTransaction', { TransactStatements: [] }],
    ['ExportTableToPointInTime', {}],
    ['ImportTable', {}],
    ['StartBulkPutItems', {}],
    // the same state twice
    ['TagResource', {}],
    ['UntagResource', {}],
    ['UpdateContinuousBackups', {}],
    ['UpdateContributorInsights', { TableName: 't', ContributorInsightsAction: 'ENABLE' }],
    // reads
    ['GetItem', {}],
    ['SearchVectors', {}],
    ['DescribeEndpoints', {}],
  ]
  const no: ReadonlyArray<[string, unknown]> = [
    ['UpdateItem', update('ADD n :one')],
    ['UpdateItem', update('SET a = :a add n :one')],
    ['UpdateItem', update('SET n = n + :one')],
    ['UpdateItem', update('SET n = :x - :y')],
    ['UpdateItem', update('SET l = list_append(l, :v)')],
    ['UpdateItem', update('SET a = if_not_exists(a, :v)')],
    ['UpdateItem', update('SET a = b')],
    ['UpdateItem', { TableName: 't', Key: {}, AttributeUpdates: { n: { Action: 'ADD', Value: { N: '1' } } } }],
    ['ExecuteStatement', { Statement: 'UPDATE "t" SET n = n + 1 WHERE id = \'a\'' }],
    ['ExecuteStatement', {}],
    // a list element: REMOVE l[0] again removes the next one, SET l[9] past the end appends again
    ['UpdateItem', update('REMOVE #l[0]')],
    ['UpdateItem', update('SET #l[9] = :v')],
    // a retry's check meets the lost attempt's own write; a retry's old item is that write's
    ['PutItem', { TableName: 't', Item: {}, ConditionExpression: 'attribute_not_exists(pk)' }],
    ['PutItem', { TableName: 't', Item: {}, Expected: { pk: { Exists: false } } }],
    ['PutItem', { TableName: 't', Item: {}, ReturnValues: 'ALL_OLD' }],
    ['DeleteItem', { TableName: 't', Key: {}, ReturnValues: 'ALL_OLD' }],
    ['DeleteItem', { TableName: 't', Key: {}, ConditionExpression: '#v = :v' }],
    ['UpdateItem', { ...update('SET #a = :a'), ConditionExpression: '#v = :v' }],
    ['UpdateItem', { ...update('SET #a = :a'), ReturnValues: 'UPDATED_OLD' }],
    ['BatchExecuteStatement', { Statements: [{ Statement: 'SELECT a FROM t' }, { Statement: 'DELETE FROM t WHERE id = 1' }] }],
    // each call makes a backup (it takes no token): a retry after a lost answer, a second one
    ['CreateBackup', { TableName: 't', BackupName: 'b' }],
    // a retry meets the change its lost attempt made, and DynamoDB refuses it (the table exists,
    // is being created, updated or deleted; TTL is already on): a failure said of a change made
    ['CreateTable', {}],
    ['DeleteTable', {}],
    ['UpdateTable', {}],
    ['RestoreTableFromBackup', {}],
    ['RestoreTableToPointInTime', {}],
    ['UpdateTimeToLive', {}],
    ['CreateGlobalTable', {}],
    ['UpdateGlobalTable', {}],
    ['UpdateGlobalTableSettings', {}],
    ['UpdateTableReplicaAutoScaling', {}],
    ['EnableKinesisStreamingDestination', {}],
    ['DisableKinesisStreamingDestination', {}],
    ['UpdateKinesisStreamingDestination', {}],
    // a second call finds the backup, the policy or the operation gone, or the policy's revision changed
    ['DeleteBackup', {}],
    ['DeleteResourcePolicy', {}],
    ['PutResourcePolicy', {}],
    ['CancelBulkOperation', {}],
    // a command the rules do not name: not known to be the same twice
    ['SomeUnnamedCommand', {}],
  ]
  for (const [name, input] of yes) assert.is(isIdempotentCommand(name, input), true, JSON.stringify([name, input]))
  for (const [name, input] of no) assert.is(isIdempotentCommand(name, input), false, JSON.stringify([name, input]))
})

test('isReadCommand (Dynamo.send: a read says no outcome): gets, queries, scans, Describe and List commands, a PartiQL SELECT, a transaction of SELECTs only; puts, updates, deletes, batch writes, transactions of writes, table changes and PartiQL writes are not', () => {
  const reads: ReadonlyArray<[string, unknown]> = [
    ['GetItem', {}], ['BatchGetItem', {}], ['Query', {}], ['Scan', {}], ['TransactGetItems', {}], ['GetResourcePolicy', {}],
    ['DescribeTable', {}], ['DescribeTimeToLive', {}], ['ListTables', {}], ['ListTagsOfResource', {}],
    ['SearchVectors', {}], ['DescribeEndpoints', {}], ['DescribeLimits', {}], ['DescribeBulkOperation', {}], ['ListBulkOperations', {}],
    ['ExecuteStatement', { Statement: ' select * FROM t' }], ['BatchExecuteStatement', { Statements: [{ Statement: 'SELECT a FROM t' }] }],
    ['ExecuteTransaction', { TransactStatements: [{ Statement: 'SELECT a FROM t WHERE id = 1' }, { Statement: ' select * FROM u' }] }],
  ]
  const writes: ReadonlyArray<[string, unknown]> = [
    ['PutItem', {}], ['UpdateItem', {}], ['DeleteItem', {}], ['BatchWriteItem', {}], ['TransactWriteItems', {}], ['ExecuteTransaction', {}],
    ['CreateTable', {}], ['DeleteTable', {}], ['UpdateTable', {}], ['UpdateTimeToLive', {}], ['CreateBackup', {}], ['Listen', {}],
    ['UpdateContributorInsights', {}], ['PutResourcePolicy', {}], ['CancelBulkOperation', {}], ['StartBulkPutItems', {}],
    ['ExecuteStatement', { Statement: 'UPDATE t SET a = 1' }], ['BatchExecuteStatement', { Statements: [{ Statement: 'SELECT a FROM t' }, { Statement: 'DELETE FROM t WHERE id = 1' }] }],
    ['ExecuteTransaction', { TransactStatements: [{ Statement: 'SELECT a FROM t' }, { Statement: 'UPDATE t SET a = 1 WHERE id = 1' }] }],
    ['ExecuteTransaction', { TransactStatements: [] }], ['ExecuteTransaction', { TransactStatements: [null] }],
  ]
  for (const [name, input] of reads) assert.is(isReadCommand(name, input), true, JSON.stringify([name, input]))
  for (const [name, input] of writes) assert.is(isReadCommand(name, input), false, JSON.stringify([name, input]))
})

test('outcomeOf: not-written only before reaching DynamoDB or on a 4xx', () => {
  const cases: ReadonlyArray<[string, unknown, string]> = [
    ['throttled (400)', new ProvisionedThroughputExceededException({ message: 'x', $metadata: { httpStatusCode: 400 } }), 'not-written'],
    ['a 4xx', { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, 'not-written'],
    ['a 5xx', new InternalServerError({ message: 'x', $metadata: { httpStatusCode: 500 } }), 'unknown'],
    ['a 200 that could not be read', { name: 'SyntaxError', $metadata: { httpStatusCode: 200 } }, 'unknown'],
    ['connection refused', sysError('ECONNREFUSED'), 'not-written'],
    ['name resolution', sysError('ENOTFOUND'), 'not-written'],
    ['every address refused', Object.assign(new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')]), {}), 'not-written'],
    ['one address refused, one reset', new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNRESET')]), 'unknown'],
    ['refused, under the SDK', Object.assign(new Error('wrapped'), { cause: sysError('ECONNREFUSED') }), 'not-written'],
    ['no credentials', { name: 'CredentialsProviderError', message: 'none' }, 'not-written'],
    // a provider used as a client's credentials on its own (fromInstanceMetadata) fails with the base class of the SDK's provider errors
    ['no answer of the instance metadata service', Object.assign(new Error('TimeoutError from instance metadata service'), { name: 'ProviderError', tryNextLink: true }), 'not-written'],
    ['reset', sysError('ECONNRESET'), 'unknown'],
    ['broken pipe', sysError('EPIPE'), 'unknown'],
    ['socket timeout', Object.assign(sysError('ETIMEDOUT'), { name: 'TimeoutError' }), 'unknown'],
    ['aborted by the SDK', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 'unknown'],
    ['anything else', new Error('?'), 'unknown'],
  ]
  for (const [what, e, outcome] of cases) assert.is(outcomeOf(e), outcome, what)
})

const Counter = Model.make({
  table: 'counters',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({ n: Field.int(), other: Field.int(), name: t.string, tags: Field.stringSet, log: Field.list(t.string) }),
  ]),
})
const c = Counter.attrs

test('isIdempotent: ADD of a number, increments, appends, copies and list elements are not; sets of values, removes, set members are', () => {
  const yes: ReadonlyArray<[string, U.Update]> = [
    ['set a value', [U.set(c.name, 'x')]],
    ['remove', [U.remove(c.name)]],
    ['add set members', [U.add(c.tags, new Set(['a']))]],
    ['delete set members', [U.deleteFrom(c.tags, new Set(['a']))]],
    ['set if not exists', [U.setIfNotExists(c.n, 3)]],
    ['nothing', []],
  ]
  const no: ReadonlyArray<[string, U.Update]> = [
    ['add a number', [U.add(c.n, 1)]],
    ['increment', [U.increment(c.n, 1)]],
    ['decrement', [U.decrement(c.n, 1)]],
    ['append', [U.append(c.log, ['x'])]],
    ['prepend', [U.prepend(c.log, ['x'])]],
    ['copy another attribute', [U.set(c.n, c.other)]],
    ['one of several', [U.set(c.name, 'x'), U.increment(c.n, 1)]],
    // REMOVE l[0] again removes the next element; SET l[9] on a shorter list appends, again
    ['remove a list element', [U.remove(c.log.at(0))]],
    ['set a list element', [U.set(c.log.at(9), 'x')]],
  ]
  for (const [what, u] of yes) assert.ok(isIdempotent(u), what)
  for (const [what, u] of no) assert.not.ok(isIdempotent(u), what)
})

const envFailing = (errors: ReadonlyArray<unknown>, maxAttempts: number) => {
  let calls = 0
  const client = {
    send: async () => {
      const e = errors[Math.min(calls++, errors.length - 1)]
      if (e === undefined) return { $metadata }
      throw e
    },
  } as unknown as DynamoDBClient
  const env = Env.make({ client, maxAttempts, timeoutMs: Infinity, sleep: () => Promise.resolve(), random: () => 0.5 })
  return { env, calls: () => calls }
}

const get = new GetItemCommand({ TableName: 't', Key: { id: { S: 'a' } } })
const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: { httpStatusCode: 400 } })
const fault = new InternalServerError({ message: 'boom', $metadata: { httpStatusCode: 500 } })

test('run: once unknown, always unknown (a 5xx, then throttling to the end)', async () => {
  const { env, calls } = envFailing([fault, throttled, throttled], 3)
  const r = await runEither(env, get, {})
  assert.is(calls(), 3)
  assert.ok(E.isLeft(r))
  if (E.isLeft(r)) {
    assert.is(r.left.outcome, 'unknown')
    assert.ok(r.left.error._tag === 'AwsError' && r.left.error.name === 'ProvisionedThroughputExceededException' && r.left.error.attempts === 3)
  }
})

test('run: throttled to the end is not-written; a success after retries is a Right', async () => {
  const a = envFailing([throttled], 4)
  const r = await runEither(a.env, get, {})
  assert.is(a.calls(), 4)
  assert.ok(E.isLeft(r) && r.left.outcome === 'not-written')
  const b = envFailing([throttled, fault, undefined], 4)
  assert.ok(E.isRight(await runEither(b.env, get, {})))
  assert.is(b.calls(), 3)
})

test('run: a write that is not idempotent stops at its first unknown outcome, not at a not-written one', async () => {
  const a = envFailing([fault], 5)
  const r = await runEither(a.env, get, { idempotent: false })
  assert.is(a.calls(), 1)
  assert.ok(E.isLeft(r) && r.left.outcome === 'unknown')
  const b = envFailing([throttled, throttled, fault], 5)
  await runEither(b.env, get, { idempotent: false })
  assert.is(b.calls(), 3)
})

test('run: a write that is not idempotent, stopped at an unknown outcome its error calls retryable (a 5xx, a reset), is no longer retryable and says why: a caller who retries on retryable would apply it twice', async () => {
  const timedOut = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
  for (const e of [fault, timedOut]) {
    const a = envFailing([e], 5)
    const r = await runEither(a.env, get, { idempotent: false })
    assert.is(a.calls(), 1)
    if (E.isRight(r) || r.left.error._tag !== 'AwsError') return assert.unreachable(JSON.stringify(r))
    assert.is(r.left.outcome, 'unknown')
    assert.is(r.left.error.retryable, false)
    assert.match(r.left.error.message, /not sent again: it is not idempotent and may have been applied/)
  }
  // an idempotent write after the same answer: retried, and retryable when its attempts run out
  const b = envFailing([fault], 2)
  const r = await runEither(b.env, get, {})
  assert.ok(E.isLeft(r) && r.left.error._tag === 'AwsError' && r.left.error.retryable && /gave up after 2 attempts/.test(r.left.error.message), JSON.stringify(r))
})

test.run()
