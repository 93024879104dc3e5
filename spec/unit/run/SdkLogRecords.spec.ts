/**
 * The SDK's log records: a client whose logger logs nothing (the SDK's default `NoOpLogger`,
 * told by its class's name) is spared the copy of each request and answer the SDK's logger
 * middleware makes for `info` and `error`, on dynamongo's own requests; a logger of the
 * application's gets every record; a command of the application's own
 * (`Dynamo.send`) is sent as it is. Through a real `DynamoDBClient` whose request handler
 * answers at once (every middleware of the SDK runs; no network).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Readable } from 'node:stream'
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, name: t.string }) })

const json = (statusCode: number, body: unknown) => ({
  response: { statusCode, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from(JSON.stringify(body))]) },
})

/** Answers a GetItem with Ada, refuses a PutItem whose item is Eve's (a failed condition), answers any other write `{}`. */
const handler = {
  handle: async (req: { headers: Record<string, string>; body?: unknown }) => {
    const target = req.headers['x-amz-target'] ?? ''
    const body = typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body as Uint8Array)
    if (target.endsWith('.GetItem')) return json(200, { Item: { id: { S: 'a' }, name: { S: 'Ada' } } })
    if (body.includes('"Eve"')) return json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' })
    return json(200, {})
  },
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
}

/** What a logger was told, by level. */
const recording = () => {
  const told: Record<string, number> = { info: 0, error: 0 }
  const methods = {
    trace: () => undefined,
    debug: () => undefined,
    warn: () => undefined,
    info: () => void (told['info'] = (told['info'] ?? 0) + 1),
    error: () => void (told['error'] = (told['error'] ?? 0) + 1),
  }
  return { told, methods }
}

const clientWith = (logger: object): DynamoDBClient =>
  new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: handler as never,
    logger: logger as never,
    maxAttempts: 1,
  })

/** Saves, a get, and a refused save (the SDK's error path), each through `env`. */
const operations = async (env: Env.Env): Promise<void> => {
  assert.ok(E.isRight(await Dynamo.saveOne(User, { id: 'a', name: 'Ada' })(env)()))
  assert.ok(E.isRight(await Dynamo.saveOne(User, { id: 'b', name: 'Bob' }, { overwrite: false })(env)()))
  const got = await Dynamo.getOne(User, 'a')(env)()
  assert.equal(got, E.right({ id: 'a', name: 'Ada' }))
  const refused = await Dynamo.saveOne(User, { id: 'e', name: 'Eve' }, { overwrite: false })(env)()
  assert.ok(E.isLeft(refused) && refused.left._tag === 'ConditionalCheckFailed', JSON.stringify(refused))
}

test("a client with the SDK's no-op logger: dynamongo's requests build no log record, with and without a time limit", async () => {
  for (const timeoutMs of [Infinity, 5000]) {
    const { told, methods } = recording()
    // the SDK's default logger, by its class's name (its methods count here what it would be handed)
    class NoOpLogger {}
    Object.assign(NoOpLogger.prototype, methods)
    const client = clientWith(new NoOpLogger())
    const stack = client.middlewareStack.identify()
    await operations(Env.make({ client, timeoutMs }))
    assert.equal(told, { info: 0, error: 0 }, `timeoutMs ${timeoutMs}`)
    // the logger middleware keeps its name and place in the client's stack
    assert.equal(client.middlewareStack.identify(), stack)
    client.destroy()
  }
})

test("a client with a logger of the application's: every request's record, the refused one's at error", async () => {
  for (const timeoutMs of [Infinity, 5000]) {
    const { told, methods } = recording()
    const client = clientWith(methods)
    await operations(Env.make({ client, timeoutMs }))
    assert.equal(told, { info: 3, error: 1 }, `timeoutMs ${timeoutMs}`)
    client.destroy()
  }
})

test("a client whose logger is replaced after dynamongo's first request: the application's logger gets the records of the requests after", async () => {
  class NoOpLogger {}
  Object.assign(NoOpLogger.prototype, recording().methods)
  const client = clientWith(new NoOpLogger())
  const env = Env.make({ client })
  assert.ok(E.isRight(await Dynamo.getOne(User, 'a')(env)()))
  const { told, methods } = recording()
  ;(client.config as { logger: object }).logger = methods
  assert.ok(E.isRight(await Dynamo.getOne(User, 'a')(env)()))
  assert.equal(told, { info: 1, error: 0 })
  client.destroy()
})

test("a command of the application's own (Dynamo.send) is sent as it is, its record built even for the no-op logger", async () => {
  const { told, methods } = recording()
  class NoOpLogger {}
  Object.assign(NoOpLogger.prototype, methods)
  const client = clientWith(new NoOpLogger())
  const command = new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } })
  const before = command.middlewareStack.identify()
  assert.ok(E.isRight(await Dynamo.send(command)(Env.make({ client }))()))
  assert.equal(command.middlewareStack.identify(), before)
  assert.equal(told, { info: 1, error: 0 })
  client.destroy()
})

