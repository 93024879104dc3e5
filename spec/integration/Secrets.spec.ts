/**
 * No value dynamongo returns reaches a credential, by any path. A loopback stand-in for
 * DynamoDB (node:http on 127.0.0.1) answers errors: a 400 JSON body with a field besides
 * its message, a 500, an HTML body; and a port with no server refuses the connection.
 * The client signs every request with an access key id and a session token (in the
 * `authorization` and `x-amz-security-token` headers). For each error returned, everything
 * reachable from it is walked (own properties, non-enumerable and symbol-keyed ones too,
 * getters, prototypes that are not built-ins, Map and Set entries, bytes), and it is
 * printed every way a program might print it: none of the secrets appears.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { format, inspect } from 'node:util'
import * as t from 'io-ts'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import { REQUEST_MS } from '../harness/models.js'

const credentials = { accessKeyId: 'AKIDSTANDIN1234', secretAccessKey: 'SECRETSTANDIN5678', sessionToken: 'TOKENSTANDIN9012' }
const secrets = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken, 'leak-me']

const OnTable = (table: string) => Model.make({ table, hashKey: 'id', codec: t.type({ id: t.string }) })

// -------------------------------------------------------------------------------------
// the stand-in
// -------------------------------------------------------------------------------------

/** DynamoDB's answer for a table name: an error of each kind. */
const answers: Record<string, { status: number; type: string; body: string }> = {
  validation: {
    status: 400,
    type: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'One or more parameter values were invalid', secretField: 'leak-me' }),
  },
  fault: {
    status: 500,
    type: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error', secretField: 'leak-me' }),
  },
  // short, so that the parser's error quotes all of it
  html: { status: 502, type: 'text/html', body: '<p>leak-me</p>' },
}

/**
 * AWS's answer to a request whose signature it does not take: its message quotes the canonical
 * string of the request (every signed header with its value, the session token's among them)
 * and the string to sign; here also what a proxy adds, the request's authorization header.
 */
const signatureAnswer = (headers: IncomingHttpHeaders): { status: number; type: string; body: string } => {
  const signed = ['content-type', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']
  const canonical = ['POST', '/', '', ...signed.map((h) => `${h}:${String(headers[h])}`), '', signed.join(';'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'].join('\n')
  const message =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
    `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
    `The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${String(headers['x-amz-date'])}\n20261206/us-east-2/dynamodb/aws4_request\n8fa220f683adb6517b2df8f5558075060e023aabc1bb0308963977e75f161dda'\n\n` +
    `(proxy: Authorization: ${String(headers['authorization'])}; X-Amz-Security-Token=${String(headers['x-amz-security-token'])})`
  return { status: 400, type: 'application/x-amz-json-1.0', body: JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message }) }
}

const standIn = (): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        const table = (JSON.parse(body) as { TableName?: string }).TableName ?? ''
        const a = table === 'signature' ? signatureAnswer(req.headers) : (answers[table] ?? answers['validation']!)
        // echoes the request's credentials back in headers, as a proxy might
        res.writeHead(a.status, {
          'content-type': a.type,
          'x-amzn-requestid': 'REQ-1',
          'x-echo-authorization': String(req.headers['authorization']),
          'x-echo-token': String(req.headers['x-amz-security-token']),
        })
        res.end(a.body)
      })
    })
    server.listen(0, '127.0.0.1', () => resolve(server))
  })

const portOf = (s: Server): number => (s.address() as AddressInfo).port

const close = (s: Server): Promise<void> => new Promise((resolve) => s.close(() => resolve()))

// -------------------------------------------------------------------------------------
// everything reachable
// -------------------------------------------------------------------------------------

/** The built-in objects (constructors and their prototypes): not walked into. */
const builtins: ReadonlySet<unknown> = (() => {
  const out = new Set<unknown>()
  for (const k of Object.getOwnPropertyNames(globalThis)) {
    const v = (globalThis as Record<string, unknown>)[k]
    if (typeof v === 'function') {
      out.add(v)
      out.add((v as { prototype?: unknown }).prototype)
      out.add(Object.getPrototypeOf((v as { prototype?: unknown }).prototype ?? {}))
    }
  }
  out.add(Object.getPrototypeOf(function* () {}))
  out.add(Object.getPrototypeOf(async () => {}))
  return out
})()

