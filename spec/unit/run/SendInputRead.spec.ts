/**
 * `Dynamo.send` reads the application's command input again after sending it (the event's
 * tables, the check that an answered item is at the key asked for, the meaning of an error): a
 * command whose input member is a getter (or a Proxy) that throws from some read on settles all
 * the same, to an `Either`, with and without a time limit and a listener of the Env's; the call
 * never throws, its task never rejects, nothing escapes.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { listening, settledValue, turn } from '../../harness/escapes.js'

/** A GetItem of users/a whose input's `member` is a getter that throws from its `k`-th read. */
const throwingFrom = (member: 'TableName' | 'Key', k: number): GetItemCommand => {
  const command = new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } })
  const value = command.input[member]
  let reads = 0
  Object.defineProperty(command.input, member, {
    enumerable: true,
    get: () => {
      reads++
      if (reads >= k) throw new Error(`${member} read ${reads} times`)
      return value
    },
  })
  return command
}

/** Clients that answer the item, or fail (a refusal, a server error). */
const clients: Record<string, { readonly send: () => Promise<unknown> }> = {
  answering: { send: async () => ({ $metadata: {}, Item: { id: { S: 'a' } } }) },
  refusing: { send: async () => Promise.reject(Object.assign(new Error('no such table'), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } })) },
}

test("a command whose input's TableName or Key throws from its k-th read, k = 1 to 6: send settles to an Either, with and without a time limit and a listener; never a throw, a rejection nor an escape", async () => {
  const { escaped } = await listening(async (escaped) => {
    for (const [name, client] of Object.entries(clients)) {
      for (const [timeoutMs, on] of [[Infinity, undefined], [Infinity, () => {}], [1000, undefined], [1000, () => {}]] as const) {
        const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs, maxAttempts: 2, sleep: async () => undefined, ...(on === undefined ? {} : { on }) })
        for (const member of ['TableName', 'Key'] as const) {
          for (let k = 1; k <= 6; k++) {
            const what = `${name}, ${member} from read ${k}, timeoutMs ${timeoutMs}, ${on === undefined ? 'no listener' : 'a listener'}`
            let run: () => Promise<unknown> = async () => undefined
            assert.not.throws(() => {
              const task = Dynamo.send(throwingFrom(member, k))(env)
              run = task
            }, `${what}: the call threw`)
            const value = await settledValue(run, 5_000, what)
            const tag = (value as { _tag?: unknown })._tag
            if (tag !== 'Left' && tag !== 'Right') assert.unreachable(`${what}: ${String(value)}`)
          }
        }
        await turn()
        assert.equal(escaped.map(String), [], `${name}, timeoutMs ${timeoutMs}: escaped`)
      }
    }
  })
  assert.equal(escaped.map(String), [], 'escaped')
})

test.run()
