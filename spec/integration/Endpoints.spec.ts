/**
 * Endpoints that fail as the world's do, for every operation: a body that stalls after its
 * headers or comes a byte at a time, a connection reset halfway through the body, an HTML page
 * of a proxy, a 5xx whose body is cut or empty, an answer over HTTP/1.0 closed by the server;
 * throttling with a long backoff that the caller aborts.
 * Each operation settles to a typed `Left` (a batch write or a load to `Right` saying what
 * became of each entry), its task never rejects, and a stalled request's connection is closed.
 *
 * From raw loopback servers (node:net) on ports picked at run time. "Settles" is a liveness
 * check with a generous bound, never a timing.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { PassThrough } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { DescribeTimeToLiveCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import type * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { within } from '../harness/standIn.js'

const LIVENESS_MS = 60_000
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })

interface Raw {
  readonly endpoint: string
  readonly requests: () => number
  readonly open: () => number
  readonly close: () => Promise<void>
}

/** A server that hands each whole HTTP request's socket to `answer` (headers and a body of content-length read). */
const raw = (answer: (s: Socket) => void): Promise<Raw> =>
  new Promise((resolve) => {
    const sockets = new Set<Socket>()
    let requests = 0
    const server = createServer((s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => undefined)
      let buf = Buffer.alloc(0)
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d])
        const end = buf.indexOf('\r\n\r\n')
        if (end < 0) return
        const length = Number(/content-length: *(\d+)/i.exec(buf.subarray(0, end).toString())?.[1] ?? 0)
        if (buf.length < end + 4 + length) return
        buf = buf.subarray(end + 4 + length)
        requests++
        answer(s)
      })
    })
    server.listen(0, '127.0.0.1', () =>
      resolve({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests: () => requests,
        open: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      }),
    )
  })

const json = 'application/x-amz-json-1.0'
const head = (status: string, type: string, length: number, extra = ''): string => `HTTP/1.1 ${status}\r\ncontent-type: ${type}\r\ncontent-length: ${length}\r\n${extra}\r\n`

const lines = async function* () {
  yield '{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}'
  yield '{"Item":{"id":{"S":"b"},"n":{"N":"2"}}}'
}

/** Every operation, with `options` (a signal or none). */
const operations = (options: { readonly signal?: AbortSignal }): Record<string, (env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>> => ({
  getOne: (env) => Dynamo.getOne(User, 'a', options)(env)(),
  saveOne: (env) => Dynamo.saveOne(User, { id: 'a', n: 1 }, options)(env)(),
  updateOne: (env) => Dynamo.updateOne(User, 'a', [U.set(u.n, 2)], options)(env)(),
  deleteOne: (env) => Dynamo.deleteOne(User, 'a', options)(env)(),
  'getMany of keys': (env) => Dynamo.getMany(User, ['a', 'b'], options)(env)(),
  'getMany of a condition': (env) => Dynamo.getMany(User, C.gt(u.n, 1), options)(env)(),
  saveMany: (env) => Dynamo.saveMany(User, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], options)(env)(),
  deleteMany: (env) => Dynamo.deleteMany(User, ['a', 'b'], options)(env)(),
  page: (env) => Dynamo.page(User, C.gt(u.n, 1), options)(env)(),
  pages: async (env) => {
    for await (const p of Dynamo.pages(User, C.gt(u.n, 1), options)(env)) return p
    return E.right(undefined)
  },
  count: (env) => Dynamo.count(User, C.gt(u.n, 1), options)(env)(),
  reduce: (env) => Dynamo.reduce(User, C.gt(u.n, 1), 0, (b) => b + 1, options)(env)(),
  collection: (env) => Dynamo.collection({ row: Row }, { id: 'a' }, options)(env)(),
  transactWrite: (env) => Dynamo.transactWrite([T.put(User, { id: 'a', n: 1 })], options)(env)(),
  transactGet: (env) => Dynamo.transactGet([T.get(User, 'a')], options)(env)(),
  dump: (env) => Dynamo.dump(User, new PassThrough().resume(), options)(env)(),
  load: (env) => Dynamo.load(User, lines(), options)(env)(),
  clearTable: (env) => Dynamo.clearTable(User, options)(env)(),
  createTable: (env) => Dynamo.createTable(User, options)(env)(),
  deleteTable: (env) => Dynamo.deleteTable(User, options)(env)(),
  syncTable: (env) => Dynamo.syncTable(User, options)(env)(),
  describeTable: (env) => Dynamo.describeTable(User, options)(env)(),
  planTable: (env) => Dynamo.planTable(User, options)(env)(),
  send: (env) => Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'users' }), options)(env)(),
})