/** A client with the SDK's no-op logger (by its class's name), its logger's records counted in `told`. */
const noOpClient = () => {
  const { told, methods } = recording()
  class NoOpLogger {}
  Object.assign(NoOpLogger.prototype, methods)
  return { told, client: clientWith(new NoOpLogger()) }
}

type Stack = { add: (m: unknown, o: object) => void; remove: (n: string) => boolean }

test("a client whose loggerMiddleware the application moved (priority high): dynamongo's requests are answered, the moved middleware runs on them", async () => {
  const { client } = noOpClient()
  let ran = 0
  const stack = client.middlewareStack as unknown as Stack
  assert.ok(stack.remove('loggerMiddleware'))
  stack.add((next: (a: unknown) => Promise<unknown>) => (a: unknown) => (ran++, next(a)), { step: 'initialize', priority: 'high', name: 'loggerMiddleware', tags: ['LOGGER'], override: true })
  await operations(Env.make({ client }))
  assert.is(ran, 4)
  client.destroy()
})

test("a client whose loggerMiddleware the SDK placed at another step: dynamongo's requests are answered", async () => {
  const { client } = noOpClient()
  const stack = client.middlewareStack as unknown as Stack
  assert.ok(stack.remove('loggerMiddleware'))
  stack.add((next: unknown) => next, { step: 'build', name: 'loggerMiddleware', tags: ['LOGGER'], override: true })
  await operations(Env.make({ client }))
  client.destroy()
})

test("a client with a loggerMiddleware of the application's own (replacing the SDK's by name): it runs on dynamongo's requests", async () => {
  const { client } = noOpClient()
  const seen: Array<string> = []
  const stack = client.middlewareStack as unknown as Stack
  stack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (a: unknown) => {
      const out = await next(a)
      seen.push(String(context.commandName))
      return out
    },
    { step: 'initialize', name: 'loggerMiddleware', override: true },
  )
  await operations(Env.make({ client }))
  // the refused save throws past the audit; the others are seen
  assert.equal(seen, ['PutItemCommand', 'PutItemCommand', 'GetItemCommand'])
  client.destroy()
})

/** A middleware that counts the requests it sees in `seen`, by command name, after their answer. */
const audit = (seen: Array<string>) => (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (a: unknown) => {
  const out = await next(a)
  seen.push(String(context.commandName))
  return out
}

test("a client whose stack the application changes after dynamongo's first request (its logger middleware removed, moved, replaced in place): every later request is answered, and a loggerMiddleware of the application's moved elsewhere runs on it", async () => {
  const changes: ReadonlyArray<{ readonly what: string; readonly change: (stack: Stack, seen: Array<string>) => void; readonly runs: boolean }> = [
    { what: 'removed', change: (s) => void s.remove('loggerMiddleware'), runs: false },
    { what: 'moved to priority high', change: (s, seen) => (s.remove('loggerMiddleware'), s.add(audit(seen), { step: 'initialize', priority: 'high', name: 'loggerMiddleware', tags: ['LOGGER'] })), runs: true },
    { what: 'moved to another step', change: (s, seen) => (s.remove('loggerMiddleware'), s.add(audit(seen), { step: 'build', name: 'loggerMiddleware' })), runs: true },
    // (the stack is judged once per client: put in the very place of the SDK's, after the first
    // request, it is taken for the SDK's on dynamongo's commands; the application's own run it)
    { what: "replaced in place by the application's own", change: (s, seen) => s.add(audit(seen), { step: 'initialize', name: 'loggerMiddleware', override: true }), runs: false },
  ]
  for (const { what, change, runs } of changes) {
    for (const timeoutMs of [Infinity, 5000]) {
      const { client } = noOpClient()
      const env = Env.make({ client, timeoutMs })
      assert.ok(E.isRight(await Dynamo.getOne(User, 'a')(env)()), what)
      const seen: Array<string> = []
      change(client.middlewareStack as unknown as Stack, seen)
      await operations(env)
      assert.ok(E.isRight(await Dynamo.getOne(User, 'a')(env)()), what)
      assert.equal(seen, runs ? ['PutItemCommand', 'PutItemCommand', 'GetItemCommand', 'GetItemCommand'] : [], `${what}, timeoutMs ${timeoutMs}`)
      // the application's own request runs the application's middleware
      await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }))
      assert.is(seen.length, (runs ? 4 : 0) + (what === 'removed' ? 0 : 1), `${what}, timeoutMs ${timeoutMs}`)
      client.destroy()
    }
  }
})

test("the application's own requests through the client (client.send, after dynamongo's) build their record as the SDK's logger middleware does", async () => {
  const { told, client } = noOpClient()
  assert.ok(E.isRight(await Dynamo.getOne(User, 'a')(Env.make({ client }))()))
  assert.equal(told, { info: 0, error: 0 })
  await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }))
  assert.equal(told, { info: 1, error: 0 })
  client.destroy()
})