/** Every string reachable from `root`: values, property keys, symbol descriptions, bytes. */
const reachableText = (root: unknown, limit = 500_000): string => {
  const seen = new Set<unknown>()
  const out: string[] = []
  const stack: unknown[] = [root]
  while (stack.length > 0 && seen.size < limit) {
    const x = stack.pop()
    if (typeof x === 'string') out.push(x)
    else if (typeof x === 'symbol') out.push(String(x.description))
    else if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean') out.push(String(x))
    else if ((typeof x === 'object' || typeof x === 'function') && x !== null && !seen.has(x) && !builtins.has(x)) {
      seen.add(x)
      for (const k of Reflect.ownKeys(x)) {
        stack.push(k)
        const d = Object.getOwnPropertyDescriptor(x, k)
        if (d === undefined) continue
        if ('value' in d) stack.push(d.value)
        else if (d.get !== undefined) {
          try {
            stack.push(d.get.call(x))
          } catch {
            // a getter that throws hides nothing
          }
        }
      }
      stack.push(Object.getPrototypeOf(x))
      if (x instanceof Map) for (const [k, v] of x) stack.push(k, v)
      if (x instanceof Set) for (const v of x) stack.push(v)
      if (ArrayBuffer.isView(x)) out.push(Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('latin1'))
      if (x instanceof ArrayBuffer) out.push(Buffer.from(x).toString('latin1'))
    }
  }
  return out.join('\n')
}

const printed = (e: DE.DynamoError): Record<string, string> => {
  const json = (() => {
    try {
      return JSON.stringify(e)
    } catch (x) {
      return `JSON.stringify threw: ${String(x)}`
    }
  })()
  return {
    reachable: reachableText(e),
    inspectHidden: inspect(e, { showHidden: true, depth: Infinity, getters: true }),
    inspectRaw: inspect(e, { showHidden: true, depth: Infinity, customInspect: false }),
    '%o': format('%o', e),
    '%O': format('%O', e),
    '%j': format('%j', e),
    JSON: json,
    show: DE.show(e),
    draw: DE.draw(e),
  }
}