/** What each entry of a batch write (saveMany, deleteMany) or a load became, when `r` is one. */
const entryOutcomes = (r: E.Either<DE.DynamoError, unknown>): ReadonlyArray<string> | undefined => {
  if (E.isLeft(r) || typeof r.right !== 'object' || r.right === null || !('fail' in r.right)) return undefined
  return (r.right as { readonly fail: ReadonlyArray<{ readonly outcome: string }> }).fail.map((f) => f.outcome)
}

/** Run every operation at once; each result, or a failure of the spec for one that rejected or did not settle. */
const runAll = async (env: Env.Env, options: { readonly signal?: AbortSignal }, what: string): Promise<Record<string, E.Either<DE.DynamoError, unknown>>> => {
  const ops = Object.entries(operations(options))
  const settled = await within(Promise.all(ops.map(([name, op]) => op(env).then((r) => [name, r] as const, (e: unknown) => [name, `rejected: ${String(e)}`] as const))), LIVENESS_MS)
  assert.ok(settled !== undefined, `${what}: every operation settles`)
  const out: Record<string, E.Either<DE.DynamoError, unknown>> = {}
  for (const [name, r] of settled?.value ?? []) {
    assert.type(r, 'object', `${what}, ${name}: ${String(r)}`)
    out[name] = r as E.Either<DE.DynamoError, unknown>
  }
  return out
}

test('a body that stalls after its headers, one trickled a byte at a time, a reset halfway through the body, an HTML page of a proxy, a 500 whose JSON is cut, a 503 with no body: every operation settles to a typed Left, batch writes and load to entries whose outcome is unknown; a stalled connection is closed', async () => {
  const partial = '{"Items":[{"id":{"S":"a"'
  const html = '<html><body><h1>502 Bad Gateway</h1></body></html>'
  const cases: ReadonlyArray<readonly [string, (s: Socket) => void, RegExp]> = [
    ['a stalled body', (s) => void s.write(head('200 OK', json, 1000) + partial), /^AwsError TimeoutError$/],
    [
      'a reset halfway',
      (s) => {
        s.write(head('200 OK', json, 1000) + partial)
        setTimeout(() => s.resetAndDestroy(), 5)
      },
      /^AwsError /,
    ],
    ['an HTML page', (s) => void s.write(head('200 OK', 'text/html', html.length) + html), /^AwsError /],
    [
      // each byte well within any idle timeout of the socket: only the attempt's own time limit ends it
      'a body trickled a byte at a time',
      (s) => {
        const body = '{"Items":[],"Count":0}'.padEnd(400, ' ')
        s.write(head('200 OK', json, body.length))
        let i = 0
        const tick = setInterval(() => (s.destroyed || i >= body.length ? clearInterval(tick) : void s.write(body.charAt(i++))), 40)
      },
      /^AwsError TimeoutError$/,
    ],
    ['a 500 whose JSON is cut', (s) => void s.write(head('500 Internal Server Error', json, 40) + '{"__type":"com.amazonaws.dynamodb.v2012'), /^AwsError /],
    ['a 503 with no body', (s) => void s.write(head('503 Service Unavailable', json, 0)), /^AwsError /],
  ]
  for (const [what, answer, error] of cases) {
    const s = await raw(answer)
    const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: 300, maxAttempts: 2, waitTimeoutMs: 2_000, retry: { baseDelayMs: 1, maxDelayMs: 5 } })
    try {
      const results = await runAll(env, {}, what)
      for (const [name, r] of Object.entries(results)) {
        const outcomes = entryOutcomes(r)
        if (outcomes !== undefined) {
          assert.ok(outcomes.length === 2 && outcomes.every((o) => o === 'unknown'), `${what}, ${name}: ${JSON.stringify(r)}`)
          continue
        }
        assert.ok(E.isLeft(r), `${what}, ${name}: ${JSON.stringify(r)}`)
        if (E.isLeft(r)) assert.match(`${r.left._tag} ${r.left._tag === 'AwsError' ? r.left.name : ''}`, error, `${what}, ${name}: ${JSON.stringify(r.left)}`)
      }
      if (what === 'a stalled body' || what === 'a body trickled a byte at a time') {
        const until = Date.now() + LIVENESS_MS
        while (s.open() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
        assert.is(s.open(), 0, `${what}: every connection closed`)
      }
    } finally {
      env.client.destroy()
      await s.close()
    }
  }
})