test("an application middleware at initialize added before dynamongo's first request keeps its place after the SDK's logger middleware: the application's own request logs its input as given", async () => {
  const inputs: Array<unknown> = []
  class NoOpLogger {
    info(record: { readonly input?: unknown }): void {
      inputs.push(record.input)
    }
  }
  const client = clientWith(new NoOpLogger())
  // the application's middleware changes the input of each request after the SDK's logger took it
  client.middlewareStack.add((next) => (args) => next({ ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'NONE' } }), { step: 'initialize', name: 'appInitialize' })
  const stack = client.middlewareStack.identify()
  await operations(Env.make({ client }))
  assert.equal(client.middlewareStack.identify(), stack)
  assert.equal(inputs, [])
  await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }))
  assert.equal(inputs, [{ TableName: 'users', Key: { id: { S: 'a' } } }])
  client.destroy()
})

test("2,000 Envs each on a new DynamoDBDocumentClient.from(base) (all sharing base's stack): every request is answered, base's stack is as it was, the application's own request keeps its record", async () => {
  const { told, client: base } = noOpClient()
  // how deep the calls of the middleware are past the logger's (its frames, read at initialize, low)
  const depths: Array<number> = []
  base.middlewareStack.add(
    (next) => (args) => {
      const limit = Error.stackTraceLimit
      Error.stackTraceLimit = Infinity
      depths.push((new Error().stack ?? '').split('\n').length)
      Error.stackTraceLimit = limit
      return next(args)
    },
    { step: 'initialize', priority: 'low', name: 'depth' },
  )
  const own = () => base.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }))
  await own()
  const stack = base.middlewareStack.identify()
  for (let i = 0; i < 2000; i++) {
    const client = DynamoDBDocumentClient.from(base) as unknown as DynamoDBClient
    const got = await Dynamo.getOne(User, 'a')(Env.make({ client }))()
    if (E.isLeft(got)) assert.unreachable(`request ${i}: ${JSON.stringify(got.left)}`)
  }
  assert.equal(base.middlewareStack.identify(), stack)
  assert.equal(told, { info: 1, error: 0 })
  await own()
  assert.equal(told, { info: 2, error: 0 })
  // the application's request runs through as many middleware calls as before
  assert.is(depths[depths.length - 1], depths[0])
  base.destroy()
})

test("a client that caches its middleware (cacheMiddleware): the application's own requests after dynamongo's keep their record", async () => {
  const { told, methods } = recording()
  class NoOpLogger {}
  Object.assign(NoOpLogger.prototype, methods)
  const client = new DynamoDBClient({
    region: 'us-east-2',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: handler as never,
    logger: new NoOpLogger() as never,
    maxAttempts: 1,
    cacheMiddleware: true,
  })
  // (without a time limit, dynamongo's request is sent without options: the one the client caches for)
  assert.ok(E.isRight(await Dynamo.getOne(User, 'a')(Env.make({ client, timeoutMs: Infinity }))()))
  const before = told['info'] ?? 0
  await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'a' } } }))
  assert.is(told['info'], before + 1)
  client.destroy()
})

test("a retry after the client changed during the first attempt (a logger set, its loggerMiddleware moved): the retry is answered, and the application's logger gets its record", async () => {
  for (const move of [false, true]) {
    for (const timeoutMs of [Infinity, 5000]) {
      const { told, methods } = recording()
      let calls = 0
      // the first GetItem is throttled; while it is answered, the application sets a logger of
      // its own on the client and (move) puts its loggerMiddleware at another priority
      const throttling = {
        ...handler,
        handle: async (req: { headers: Record<string, string>; body?: unknown }) => {
          if (++calls > 1) return handler.handle(req)
          client.config.logger = methods as never
          if (move) {
            const stack = client.middlewareStack as unknown as Stack
            stack.remove('loggerMiddleware')
            stack.add((next: (a: unknown) => Promise<unknown>) => (a: unknown) => (methods.info(), next(a)), { step: 'initialize', priority: 'high', name: 'loggerMiddleware', tags: ['LOGGER'] })
          }
          return json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' })
        },
      }
      class NoOpLogger {}
      Object.assign(NoOpLogger.prototype, { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined })
      const client = new DynamoDBClient({ region: 'us-east-2', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestHandler: throttling as never, logger: new NoOpLogger() as never, maxAttempts: 1 })
      const env = Env.make({ client, timeoutMs, retry: { baseDelayMs: 1, maxDelayMs: 1 } })
      const got = await Dynamo.getOne(User, 'a')(env)()
      assert.equal(got, E.right({ id: 'a', name: 'Ada' }), `move ${move}, timeoutMs ${timeoutMs}: ${JSON.stringify(got)}`)
      assert.is(calls, 2)
      assert.is(told['info'], 1, `move ${move}, timeoutMs ${timeoutMs}: the retry's record`)
      client.destroy()
    }
  }
})

test.run()
