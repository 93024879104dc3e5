/**
 * An `Env` whose client answers every DescribeTable with `table` and every DescribeTimeToLive
 * with its time to live disabled, and does not wait between a wait's polls: the table
 * operations' reading of a description, without a network.
 */
import type { DynamoDBClient, TableDescription } from '@aws-sdk/client-dynamodb'
import * as Env from '../../lib/run/Env.js'

export const describing = (table: TableDescription, credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }): Env.Env => {
  const send = async (c: { constructor: { name: string } }) =>
    c.constructor.name === 'DescribeTimeToLiveCommand' ? { $metadata: {}, TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } } : { $metadata: {}, Table: table }
  return Env.make({ client: { send } as unknown as DynamoDBClient, credentials, sleep: async () => undefined })
}