test('a port nothing listens on, and a server that resets each connection before it answers: every operation settles to a Left named by the system error (ECONNREFUSED, ECONNRESET), batch writes and load to entries not written (refused) or of unknown outcome (reset)', async () => {
  const s = await raw((socket) => socket.resetAndDestroy())
  const closed = await raw(() => undefined)
  const port = closed.endpoint
  await closed.close()
  const cases: ReadonlyArray<readonly [string, string, string, string]> = [
    ['refused', port, 'ECONNREFUSED', 'not-written'],
    ['reset', s.endpoint, 'ECONNRESET', 'unknown'],
  ]
  try {
    for (const [what, endpoint, name, outcome] of cases) {
      const env = Env.make({ endpoint, region: 'us-east-2', credentials, timeoutMs: 10_000, maxAttempts: 2, waitTimeoutMs: 2_000, retry: { baseDelayMs: 1, maxDelayMs: 5 } })
      try {
        const results = await runAll(env, {}, what)
        for (const [op, r] of Object.entries(results)) {
          const outcomes = entryOutcomes(r)
          if (outcomes !== undefined) {
            assert.ok(outcomes.length === 2 && outcomes.every((o) => o === outcome), `${what}, ${op}: ${JSON.stringify(r)}`)
            const errors = (r as E.Right<{ readonly fail: ReadonlyArray<{ readonly error: DE.DynamoError }> }>).right.fail.map((f) => f.error)
            assert.ok(errors.every((e) => e._tag === 'AwsError' && e.name === name), `${what}, ${op}: ${JSON.stringify(r)}`)
            continue
          }
          assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === name, `${what}, ${op}: ${JSON.stringify(r)}`)
        }
      } finally {
        env.client.destroy()
      }
    }
  } finally {
    await s.close()
  }
})

test('a success (any 2xx, its body said to be encoded or not) whose JSON is no object ([], "x", 42, null, true) or whose body is empty: every operation settles to a Left InvalidAnswer after one request (a GetItem of [] is no "no item"), batch writes and load to entries of unknown outcome', async () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ...['[]', '"x"', '42', 'null', 'true', ' [{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}]', ''].map((body) => ['200 OK', '', body] as const),
    ['204 No Content', '', ''],
    ['201 Created', '', '[]'],
    ['206 Partial Content', '', '42'],
    // the SDK decodes no content-encoding: an encoded body is read as it comes
    ['200 OK', 'content-encoding: gzip\r\n', '[]'],
    ['200 OK', 'content-encoding: Identity\r\n', 'null'],
  ]
  for (const [status, extra, body] of cases) {
    const what = `${status} ${extra.trim()} ${body}`
    const s = await raw((socket) => void socket.write(head(status, json, Buffer.byteLength(body), extra) + body))
    const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: 10_000, maxAttempts: 2, waitTimeoutMs: 2_000, retry: { baseDelayMs: 1, maxDelayMs: 5 } })
    try {
      const results = await runAll(env, {}, what)
      const invalid = (e: DE.DynamoError): boolean => e._tag === 'AwsError' && e.name === 'InvalidAnswer' && /could not be read: its body is no JSON object/.test(e.message)
      for (const [op, r] of Object.entries(results)) {
        const outcomes = entryOutcomes(r)
        if (outcomes !== undefined) {
          assert.ok(outcomes.length === 2 && outcomes.every((o) => o === 'unknown'), `${what}, ${op}: ${JSON.stringify(r)}`)
          const errors = (r as E.Right<{ readonly fail: ReadonlyArray<{ readonly error: DE.DynamoError }> }>).right.fail.map((f) => f.error)
          assert.ok(errors.every(invalid), `${what}, ${op}: ${JSON.stringify(r)}`)
          continue
        }
        assert.ok(E.isLeft(r) && invalid(r.left), `${what}, ${op}: ${JSON.stringify(r)}`)
      }
      // one request each (not retried; a batch write's two entries in one request)
      assert.is(s.requests(), Object.keys(results).length, what)
    } finally {
      env.client.destroy()
      await s.close()
    }
  }
})

