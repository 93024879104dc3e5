/**
 * `Dynamo.send` reads the application's command input once, inside its guard, into the plain
 * copy every attempt sends and every rule, check and event reads: a command whose input (or a
 * member of it) is a getter or a Proxy that throws from some read on is the `ValidationError`
 * quoting the throw when that read is the first, with nothing sent, and otherwise is sent and
 * answered as a plain one; the call never throws, its task never rejects, nothing escapes.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
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
const clients: Record<'answering' | 'refusing', { readonly send: () => Promise<unknown> }> = {
  answering: { send: async () => ({ $metadata: {}, Item: { id: { S: 'a' } } }) },
  refusing: { send: async () => Promise.reject(Object.assign(new Error('no such table'), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } })) },
}

test("a command whose input's TableName or Key throws from its k-th read, k = 1 to 6: at k = 1 the ValidationError quoting it, nothing sent; else answered as sent (the item, or the refusal), with and without a time limit and a listener", async () => {
  const { escaped } = await listening(async (escaped) => {
    for (const name of ['answering', 'refusing'] as const) {
      for (const [timeoutMs, on] of [[Infinity, undefined], [Infinity, () => {}], [1000, undefined], [1000, () => {}]] as const) {
        for (const member of ['TableName', 'Key'] as const) {
          for (let k = 1; k <= 6; k++) {
            let calls = 0
            const client = { send: () => (calls++, clients[name].send()) }
            const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs, maxAttempts: 2, sleep: async () => undefined, ...(on === undefined ? {} : { on }) })
            const what = `${name}, ${member} from read ${k}, timeoutMs ${timeoutMs}, ${on === undefined ? 'no listener' : 'a listener'}`
            let run: () => Promise<unknown> = async () => undefined
            assert.not.throws(() => {
              run = Dynamo.send(throwingFrom(member, k))(env)
            }, `${what}: the call threw`)
            const value = (await settledValue(run, 5_000, what)) as { readonly _tag: string; readonly left?: { readonly _tag: string; readonly name?: string; readonly issues?: ReadonlyArray<{ readonly message: string }> } }
            if (k === 1) {
              assert.is(value.left?._tag, 'ValidationError', `${what}: ${JSON.stringify(value)}`)
              assert.match(value.left?.issues?.[0]?.message ?? '', `${member} read 1 times`, what)
              assert.is(calls, 0, `${what}: sent`)
            } else if (name === 'answering') {
              assert.is(value._tag, 'Right', `${what}: ${JSON.stringify(value)}`)
              assert.is(calls, 1, what)
            } else {
              assert.is(value.left?.name, 'ResourceNotFoundException', `${what}: ${JSON.stringify(value)}`)
              assert.is(calls, 1, what)
            }
          }
        }
        await turn()
        assert.equal(escaped.map(String), [], `${name}, timeoutMs ${timeoutMs}: escaped`)
      }
    }
  })
  assert.equal(escaped.map(String), [], 'escaped')
})

/** A GetItem of users/a whose `input` itself is a getter of the command's that throws from its `k`-th read. */
const inputThrowingFrom = (k: number): GetItemCommand => {
  const command = new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } })
  const input = command.input
  let reads = 0
  Object.defineProperty(command, 'input', {
    enumerable: true,
    get: () => {
      reads++
      if (reads >= k) throw new Error(`input read ${reads} times`)
      return input
    },
  })
  return command
}

/** A server error: retried, its outcome unknown. */
const serverError = (): Error => Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } })

