/**
 * `Dynamo.send`'s retries of a command whose input has an idempotency token (DynamoDB's
 * `ClientRequestToken` of a transaction, `ClientToken` of an export, an import or a bulk put):
 * the SDK draws a fresh one each time it serializes a command that has none, so each attempt
 * would be a new call, and a retry after a lost answer a second export, import or transaction.
 * Against an endpoint on loopback that cuts the connection of the first request once it has
 * read it (the answer lost, the call maybe started) and answers the second: both requests carry
 * one token; a token of the caller's is kept.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  ExecuteTransactionCommand,
  ExportTableToPointInTimeCommand,
  ImportTableCommand,
  StartBulkPutItemsCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { losing } from '../../harness/losing.js'

const statement = { Statement: 'UPDATE "users" SET n = n + 1 WHERE id = \'a\'' }
const tableCreation = {
  TableName: 'imported',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
}

/** Each command that takes an idempotency token, by the name of its token's member. */
const commands = (token?: string) =>
  [
    ['ClientRequestToken', new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'users', Item: { id: { S: 'a' } } } }], ...(token === undefined ? {} : { ClientRequestToken: token }) })],
    ['ClientRequestToken', new ExecuteTransactionCommand({ TransactStatements: [statement], ...(token === undefined ? {} : { ClientRequestToken: token }) })],
    ['ClientToken', new ExportTableToPointInTimeCommand({ TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/users', S3Bucket: 'exports', ...(token === undefined ? {} : { ClientToken: token }) })],
    ['ClientToken', new ImportTableCommand({ S3BucketSource: { S3Bucket: 'imports' }, InputFormat: 'DYNAMODB_JSON', TableCreationParameters: tableCreation, ...(token === undefined ? {} : { ClientToken: token }) })],
    [
      'ClientToken',
      new StartBulkPutItemsCommand({ InputS3Configuration: { S3Bucket: 'in' } as never, OutputS3Configuration: { S3Bucket: 'out' } as never, TableName: 'users', ...(token === undefined ? {} : { ClientToken: token }) }),
    ],
  ] as const

/** Sends `command` through the losing endpoint: one Right after two requests whose `member` is one drawn token; the command's class name. */
const retriedWithOneToken = async (env: Awaited<ReturnType<typeof losing>>['env'], seen: Awaited<ReturnType<typeof losing>>['seen'], member: string, command: { readonly input: object }): Promise<string> => {
  const before = seen.length
  const r = await Dynamo.send(command as never)(env)()
  const sent = seen.slice(before)
  const name = command.constructor.name
  assert.ok(E.isRight(r), `${name}: ${JSON.stringify(r).slice(0, 300)}`)
  assert.is(sent.length, 2, `${name}: ${sent.length} requests`)
  assert.type(sent[0]?.body[member], 'string', `${name}: the first attempt's ${member}`)
  assert.is(sent[1]?.body[member], sent[0]?.body[member], `${name}: the retry's ${member} is the first attempt's`)
  return name
}

test('a command with an idempotency token and none given, whose first answer is lost: its retry carries the token of its first attempt (TransactWriteItems, ExecuteTransaction, ExportTableToPointInTime, ImportTable, StartBulkPutItems)', async () => {
  const { env, seen, close } = await losing()
  try {
    for (const [member, command] of commands()) {
      const name = await retriedWithOneToken(env, seen, member, command)
      assert.is((command.input as unknown as Record<string, unknown>)[member], undefined, `${name}: the caller's command is left as it is`)
    }
  } finally {
    close()
  }
})

test('a token given as null (the SDK draws none for it, and writes it as nothing: a body that is no JSON): a token is fixed, and its retry carries the token of its first attempt', async () => {
  const { env, seen, close } = await losing()
  try {
    for (const [member, command] of commands(null as unknown as string)) {
      await retriedWithOneToken(env, seen, member, command)
    }
  } finally {
    close()
  }
})

test("a token of the caller's is kept, at every attempt", async () => {
  const { env, seen, close } = await losing()
  try {
    for (const [member, command] of commands('mine-1')) {
      const before = seen.length
      const r = await Dynamo.send(command as never)(env)()
      const name = command.constructor.name
      assert.ok(E.isRight(r), `${name}: ${JSON.stringify(r).slice(0, 300)}`)
      assert.equal(
        seen.slice(before).map((s) => s.body[member]),
        ['mine-1', 'mine-1'],
        name,
      )
    }
  } finally {
    close()
  }
})

test.run()
