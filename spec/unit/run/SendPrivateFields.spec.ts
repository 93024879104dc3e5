/**
 * `Dynamo.send` sends a copy of the application's command made by its own class: a subclass
 * with private members (`#tag`) reads them when the SDK sends the copy, and the middleware the
 * application added to the command's stack runs for it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Readable } from 'node:stream'
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'

/** Answers every request with an item, and keeps the bodies it was sent. */
const answering = () => {
  const bodies: string[] = []
  const client = new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (req: { body?: unknown }) => {
        bodies.push(typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body as Uint8Array))
        return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{"Item":{"id":{"S":"a"}}}')]) } }
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    } as never,
  })
  return { bodies, client }
}

test("a subclass of GetItemCommand with a private member its resolveMiddleware reads: Right, its input sent, the application's middleware run", async () => {
  const read: string[] = []
  class Tagged extends GetItemCommand {
    #tag = 'a'
    override resolveMiddleware(...a: Parameters<GetItemCommand['resolveMiddleware']>) {
      read.push(this.#tag)
      return super.resolveMiddleware(...a)
    }
  }
  const { bodies, client } = answering()
  const command = new Tagged({ TableName: 'users', Key: { id: { S: 'a' } } })
  let ran = 0
  command.middlewareStack.add((next) => (args) => (ran++, next(args)), { step: 'initialize', name: 'counting' })
  const r = await Dynamo.send(command)(Env.make({ client }))()
  assert.ok(E.isRight(r), JSON.stringify(r))
  assert.equal(read, ['a'])
  assert.is(ran, 1)
  assert.is(bodies.length, 1)
  assert.match(bodies[0] ?? '', /"TableName":"users"/)
  // the caller's stack is left as it is: sent again, its middleware runs once more
  assert.ok(E.isRight(await Dynamo.send(command)(Env.make({ client }))()))
  assert.is(ran, 2)
  client.destroy()
})

test('a subclass frozen by its constructor, or making its input or stack read-only: Right, sent as the SDK sends it (a copy not of its class), not a ValidationError blaming the application', async () => {
  const input = { TableName: 'users', Key: { id: { S: 'a' } } }
  class Frozen extends GetItemCommand {
    constructor(i: ConstructorParameters<typeof GetItemCommand>[0]) {
      super(i)
      Object.freeze(this)
    }
  }
  class FixedInput extends GetItemCommand {
    constructor(i: ConstructorParameters<typeof GetItemCommand>[0]) {
      super(i)
      Object.defineProperty(this, 'input', { value: i, writable: false, enumerable: true })
    }
  }
  class FixedStack extends GetItemCommand {
    constructor(i: ConstructorParameters<typeof GetItemCommand>[0]) {
      super(i)
      Object.defineProperty(this, 'middlewareStack', { value: this.middlewareStack, writable: false, enumerable: true })
    }
  }
  for (const command of [new Frozen(input), new FixedInput(input), new FixedStack(input)]) {
    const { bodies, client } = answering()
    const r = await Dynamo.send(command)(Env.make({ client }))()
    assert.ok(E.isRight(r), `${command.constructor.name}: ${JSON.stringify(r)}`)
    assert.is(bodies.length, 1, command.constructor.name)
    client.destroy()
  }
})

test.run()
