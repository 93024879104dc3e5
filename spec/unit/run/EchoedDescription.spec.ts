/**
 * A DescribeTable's answer that `answer.describedWhy` refuses is an `InvalidAnswer` whose
 * message quotes the answer's text (an index's name, a key attribute's name): an endpoint that
 * echoes the Env's access key id there never has it quoted, as no SDK error's message quotes it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { TableDescription } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { usersDescription } from '../../harness/usersTable.js'
import { describing } from '../../harness/describing.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }), indexes: { byN: Model.globalIndex({ hashKey: 'n' }) } })

const echoing = (keyId: string): ReadonlyArray<readonly [string, TableDescription]> => {
  const d = usersDescription('ACTIVE', 'ACTIVE', false)
  return [
    ['an index named by it, whose KeySchema has no HASH', { ...d, GlobalSecondaryIndexes: [...(d.GlobalSecondaryIndexes ?? []), { IndexName: keyId, KeySchema: [{ AttributeName: 'n', KeyType: 'RANGE' }] }] }],
    ['a table KeySchema naming it', { ...d, KeySchema: [{ AttributeName: keyId, KeyType: 'HASH' }] }],
  ]
}

for (const keyId of ['AKIAIOSFODNN7EXAMPLE', 'localDevKeyId']) {
  test(`a description that echoes the Env's access key id (${keyId}): the InvalidAnswer of planTable, syncTable and describeTable never quotes it`, async () => {
    for (const [what, table] of echoing(keyId)) {
      const env = describing(table, { accessKeyId: keyId, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' })
      for (const r of [await Dynamo.planTable(User)(env)(), await Dynamo.syncTable(User)(env)(), await Dynamo.describeTable(User)(env)()]) {
        const shown = E.isLeft(r) ? `${DE.show(r.left)} ${JSON.stringify(r.left)}` : JSON.stringify(r)
        assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', `${what}: ${shown}`)
        assert.not.ok(shown.includes(keyId), `${what}: ${shown}`)
        // the rest of the answer's why is still said
        assert.ok(shown.includes('***'), `${what}: ${shown}`)
      }
    }
  })
}

test.run()