const leaksOf = (e: DE.DynamoError): ReadonlyArray<string> =>
  Object.entries(printed(e)).flatMap(([how, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${how}: ${s}`))

const env = (port: number): Env.Env =>
  Env.make({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-2', credentials, maxAttempts: 2, timeoutMs: REQUEST_MS })

const failure = async (e: Env.Env, table: string): Promise<DE.DynamoError> => {
  const r = await Dynamo.getOne(OnTable(table), 'a')(e)()
  assert.ok(E.isLeft(r), `${table}: a Left`)
  return (r as E.Left<DE.DynamoError>).left
}

// -------------------------------------------------------------------------------------
// specs
// -------------------------------------------------------------------------------------

test('the walker finds a secret hidden in a non-enumerable, symbol-keyed, getter or Map place', () => {
  const hidden = Object.defineProperty({}, Symbol('x'), { value: new Map([['k', { get deep() { return 'leak-me' } }]]), enumerable: false })
  assert.ok(reachableText(hidden).includes('leak-me'))
  assert.ok(reachableText(Object.create({ inherited: new Set(['leak-me']) })).includes('leak-me'))
  assert.ok(reachableText(Object.assign(new Error('x'), { response: { body: Buffer.from('leak-me') } })).includes('leak-me'))
})

test('errors of a 400 with extra body fields, a 500 and an HTML body reach no credential and no extra field', async () => {
  const server = await standIn()
  const e = env(portOf(server))
  try {
    const validation = await failure(e, 'validation')
    const fault = await failure(e, 'fault')
    const html = await failure(e, 'html')
    for (const [label, x] of [['400', validation], ['500', fault], ['html', html]] as const) assert.equal(leaksOf(x), [], label)
    assert.is(validation._tag, 'AwsError')
    if (validation._tag === 'AwsError') {
      assert.is(validation.name, 'ValidationException')
      assert.is(validation.message, 'One or more parameter values were invalid')
      assert.is(validation.status, 400)
      assert.is(validation.requestId, 'REQ-1')
      assert.is(validation.fault, 'client')
      assert.is(validation.retryable, false)
      assert.equal(validation.cause, { name: 'ValidationException', message: 'One or more parameter values were invalid' })
    }
    assert.is(fault._tag, 'AwsError')
    if (fault._tag === 'AwsError') {
      assert.is(fault.name, 'InternalServerError')
      assert.is(fault.status, 500)
      assert.is(fault.fault, 'server')
      assert.is(fault.retryable, true)
      assert.is(fault.attempts, 2)
    }
    assert.is(html._tag, 'AwsError')
    if (html._tag === 'AwsError') {
      assert.is(html.status, 502)
      assert.is(html.retryable, true)
      assert.match(html.message, /HTTP 502/)
    }
  } finally {
    e.client.destroy()
    await close(server)
  }
})

test("an error quoting the request's signature (AWS's canonical string, a proxy's echo of the authorization header) reaches no credential, also of credentials the client resolves from a provider, which the Env does not know", async () => {
  const server = await standIn()
  const provided = { accessKeyId: 'ASIAPROVIDED12345678', secretAccessKey: 'PROVIDEDSECRET5678', sessionToken: 'IQoJb3JpZ2luX2VjEPROVIDEDTOKEN9012+/==' }
  const given = [
    // a client of the application's, its credentials from a provider (as the default chain gives them: a role's, with a session token)
    Env.make({ client: new DynamoDBClient({ endpoint: `http://127.0.0.1:${portOf(server)}`, region: 'us-east-2', credentials: async () => provided, maxAttempts: 1 }), maxAttempts: 1, timeoutMs: REQUEST_MS }),
    env(portOf(server)),
  ]
  try {
    for (const [i, e] of given.entries()) {
      const x = await failure(e, 'signature')
      const known = i === 0 ? [provided.accessKeyId, provided.secretAccessKey, provided.sessionToken] : secrets
      const leaks = Object.entries(printed(x)).flatMap(([how, text]) => known.filter((s) => text.includes(s)).map((s) => `${how}: ${s}`))
      assert.equal(leaks, [], i === 0 ? 'a provider' : 'credentials given')
      // the rest of the message stays: what it says of the signature, the headers' names, the scope
      assert.ok(x._tag === 'AwsError' && x.name === 'InvalidSignatureException', JSON.stringify(x))
      if (x._tag === 'AwsError') {
        assert.match(x.message, /does not match the signature you provided/)
        assert.match(x.message, /x-amz-security-token:\*\*\*/)
        assert.match(x.message, /20261206\/us-east-2\/dynamodb\/aws4_request/)
      }
    }
  } finally {
    for (const e of given) e.client.destroy()
    await close(server)
  }
})

test('the error of a refused connection reaches no credential', async () => {
  const server = await standIn()
  const port = portOf(server)
  await close(server)
  const e = env(port)
  try {
    const refused = await failure(e, 'validation')
    assert.equal(leaksOf(refused), [])
    assert.is(refused._tag, 'AwsError')
    if (refused._tag === 'AwsError') {
      assert.is(refused.retryable, true)
      // named by Node's system error, which says it was the network (the SDK's error is a plain Error)
      assert.is(refused.name, 'ECONNREFUSED')
      assert.match(DE.show(refused), /ECONNREFUSED/)
      assert.is(refused.status, undefined)
      assert.ok(typeof refused.attempts === 'number' && refused.attempts >= 1)
      // the SDK's error (a Node socket error) as a plain copy: no stack, no socket, no $metadata object
      assert.equal(refused.cause, { name: 'Error', message: `connect ECONNREFUSED 127.0.0.1:${port}`, code: 'ECONNREFUSED' })
    }
  } finally {
    e.client.destroy()
  }
})

test('an endpoint with a user name, password and query shows none of them in an error', async () => {
  const server = await standIn()
  const e = Env.make({
    endpoint: `http://someone:SECRETSTANDIN5678@127.0.0.1:${portOf(server)}/?token=TOKENSTANDIN9012#leak-me`,
    region: 'us-east-2',
    credentials,
    maxAttempts: 1,
    timeoutMs: REQUEST_MS,
  })
  try {
    const x = await failure(e, 'validation')
    assert.equal(leaksOf(x), [])
    assert.not.match(`${String(e)} ${JSON.stringify(e)} ${inspect(e)}`, /SECRETSTANDIN5678|TOKENSTANDIN9012|leak-me|someone/)
  } finally {
    e.client.destroy()
    await close(server)
  }
})

test.run()
