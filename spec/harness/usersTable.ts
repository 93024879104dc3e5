/**
 * The `describeTable` answer of the `users` table the table-plan specs script (SyncWait.spec,
 * SyncTransition.spec): a hash key `id`, one global index `byN` on the number `n`, provisioned
 * at 8 units, in the statuses a spec gives it.
 */
import type { IndexStatus, TableDescription, TableStatus } from '@aws-sdk/client-dynamodb'

const units = { ReadCapacityUnits: 8, WriteCapacityUnits: 8 }

export const usersDescription = (table: TableStatus | string, index: IndexStatus | string, backfilling: boolean): TableDescription => ({
  TableName: 'users',
  TableStatus: table as TableStatus,
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' },
    { AttributeName: 'n', AttributeType: 'N' },
  ],
  ProvisionedThroughput: units,
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byN',
      KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
      IndexStatus: index as IndexStatus,
      ...(backfilling ? { Backfilling: true } : {}),
      ProvisionedThroughput: units,
    },
  ],
})
