/**
 * The errors of a wait for a table quote what DynamoDB says of it (its status, its indexes'):
 * an endpoint that echoes the Env's access key id there (as a `TableStatus`, an index's name or
 * status) never has it quoted, as no SDK error's message quotes it (`send.classify`): the
 * `TableNotActive` of a status no wait ends, and the `TimeoutError` of a wait run out.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { usersDescription } from '../../harness/usersTable.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }), indexes: { byN: Model.globalIndex({ hashKey: 'n' }) } })

for (const keyId of ['AKIAIOSFODNN7EXAMPLE', 'localDevKeyId']) {
  test(`a status that echoes the Env's access key id (${keyId}): the TableNotActive and the TimeoutError of the wait never quote it`, async () => {
    for (const [table, index, tag] of [
      [keyId, 'ACTIVE', 'TableNotActive'],
      ['ACTIVE', keyId, 'TableNotActive'],
      ['CREATING', 'ACTIVE', 'TimeoutError'],
    ] as const) {
      const send = async (c: { constructor: { name: string } }) => {
        if (c.constructor.name === 'DescribeTimeToLiveCommand') return { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }
        const d = usersDescription(table, index, false)
        // the index named by the key id too, for the wait's TimeoutError
        return { $metadata: {}, Table: { ...d, GlobalSecondaryIndexes: [{ ...d.GlobalSecondaryIndexes?.[0], IndexName: keyId }] } }
      }
      const env = Env.make({ client: { send } as unknown as DynamoDBClient, credentials: { accessKeyId: keyId, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, sleep: async () => undefined, waitTimeoutMs: 1_000 })
      const r = await Dynamo.syncTable(User)(env)()
      const shown = E.isLeft(r) ? `${DE.show(r.left)} ${JSON.stringify(r.left)}` : JSON.stringify(r)
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === tag, shown)
      assert.not.ok(shown.includes(keyId), shown)
    }
  })
}

test.run()