test("a command whose input itself (the command's getter) throws from its k-th read, k = 1 to 8, answered or failing then answered: send settles, with and without a time limit and a listener, and with consumedCapacity", async () => {
  const { escaped } = await listening(async (escaped) => {
    for (const first of ['answers', 'fails'] as const) {
      for (const [timeoutMs, on, consumedCapacity] of [[Infinity, undefined, false], [Infinity, () => {}, false], [1000, undefined, false], [1000, () => {}, true], [Infinity, undefined, true]] as const) {
        for (let k = 1; k <= 8; k++) {
          let calls = 0
          const client = { send: async () => (++calls === 1 && first === 'fails' ? Promise.reject(serverError()) : { $metadata: {}, Item: { id: { S: 'a' } } }) }
          const env = Env.make({ client: client as unknown as DynamoDBClient, timeoutMs, consumedCapacity, maxAttempts: 2, sleep: async () => undefined, ...(on === undefined ? {} : { on }) })
          const what = `first ${first}, input from read ${k}, timeoutMs ${timeoutMs}, ${on === undefined ? 'no listener' : 'a listener'}, consumedCapacity ${consumedCapacity}`
          let run: () => Promise<unknown> = async () => undefined
          assert.not.throws(() => {
            run = Dynamo.send(inputThrowingFrom(k))(env)
          }, `${what}: the call threw`)
          const value = await settledValue(run, 5_000, what)
          const tag = (value as { _tag?: unknown })._tag
          if (tag !== 'Left' && tag !== 'Right') assert.unreachable(`${what}: ${String(value)}`)
          await turn()
          assert.equal(escaped.map(String), [], `${what}: escaped`)
        }
      }
    }
  })
  assert.equal(escaped.map(String), [], 'escaped')
})

test('consumedCapacity, a Key that throws from its 2nd read, a first attempt answered 500: send settles, its retry sent', async () => {
  const { escaped } = await listening(async () => {
    const sent: unknown[] = []
    let calls = 0
    const client = {
      send: async (c: { readonly input: unknown }) => {
        sent.push(c.input)
        return ++calls === 1 ? Promise.reject(serverError()) : { $metadata: {}, Item: { id: { S: 'a' } } }
      },
    }
    const env = Env.make({ client: client as unknown as DynamoDBClient, consumedCapacity: true, maxAttempts: 2, sleep: async () => undefined })
    const value = await settledValue(Dynamo.send(throwingFrom('Key', 2))(env), 5_000, 'consumedCapacity, Key from read 2')
    assert.is((value as { _tag?: unknown })._tag, 'Right', JSON.stringify(value))
    assert.is(sent.length, 2)
  })
  assert.equal(escaped.map(String), [], 'escaped')
})

test("the input the rules read is the input sent: a ConditionExpression that reads undefined first, then a condition, is one input at every attempt (a lost answer: the update sent once, or twice the same)", async () => {
  const command = new UpdateItemCommand({
    TableName: 'users',
    Key: { id: { S: 'a' } },
    UpdateExpression: 'SET #v = :v',
    ExpressionAttributeNames: { '#v': 'v' },
    ExpressionAttributeValues: { ':v': { N: '1' } },
  })
  let reads = 0
  Object.defineProperty(command.input, 'ConditionExpression', { enumerable: true, get: () => (++reads === 1 ? undefined : 'attribute_not_exists(id)') })
  const sent: string[] = []
  const client = {
    send: async (c: { readonly input: Record<string, unknown> }) => {
      sent.push(JSON.stringify(c.input.ConditionExpression ?? null))
      return sent.length === 1 ? Promise.reject(serverError()) : { $metadata: {} }
    },
  }
  const env = Env.make({ client: client as unknown as DynamoDBClient, maxAttempts: 3, sleep: async () => undefined })
  await Dynamo.send(command)(env)()
  assert.ok(sent.length >= 1)
  assert.equal(new Set(sent).size, 1, `the requests carried ${sent.join(', ')}`)
  // a conditional write whose answer was lost is not sent again (its condition would meet its own write)
  if (sent[0] !== 'null') assert.is(sent.length, 1, `the conditional update was sent ${sent.length} times`)
})

test("an input whose members are a class's getters or not enumerable (TableName on the prototype, ConsistentRead defined so): each sent", async () => {
  const sent: Array<Record<string, unknown>> = []
  const client = { send: async (c: { readonly input: Record<string, unknown> }) => (sent.push(c.input), { $metadata: {}, Item: { id: { S: 'a' } } }) }
  class Input {
    Key = { id: { S: 'a' } }
    get TableName() {
      return 'users'
    }
  }
  const input = new Input()
  Object.defineProperty(input, 'ConsistentRead', { value: true, enumerable: false })
  const r = await Dynamo.send(new GetItemCommand(input as never))(Env.make({ client: client as unknown as DynamoDBClient, maxAttempts: 1 }))()
  assert.is(r._tag, 'Right', JSON.stringify(r))
  assert.is(sent.length, 1)
  assert.is(sent[0]?.TableName, 'users')
  assert.is(sent[0]?.ConsistentRead, true)
  assert.equal(sent[0]?.Key, { id: { S: 'a' } })
})

test.run()
