/**
 * A table deleted while `syncTable` waits after one of its changes (an index added, time to
 * live turned on): the wait ends at the first describe that finds no table, with
 * `ResourceNotFoundException` (not retryable) naming the table and the step, never a poll until
 * `waitTimeoutMs` (ten minutes by default) and a retryable `TimeoutError`. A wait after a
 * `CreateTable` still waits through describes that find no table (DynamoDB's DescribeTable may
 * not know a new table at once). Against a stand-in whose table is gone after its first change.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { usersDescription } from '../../harness/usersTable.js'

const codec = t.intersection([t.type({ id: t.string, n: t.number, m: t.number }), t.partial({ expiresAt: Field.epochSeconds })])
const byN = Model.globalIndex({ hashKey: 'n' })
/** The stand-in's table, with one more index: the plan adds it. */
const MoreIndexes = Model.make({ table: 'users', hashKey: 'id', codec, indexes: { byN, byM: Model.globalIndex({ hashKey: 'm' }) } })
/** The stand-in's table, with time to live: the plan turns it on. */
const Expiring = Model.make({ table: 'users', hashKey: 'id', codec, indexes: { byN }, ttl: 'expiresAt' })

/** DynamoDB with the users table ACTIVE until the first request that changes it; from then on no such table (`createdAfter`: a CreateTable makes it again, CREATING then ACTIVE, after that many describes finding none). */
const deletedAfterChange = (createdAfter?: number) => {
  const sent: string[] = []
  let gone = false
  let missing = 0
  let created = false
  const notFound = () => new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} })
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    sent.push(name)
    if (name === 'DescribeTableCommand' || name === 'DescribeTimeToLiveCommand') {
      if (gone && created && name === 'DescribeTableCommand' && missing++ >= (createdAfter ?? 0)) gone = false
      if (gone) throw notFound()
      return name === 'DescribeTableCommand' ? { $metadata: {}, Table: usersDescription('ACTIVE', 'ACTIVE', false) } : { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
    }
    if (name === 'CreateTableCommand') created = true
    gone = true
    return { $metadata: {} }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined })
  return { env, sent }
}

for (const [what, model, request] of [
  ['an index added (UpdateTable)', MoreIndexes, 'UpdateTableCommand'],
  ['time to live turned on (UpdateTimeToLive)', Expiring, 'UpdateTimeToLiveCommand'],
] as const) {
  test(`syncTable, the table deleted after ${what}: ResourceNotFoundException at the first describe finding none, not retryable, naming the table`, async () => {
    const s = deletedAfterChange()
    const r = await Dynamo.syncTable(model)(s.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError', JSON.stringify(r))
    const e = (r as E.Left<DE.AwsError>).left
    assert.is(e.name, 'ResourceNotFoundException', DE.show(e))
    assert.is(e.retryable, false)
    assert.match(e.message, 'table users is gone')
    // the change, then one describe that finds no table: no poll after it
    assert.is(s.sent.filter((x) => x === request).length, 1)
    assert.is(s.sent.slice(s.sent.indexOf(request) + 1).filter((x) => x === 'DescribeTableCommand').length, 1)
  })
}

test('createTable: describes that find no table just after the CreateTable are waited through (DynamoDB may not know a new table at once)', async () => {
  const s = deletedAfterChange(3)
  const r = await Dynamo.createTable(MoreIndexes)(s.env)()
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.ok(s.sent.filter((x) => x === 'DescribeTableCommand').length >= 4)
})
test.run()