test('refused answers free their connection: after more refusals than the pool holds sockets, a call still reaches the server', async () => {
  const body = '[]'
  const s = await raw((socket) => void socket.write(head('200 OK', json, body.length) + body))
  const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: 2_000, maxAttempts: 1 })
  // the SDK's pool: 50 sockets to a host
  const pool = 50
  try {
    for (let i = 0; i <= pool + 1; i++) {
      const r = await Dynamo.getOne(User, 'a')(env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InvalidAnswer', `call ${i}: ${JSON.stringify(r)}`)
    }
    assert.is(s.requests(), pool + 2)
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test('TagResource and UntagResource, whose answers have no members: a 200 of an empty body is their success (Dynamo.send)', async () => {
  const s = await raw((socket) => void socket.write(head('200 OK', json, 0)))
  const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: 10_000, maxAttempts: 1 })
  const ResourceArn = 'arn:aws:dynamodb:us-east-2:123456789012:table/users'
  try {
    const tagged = await Dynamo.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: 'k', Value: 'v' }] }))(env)()
    assert.ok(E.isRight(tagged), JSON.stringify(tagged))
    const untagged = await Dynamo.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['k'] }))(env)()
    assert.ok(E.isRight(untagged), JSON.stringify(untagged))
    // any other operation's empty body is still refused
    const other = await Dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'users' }))(env)()
    assert.ok(E.isLeft(other) && other.left._tag === 'AwsError' && other.left.name === 'InvalidAnswer', JSON.stringify(other))
    assert.is(s.requests(), 3)
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test('an answer over HTTP/1.0, the connection closed by the server after it: read as any other (a page, a save, a count)', async () => {
  const answer = (body: string) => (s: Socket) => void s.end(`HTTP/1.0 200 OK\r\ncontent-type: ${json}\r\nconnection: close\r\n\r\n${body}`)
  const s = await raw(answer('{"Items":[{"id":{"S":"a"},"n":{"N":"5"}}],"Count":1,"ScannedCount":1}'))
  const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: 2_000, maxAttempts: 1 })
  try {
    const p = await Dynamo.page(User, C.gt(u.n, 1))(env)()
    assert.equal(p, E.right({ items: [{ id: 'a', n: 5 }], cursor: { _tag: 'None' } }))
    assert.equal(await Dynamo.count(User, C.gt(u.n, 1))(env)(), E.right(1))
    assert.is(s.requests(), 2)
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test('throttled, with a backoff of minutes: an abort during the pause ends every operation at once, AbortError (batch writes and load: entries not written)', async () => {
  const body = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' })
  // answered a little after each request came, as a loaded machine does: that a request came is no sign that its answer was read
  const s = await raw((socket) => void setTimeout(() => socket.write(head('400 Bad Request', json, body.length) + body), 20))
  // each operation's first attempt, told to Env.on once it has settled (its answer read), before its pause
  let throttled = 0
  const on = (e: Env.Event): void => void (e.error !== undefined && throttled++)
  const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials, timeoutMs: 60_000, maxAttempts: 10, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, random: () => 0.99, on })
  const controller = new AbortController()
  try {
    const pending = runAll(env, { signal: controller.signal }, 'aborted in a pause')
    // every operation is in its first pause once the client has read its answer
    const until = Date.now() + LIVENESS_MS
    while (throttled < Object.keys(operations({})).length && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    controller.abort()
    const results = await pending
    for (const [name, r] of Object.entries(results)) {
      const outcomes = entryOutcomes(r)
      if (outcomes !== undefined) {
        assert.ok(outcomes.length === 2 && outcomes.every((o) => o === 'not-written'), `${name}: ${JSON.stringify(r)}`)
        continue
      }
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', `${name}: ${JSON.stringify(r)}`)
    }
    // one request each: nothing sent after the pause
    assert.is(s.requests(), Object.keys(operations({})).length)
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test.run()
