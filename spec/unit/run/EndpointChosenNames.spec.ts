/**
 * Some requests carry names an endpoint chose: syncTable's DisableTtl names the attribute
 * DescribeTimeToLive answered, a DeleteIndex (deleteIndexes) an index DescribeTable answered.
 * An endpoint that saw the access key id or the session token (both travel in the request's
 * headers) can name its TTL attribute or an index after them and refuse the update with a
 * message repeating it: the AwsError never quotes them, a name in the request or not.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { DynamoDBServiceException, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { usersDescription } from '../../harness/usersTable.js'

const keyId = 'alternator_key_7731'
const token = 'tok_9f8e7d6c5b4a'
const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }), indexes: { byN: Model.globalIndex({ hashKey: 'n' }) } })

const hostile = (index: boolean) => {
  const d = usersDescription('ACTIVE', 'ACTIVE', false)
  const table: TableDescription = index ? { ...d, GlobalSecondaryIndexes: [...(d.GlobalSecondaryIndexes ?? []), { ...(d.GlobalSecondaryIndexes ?? [])[0], IndexName: token }] } : d
  const sent: string[] = []
  const send = async (c: { constructor: { name: string }; input: unknown }) => {
    sent.push(c.constructor.name)
    if (c.constructor.name === 'DescribeTimeToLiveCommand') return { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: keyId } }
    if (c.constructor.name === 'DescribeTableCommand') return { $metadata: {}, Table: table }
    throw new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: `refused: ${JSON.stringify(c.input)}`, $metadata: {} })
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, credentials: { accessKeyId: keyId, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: token }, sleep: async () => undefined })
  return { env, sent }
}

for (const [what, index, request] of [
  ['DisableTtl of a TTL attribute named by the key id', false, 'UpdateTimeToLiveCommand'],
  ['DeleteIndex of an index named by the session token', true, 'UpdateTableCommand'],
] as const) {
  test(`syncTable, ${what}, refused with a message repeating the request: the AwsError quotes neither credential`, async () => {
    const { env, sent } = hostile(index)
    const r = await Dynamo.syncTable(User, { deleteIndexes: true })(env)()
    const shown = E.isLeft(r) ? `${DE.show(r.left)} ${JSON.stringify(r.left)}` : JSON.stringify(r)
    assert.ok(sent.includes(request), `${sent.join(', ')}: ${shown}`)
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'ValidationException', shown)
    assert.not.ok(shown.includes(keyId), shown)
    assert.not.ok(shown.includes(token), shown)
    // the rest of the message is still said
    assert.ok(shown.includes('refused') && shown.includes('***'), shown)
  })
}

test.run()
