import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { inspect } from 'node:util'
import { DynamoDBClient, GetItemCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import * as Config from '../../../lib/run/config.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const right = (vars: Record<string, string | undefined>): Env.Env => {
  const r = Env.fromEnv(vars)
  if (E.isLeft(r)) throw new Error(`expected an Env, got ${DE.show(r.left)}`)
  return r.right
}

const configError = (vars: Record<string, string | undefined>): string => {
  const r = Env.fromEnv(vars)
  if (E.isRight(r)) throw new Error('expected a ConfigError, got an Env')
  assert.is(r.left._tag, 'ConfigError')
  return DE.show(r.left)
}

test('make: defaults (region us-east-2, no prefix, no endpoint, SDK default chain)', async () => {
  const env = Env.make()
  assert.is(env.region, 'us-east-2')
  assert.is(env.tablePrefix, '')
  assert.is(env.endpoint, undefined)
  assert.is(env.batch.concurrency, Config.defaultConcurrency)
  assert.equal(env.batch.retry, Config.defaultRetry)
  assert.is(await env.client.config.region(), 'us-east-2')
  env.client.destroy()
})

test('make: the client it builds logs nothing, and has no info/error so the SDK builds no log records', () => {
  const env = Env.make()
  const logger = env.client.config.logger as unknown as Record<string, unknown>
  assert.is(logger.info, undefined)
  assert.is(logger.error, undefined)
  // the SDK calls these unguarded: they must be there, and quiet
  for (const level of ['trace', 'debug', 'warn']) {
    const f = logger[level]
    assert.type(f, 'function')
    assert.is((f as (...xs: unknown[]) => unknown)('a message'), undefined)
  }
  // a client given to make keeps its own logger (the SDK's default here)
  const given = Env.make({ client: new DynamoDBClient({ region: 'us-east-2' }) })
  assert.type((given.client.config.logger as unknown as Record<string, unknown>).info, 'function')
  env.client.destroy()
  given.client.destroy()
})

test('make: every option is kept', async () => {
  const progress = () => undefined
  const sleep = () => Promise.resolve()
  const random = () => 0.5
  const env = Env.make({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:8000',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET123' },
    tablePrefix: 'test_',
    concurrency: 3,
    maxAttempts: 4,
    retry: { baseDelayMs: 1 },
    onProgress: progress,
    sleep,
    random,
  })
  assert.is(env.region, 'eu-west-1')
  assert.is(env.endpoint, 'http://127.0.0.1:8000')
  assert.is(env.tablePrefix, 'test_')
  assert.is(env.batch.concurrency, 3)
  assert.equal(env.batch.retry, { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: Config.defaultRetry.maxDelayMs })
  assert.is(env.batch.onProgress, progress)
  assert.is(env.sleep, sleep)
  assert.is(env.random, random)
  assert.is(await env.client.config.region(), 'eu-west-1')
  const creds = await (env.client.config.credentials as () => Promise<{ accessKeyId: string; secretAccessKey: string }>)()
  assert.is(creds.accessKeyId, 'AKIDEXAMPLE')
  assert.is(creds.secretAccessKey, 'SECRET123')
  const ep = await (env.client.config.endpoint as () => Promise<{ hostname: string; port?: number }>)()
  assert.is(ep.hostname, '127.0.0.1')
  assert.is(ep.port, 8000)
  env.client.destroy()
})

test('make: nonsensical numbers are refused, each named (never brought back into range silently); the invalid Env holds the defaults', () => {
  const env = Env.make({ concurrency: 0, maxAttempts: -3, retry: { baseDelayMs: -1, maxDelayMs: -1 } })
  assert.is(env.invalid?._tag, 'ConfigError')
  for (const name of ['concurrency', 'maxAttempts', 'retry.baseDelayMs', 'retry.maxDelayMs']) assert.ok(DE.show(env.invalid as DE.DynamoError).includes(`${name}: `), name)
  assert.is(env.batch.concurrency, Config.defaultConcurrency)
  assert.equal(env.batch.retry, Config.defaultRetry)
  env.client.destroy()
})

test('the retry budget has one name, maxAttempts; retry holds the backoff only', () => {
  const env = Env.make({ maxAttempts: 3, retry: { baseDelayMs: 7, maxDelayMs: 70 } })
  assert.equal(env.batch.retry, { maxAttempts: 3, baseDelayMs: 7, maxDelayMs: 70 })
  // what a JavaScript caller may still write under retry is no second name for the budget
  const loose = Env.make({ retry: { maxAttempts: 3, baseDelayMs: 7 } } as unknown as Env.MakeOptions)
  assert.equal(loose.batch.retry, { ...Config.defaultRetry, baseDelayMs: 7 })
  const again = Env.withBatch({ maxAttempts: 2, retry: { maxDelayMs: 50 } })(env)
  assert.equal(again.batch.retry, { maxAttempts: 2, baseDelayMs: 7, maxDelayMs: 50 })
  assert.not.ok('maxAttempts' in again.batch)
  assert.is(Env.withBatch({ retry: { maxAttempts: 9 } } as never)(env).batch.retry.maxAttempts, 3)
  assert.is(Env.withBatch({ maxAttempts: 0 })(env).invalid?._tag, 'ConfigError')
  for (const e of [env, loose]) e.client.destroy()
})

test('make: a given client is used as is', () => {
  const base = Env.make()
  const env = Env.make({ client: base.client, tablePrefix: 'p_' })
  assert.is(env.client, base.client)
  base.client.destroy()
})

test('tableName prefixes', () => {
  const env = Env.make({ tablePrefix: 'dev_' })
  assert.is(Env.tableName(env, 'users'), 'dev_users')
  assert.is(Env.tableName(Env.make(), 'users'), 'users')
})

test("tableName of an Env that cannot be read: a name DynamoDB's rule refuses, which send refuses before any request (a ValidationError at TableName)", async () => {
  const { env, sent } = counting()
  const unreadable = Object.defineProperty({ ...env }, 'tablePrefix', {
    get() {
      throw new Error('no prefix')
    },
  }) as Env.Env
  const name = Env.tableName(unreadable, 'users')
  assert.ok(!/^[A-Za-z0-9_.-]{3,255}$/.test(name), name)
  const r = await Dynamo.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' } } }))(env)()
  assert.ok(r._tag === 'Left' && r.left._tag === 'ValidationError', JSON.stringify(r))
  assert.ok(r._tag === 'Left' && DE.show(r.left).includes('TableName'), DE.show((r as E.Left<DE.DynamoError>).left))
  assert.equal(sent, [])
})

test('withBatch replaces batch options and keeps the rest', () => {
  const env = Env.make({ concurrency: 2 })
  const seen: Array<number> = []
  const env2 = Env.withBatch({ onProgress: (p) => seen.push(p.done), maxAttempts: 2 })(env)
  assert.is(env2.client, env.client)
  assert.is(env2.batch.concurrency, 2)
  assert.is(env2.batch.retry.maxAttempts, 2)
  assert.is(env2.batch.retry.baseDelayMs, env.batch.retry.baseDelayMs)
  env2.batch.onProgress?.({ done: 1, total: 2 })
  assert.equal(seen, [1])
  assert.is(env.batch.onProgress, undefined)
})

test('withBatch takes an undefined option as absent, onProgress as concurrency: the Env keeps its own (it cleared onProgress)', () => {
  const onProgress = (): void => undefined
  const env = Env.make({ concurrency: 2, onProgress })
  const same = Env.withBatch({ onProgress: undefined, concurrency: undefined, maxAttempts: undefined, retry: undefined })(env)
  assert.is(same.batch.onProgress, onProgress)
  assert.is(same.batch.concurrency, 2)
  assert.equal(same.batch.retry, env.batch.retry)
  assert.is(same.invalid, undefined)
})

test('fromEnv: nothing set → defaults', () => {
  const env = right({})
  assert.is(env.region, 'us-east-2')
  assert.is(env.tablePrefix, '')
  assert.is(env.endpoint, undefined)
})

test('fromEnv: every variable', async () => {
  const env = right({
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'SECRET123',
    AWS_SESSION_TOKEN: 'TOKEN456',
    AWS_REGION_NAME: 'eu-central-1',
    AWS_TABLE_PREFIX: 'prod_',
    DYNAMODB_ENDPOINT: 'https://dynamodb.example.com',
  })
  assert.is(env.region, 'eu-central-1')
  assert.is(env.tablePrefix, 'prod_')
  assert.is(env.endpoint, 'https://dynamodb.example.com')
  const creds = await (env.client.config.credentials as unknown as () => Promise<Record<string, string>>)()
  assert.equal(
    { a: creds['accessKeyId'], s: creds['secretAccessKey'], t: creds['sessionToken'] },
    { a: 'AKIDEXAMPLE', s: 'SECRET123', t: 'TOKEN456' },
  )
})

test('fromEnv: AWS_REGION_NAME wins over AWS_REGION; AWS_REGION alone is used', () => {
  assert.is(right({ AWS_REGION_NAME: 'eu-west-1', AWS_REGION: 'ap-south-1' }).region, 'eu-west-1')
  assert.is(right({ AWS_REGION: 'ap-south-1' }).region, 'ap-south-1')
  assert.is(right({ AWS_REGION: 'us-gov-west-1' }).region, 'us-gov-west-1')
  assert.is(right({ AWS_REGION: 'cn-north-1' }).region, 'cn-north-1')
  assert.is(right({ AWS_REGION: '  eu-west-3 ' }).region, 'eu-west-3')
})

test('fromEnv: empty strings count as unset', () => {
  const env = right({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '', DYNAMODB_ENDPOINT: '' })
  assert.is(env.region, 'us-east-2')
  assert.is(env.endpoint, undefined)
})

test('fromEnv: one credential without the other is a ConfigError', () => {
  assert.match(configError({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }), /AWS_SECRET_ACCESS_KEY is not/)
  assert.match(configError({ AWS_SECRET_ACCESS_KEY: 'SECRET123' }), /AWS_ACCESS_KEY_ID is not/)
  assert.match(configError({ AWS_SESSION_TOKEN: 'TOKEN456' }), /AWS_SESSION_TOKEN is set without/)
})

test('fromEnv: bad regions are ConfigErrors naming the variable', () => {
  for (const bad of ['useast2', 'US-EAST-2', 'us-east', 'us_east_2', 'us-east-2; rm -rf', 'x']) {
    assert.match(configError({ AWS_REGION: bad }), /AWS_REGION: region/, bad)
  }
  assert.match(configError({ AWS_REGION_NAME: 'nowhere' }), /AWS_REGION_NAME: region/)
})

test('fromEnv: bad endpoints are ConfigErrors', () => {
  assert.match(configError({ DYNAMODB_ENDPOINT: 'localhost:8000' }), /DYNAMODB_ENDPOINT: .*not an http\(s\) URL|DYNAMODB_ENDPOINT: .*not a URL/)
  assert.match(configError({ DYNAMODB_ENDPOINT: 'not a url' }), /DYNAMODB_ENDPOINT: .*not a URL/)
  assert.match(configError({ DYNAMODB_ENDPOINT: 'ftp://127.0.0.1:8000' }), /not an http\(s\) URL/)
  const shown = configError({ DYNAMODB_ENDPOINT: 'http://me:SECRET123@127.0.0.1:8000' })
  assert.match(shown, /must not carry a user name or password/)
  assert.not.match(shown, /SECRET123/)
  assert.is(right({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' }).endpoint, 'http://127.0.0.1:8000')
})

test('fromEnv: a malformed endpoint is a ConfigError that shows no user name, password, query or fragment', () => {
  const malformed = [
    'http://user:password@[bad',
    'http://user:password@127.0.0.1:99999',
    'http://user:password@',
    'user:password@127.0.0.1:8000',
    '//user:password@127.0.0.1:8000',
    'ftp://user:password@127.0.0.1:8000',
    'http://user:pass/word@[bad',
    'http://user:pass?word@[bad',
    'http://user:pass#word@[bad',
    'http://us@er:pass@word@[bad',
    'http://[bad/?token=password',
    'ftp://127.0.0.1:8000/?token=password#password',
    'not a url password',
  ]
  for (const endpoint of malformed) {
    const shown = configError({ DYNAMODB_ENDPOINT: endpoint })
    assert.match(shown, /DYNAMODB_ENDPOINT/, endpoint)
    if (endpoint !== 'not a url password') assert.not.match(shown, /password|word|user|\?|#/, `${endpoint} → ${shown}`)
  }
  assert.match(configError({ DYNAMODB_ENDPOINT: 'http://user:password@[bad' }), /DYNAMODB_ENDPOINT: endpoint "http:\/\/\*\*\*@\[bad" is not a URL/)
})

test('show, String and JSON of an Env give its endpoint without user name, password, query or fragment', () => {
  const env = Env.make({ endpoint: 'http://me:SECRET123@127.0.0.1:8000/?token=TOKEN456#frag' })
  for (const s of [Env.show(env), String(env), JSON.stringify(env), inspect(env)]) {
    assert.not.match(s, /SECRET123|TOKEN456|me:|frag/, s)
    assert.match(s, /http:\/\/\*\*\*@127\.0\.0\.1:8000\//, s)
  }
})

test('fromEnv: a bad table prefix is a ConfigError', () => {
  assert.match(configError({ AWS_TABLE_PREFIX: 'a b' }), /AWS_TABLE_PREFIX/)
  assert.match(configError({ AWS_TABLE_PREFIX: 'x/y' }), /AWS_TABLE_PREFIX/)
  assert.is(right({ AWS_TABLE_PREFIX: 'my-app.v2_' }).tablePrefix, 'my-app.v2_')
})

test("fromEnv: a table prefix that leaves no room for a table name (DynamoDB takes at most 255 characters, a model's table at least 3) is a ConfigError, not a request DynamoDB refuses", () => {
  assert.match(configError({ AWS_TABLE_PREFIX: 'x'.repeat(253) }), /AWS_TABLE_PREFIX.*252/)
  assert.is(right({ AWS_TABLE_PREFIX: 'x'.repeat(252) }).tablePrefix.length, 252)
})

test('fromEnv: credentials holding whitespace or control characters inside (a pasted line break) are a ConfigError naming the variable, never showing the value', () => {
  for (const [id, secret, token] of [['AKIA\nX', 'secret', undefined], ['AKIAX', 'sec ret\u0000', undefined], ['AKIAX', 'secret', 'tok\ren']] as const) {
    const shown = configError({ AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, ...(token === undefined ? {} : { AWS_SESSION_TOKEN: token }) })
    assert.match(shown, /AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)/)
    assert.not.match(shown, /secret|sec ret|tok/)
  }
  // surrounding whitespace is trimmed, as for every variable
  assert.ok(right({ AWS_ACCESS_KEY_ID: ' AKIAX\n', AWS_SECRET_ACCESS_KEY: 'secret\n' }))
})

test('fromEnv: credentials holding an invisible character a paste brings (zero-width space, word joiner, soft hyphen, a direction mark), or a key id or token holding a character no HTTP header carries, are a ConfigError naming the variable before any request, never showing the value', () => {
  const cases: ReadonlyArray<readonly [string, string, string | undefined, string]> = [
    ['AKIA\u200bX', 'secret', undefined, 'AWS_ACCESS_KEY_ID'],
    ['AKIAX', 'sec\u00adret', undefined, 'AWS_SECRET_ACCESS_KEY'],
    ['AKIAX', 'secret', 'tok\u2060en', 'AWS_SESSION_TOKEN'],
    ['AKIAX', 'secret\u200e', undefined, 'AWS_SECRET_ACCESS_KEY'],
    ['AKIA\u043aX', 'secret', undefined, 'AWS_ACCESS_KEY_ID'],
    ['AKIAX', 'secret', 'tok\u{1f511}en', 'AWS_SESSION_TOKEN'],
  ]
  for (const [id, secret, token, name] of cases) {
    const shown = configError({ AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, ...(token === undefined ? {} : { AWS_SESSION_TOKEN: token }) })
    assert.match(shown, new RegExp(name))
    assert.not.match(shown, /AKIA|sec|tok/)
  }
  // a secret is no header: any visible character of any script is its own
  assert.ok(right({ AWS_ACCESS_KEY_ID: 'AKIAX', AWS_SECRET_ACCESS_KEY: 'gehe\u00efm-\u043a\u043b\u044e\u0447' }))
})

test("make: credentials fromEnv refuses (an invisible character a paste brings, a key id or token no HTTP header carries, whitespace, a control character, a key id without its secret, a value that is no string) are the ConfigError of every operation, before any request, naming the field, never showing the value; make never throws", async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb')
  // the client make builds, on a port nothing listens on: a request sent would be an AwsError, not a ConfigError
  const cases: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ accessKeyId: 'AKIA\u200bX', secretAccessKey: 'HUSH' }, /credentials\.accessKeyId holds whitespace, a control character or an invisible one/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: 'HU\u00adSH' }, /credentials\.secretAccessKey holds/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: 'HUSH', sessionToken: 'tok\u2060en' }, /credentials\.sessionToken holds/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: 'HUSH\u200e' }, /credentials\.secretAccessKey holds/],
    [{ accessKeyId: 'AKIA\u043aX', secretAccessKey: 'HUSH' }, /credentials\.accessKeyId holds a character an HTTP header cannot carry/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: 'HUSH', sessionToken: 'tok\u{1f511}en' }, /credentials\.sessionToken holds a character an HTTP header cannot carry/],
    [{ accessKeyId: 'AKIAX\n', secretAccessKey: 'HUSH' }, /credentials\.accessKeyId holds whitespace/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: 'HU\u0000SH' }, /credentials\.secretAccessKey holds/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: '' }, /credentials\.accessKeyId is set but credentials\.secretAccessKey is not/],
    [{ accessKeyId: '', secretAccessKey: '', sessionToken: 'token' }, /credentials\.accessKeyId and credentials\.secretAccessKey are not set.*credentials\.sessionToken is set without/],
    [{ accessKeyId: 'AKIAX', secretAccessKey: null }, /credentials\.secretAccessKey must be a string, got null/],
    [{ accessKeyId: 7, secretAccessKey: 'HUSH' }, /credentials\.accessKeyId must be a string, got number/],
    [null, /credentials must be an object, got null/],
    ['AKIAX:HUSH', /credentials must be an object, got string/],
  ]
  for (const [credentials, why] of cases) {
    let env: Env.Env | undefined
    try {
      env = Env.make({ endpoint: 'http://127.0.0.1:1', maxAttempts: 1, credentials: credentials as Env.Credentials })
    } catch (e) {
      assert.unreachable(`make threw: ${String(e)}`)
    }
    const made = env as Env.Env
    assert.is(made.invalid?._tag, 'ConfigError', JSON.stringify(credentials))
    for (const op of [Dynamo.getOne(User, 'a@b.io'), Dynamo.saveOne(User, { email: 'a@b.io', name: 'A' }), Dynamo.send(new ListTablesCommand({}))]) {
      const r = await op(made)()
      assert.ok(E.isLeft(r), JSON.stringify(credentials))
      const shown = DE.show((r as E.Left<DE.DynamoError>).left)
      assert.is((r as E.Left<DE.DynamoError>).left._tag, 'ConfigError', shown)
      assert.match(shown, why)
      assert.not.match(shown, /AKIA|HU|tok/)
    }
  }
  // the same rule as fromEnv's: a secret is no header, any visible character of any script is its own; a session token is optional
  for (const credentials of [{ accessKeyId: 'AKIAX', secretAccessKey: 'gehe\u00efm-\u043a\u043b\u044e\u0447' }, { accessKeyId: 'AKIAX', secretAccessKey: 'secret', sessionToken: 'token' }]) {
    assert.is(Env.make({ credentials }).invalid, undefined, JSON.stringify(credentials))
  }
  // with a client of the caller's, credentials are handed to nothing (as an endpoint is): they refuse nothing
  const client = { send: async () => ({ $metadata: {} }) } as unknown as DynamoDBClient
  assert.is(Env.make({ client, credentials: { accessKeyId: 'AKIA\u200bX', secretAccessKey: 'secret' } }).invalid, undefined)
})

test('fromEnv: several problems are reported together, never with a secret value', () => {
  const shown = configError({ AWS_SECRET_ACCESS_KEY: 'SECRET123', AWS_REGION: 'bad', DYNAMODB_ENDPOINT: 'nope' })
  assert.match(shown, /AWS_ACCESS_KEY_ID is not/)
  assert.match(shown, /AWS_REGION/)
  assert.match(shown, /DYNAMODB_ENDPOINT/)
  assert.not.match(shown, /SECRET123/)
})

test('fromEnv passes runtime options through', () => {
  const r = Env.fromEnv({}, { concurrency: 5, maxAttempts: 2 })
  assert.ok(E.isRight(r))
  if (E.isRight(r)) {
    assert.is(r.right.batch.concurrency, 5)
    assert.is(r.right.batch.retry.maxAttempts, 2)
  }
})

/**
 * What a send of a ListTables through `client` gives: its rejection's name and message, or
 * 'Probe' when it went on past its first step (a probe after every initialize step: where a
 * send goes on to credentials, the endpoint, the network, it stops there instead).
 */
const sent = async (client: DynamoDBClient): Promise<readonly [string, string]> => {
  const probe = 'envSpecProbe'
  client.middlewareStack.add(() => () => Promise.reject(Object.assign(new Error('past initialize'), { name: 'Probe' })), { step: 'initialize', priority: 'low', name: probe })
  try {
    return await client.send(new ListTablesCommand({})).then(
      () => ['sent', ''] as const,
      (e: unknown) => [(e as Error).name, (e as Error).message] as const,
    )
  } finally {
    client.middlewareStack.remove(probe)
  }
}

const leaks = (env: Env.Env): ReadonlyArray<string> => {
  const outputs = {
    String: String(env),
    template: `${env}`,
    JSON: JSON.stringify(env),
    inspect: inspect(env, { depth: Infinity, showHidden: false }),
    inspectHidden: inspect(env, { depth: 6, showHidden: true, customInspect: false }),
    show: Env.show(env),
    clientInspect: inspect(env.client, { depth: Infinity }),
    spreadInspect: inspect({ ...env }, { depth: Infinity }),
  }
  return Object.entries(outputs)
    .filter(([, s]) => /SECRET123|TOKEN456/.test(s))
    .map(([k]) => k)
}

test('no secret leaks through String, JSON, inspect or show of an Env', () => {
  const made = Env.make({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET123', sessionToken: 'TOKEN456' } })
  assert.equal(leaks(made), [])
  assert.equal(leaks(right({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'SECRET123', AWS_SESSION_TOKEN: 'TOKEN456' })), [])
  assert.equal(leaks(Env.withBatch({ concurrency: 2 })(made)), [])
  assert.match(String(made), /region: us-east-2/)
  assert.equal(JSON.parse(JSON.stringify(made)).region, 'us-east-2')
})

test('redact hides every credential the Env knows of', () => {
  const env = Env.make({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'SECRET123', sessionToken: 'TOKEN456' } })
  assert.is(env.redact('Credential=AKIDEXAMPLE/2024 sig SECRET123 tok TOKEN456'), 'Credential=***/2024 sig *** tok ***')
  assert.is(Env.make().redact('AKIDEXAMPLE'), 'AKIDEXAMPLE')
})

test('make: a tablePrefix DynamoDB refuses in every table name is a ConfigError of every operation, before any request (reads, saves, batches, tables, send)', async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb')
  let sent = 0
  const client = { send: async () => { sent += 1; return { $metadata: {} } } } as unknown as DynamoDBClient
  for (const tablePrefix of ['a b-', 'x/y', 'prod:', 'é-', 'x'.repeat(253), null as unknown as string, 7 as unknown as string]) {
    const env = Env.make({ client, tablePrefix })
    const user = { email: 'a@b.io', name: 'A' }
    for (const op of [Dynamo.getOne(User, 'a@b.io'), Dynamo.saveOne(User, user), Dynamo.createTable(User), Dynamo.send(new ListTablesCommand({}))]) {
      const r = await op(env)()
      assert.ok(E.isLeft(r), String(tablePrefix))
      assert.is((r as E.Left<DE.DynamoError>).left._tag, 'ConfigError')
      assert.match(DE.show((r as E.Left<DE.DynamoError>).left), 'tablePrefix')
    }
    const batch = await Dynamo.saveMany(User, [user])(env)()
    assert.ok(E.isRight(batch) && batch.right.success.length === 0 && batch.right.fail[0]?.error._tag === 'ConfigError' && batch.right.fail[0].outcome === 'not-written')
  }
  assert.is(sent, 0)
  // the prefixes DynamoDB takes send
  for (const tablePrefix of ['', 'prod_', 'my-app.v2_', 'x'.repeat(252)]) assert.is(Env.make({ client, tablePrefix }).invalid, undefined)
})

test('make: a tablePrefix that is no string (a symbol, an object whose toString throws, a function) is the same ConfigError of every operation, never a ValidationError', async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const C = await import('../../../lib/ast/Condition.js')
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb')
  let sent = 0
  const client = { send: async () => { sent += 1; return { $metadata: {} } } } as unknown as DynamoDBClient
  const hostile = { toString: () => { throw new Error('no text') } }
  for (const tablePrefix of [Symbol('p'), hostile, () => 'p_', ['p_']] as unknown as ReadonlyArray<string>) {
    const env = Env.make({ client, tablePrefix })
    const user = { email: 'a@b.io', name: 'A' }
    const ops = [
      Dynamo.getOne(User, 'a@b.io'),
      Dynamo.page(User, C.eq(User.attrs.name, 'A')),
      Dynamo.getMany(User, C.eq(User.attrs.email, 'a@b.io')),
      Dynamo.count(User, C.eq(User.attrs.name, 'A')),
      Dynamo.saveOne(User, user),
      Dynamo.deleteOne(User, 'a@b.io'),
      Dynamo.createTable(User),
      Dynamo.send(new ListTablesCommand({})),
    ]
    for (const op of ops) {
      const r = await op(env)()
      assert.ok(E.isLeft(r), typeof tablePrefix)
      assert.is((r as E.Left<DE.DynamoError>).left._tag, 'ConfigError', DE.show((r as E.Left<DE.DynamoError>).left))
      assert.match(DE.show((r as E.Left<DE.DynamoError>).left), 'tablePrefix: expected a string')
    }
    assert.not.throws(() => Env.show(env))
  }
  assert.is(sent, 0)
})

test('make: an endpoint that is no absolute http(s) URL, or that carries a user name or password, is the ConfigError of every operation, before any request, naming the endpoint without them (the rule of fromEnv)', async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb')
  let sent = 0
  const client = { send: async () => { sent += 1; return { $metadata: {} } } } as unknown as DynamoDBClient
  const cases: ReadonlyArray<readonly [string, RegExp]> = [
    ['not a url', /endpoint "not a url" is not a URL/],
    ['localhost:8000', /endpoint "localhost:8000" is not an http\(s\) URL/],
    ['ftp://x', /endpoint "ftp:\/\/x" is not an http\(s\) URL/],
    ['', /endpoint "" is not a URL/],
    ['http://me:SECRET123@127.0.0.1:8000', /endpoint must not carry a user name or password/],
    ['ftp://me:SECRET123@127.0.0.1:8000', /endpoint "ftp:\/\/\*\*\*@127\.0\.0\.1:8000" is not an http\(s\) URL/],
    ['http://me:SECRET123@[bad', /endpoint "http:\/\/\*\*\*@\[bad" is not a URL/],
  ]
  for (const [endpoint, why] of cases) {
    // the client make builds (a client of the user's: the next test)
    for (const env of [Env.make({ endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'SECRETKEY1' } })]) {
      assert.is(env.invalid?._tag, 'ConfigError', endpoint)
      for (const op of [Dynamo.getOne(User, 'a@b.io'), Dynamo.saveOne(User, { email: 'a@b.io', name: 'A' }), Dynamo.send(new ListTablesCommand({}))]) {
        const r = await op(env)()
        assert.ok(E.isLeft(r), endpoint)
        const shown = DE.show((r as E.Left<DE.DynamoError>).left)
        assert.is((r as E.Left<DE.DynamoError>).left._tag, 'ConfigError', shown)
        assert.match(shown, why)
        assert.not.match(shown, /SECRET123|me:/)
      }
      for (const s of [Env.show(env), String(env), JSON.stringify(env), inspect(env)]) assert.not.match(s, /SECRET123|me:/)
    }
    // the same text through fromEnv: the same reason
    if (endpoint !== '') assert.match(configError({ DYNAMODB_ENDPOINT: endpoint }), why)
  }
  // an endpoint that is no string at all
  assert.match(DE.show(Env.make({ endpoint: 8000 as unknown as string }).invalid as DE.DynamoError), /endpoint must be a URL string, got number/)
  assert.is(sent, 0)
  // the endpoints it takes send
  for (const endpoint of ['http://127.0.0.1:8000', 'https://dynamodb.us-east-2.amazonaws.com', 'http://localhost:8000/']) assert.is(Env.make({ client, endpoint }).invalid, undefined)
})

test("make with a client: the endpoint only describes it (DOC of client), so any text is taken and every operation reaches the client; shown, it never quotes a user name or password", async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const { ListTablesCommand } = await import('@aws-sdk/client-dynamodb')
  let sent = 0
  const client = { send: async () => { sent += 1; return { $metadata: {} } } } as unknown as DynamoDBClient
  for (const endpoint of ['localhost:8000', 'not a url', 'ftp://x', '', 'http://me:SECRET123@127.0.0.1:8000', 'ftp://me:SECRET123@127.0.0.1:8000', 'http://me:SECRET123@[bad', 'me:SECRET123@localhost:8000']) {
    const env = Env.make({ client, endpoint })
    assert.is(env.invalid, undefined, endpoint)
    const before = sent
    for (const op of [Dynamo.saveOne(User, { email: 'a@b.io', name: 'A' }), Dynamo.send(new ListTablesCommand({}))] as ReadonlyArray<(env: Env.Env) => () => Promise<E.Either<unknown, unknown>>>) {
      const r = await op(env)()
      assert.ok(E.isRight(r), `${endpoint}: ${JSON.stringify(r)}`)
    }
    assert.is(sent - before, 2, endpoint)
    for (const s of [Env.show(env), String(env), JSON.stringify(env), inspect(env)]) assert.not.match(s, /SECRET123|me:/, `${endpoint}: ${s}`)
  }
  // text of any kind describes it; a number is no endpoint (every option of the wrong type is refused)
  assert.match(DE.show(Env.make({ client, endpoint: 8000 as unknown as string }).invalid as DE.DynamoError), /endpoint must be a URL string, got number/)
})

test("make never throws: a region the SDK refuses ('') is a ConfigError of every operation, before any request; NaN backoff delays are refused too", async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  let env: Env.Env | undefined
  try {
    env = Env.make({ region: '' })
  } catch (e) {
    assert.unreachable(`make threw: ${String(e)}`)
  }
  const r = await Dynamo.getOne(User, 'a@b.io')(env as Env.Env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && /client/.test(DE.show(r.left)), JSON.stringify(r))
  const nan = Env.make({ retry: { baseDelayMs: NaN, maxDelayMs: NaN } })
  assert.equal(nan.batch.retry, Config.defaultRetry)
  assert.match(DE.show(nan.invalid as DE.DynamoError), /retry\.baseDelayMs: .*retry\.maxDelayMs: /)
})

test("make: the client an invalid Env holds refuses every send with the ConfigError's reason (Error named ConfigError), before any step of the SDK (credentials, endpoint, signing); a valid Env's client and a client of the caller's are left as they are", async () => {
  const { GetItemCommand } = await import('@aws-sdk/client-dynamodb')
  const cases: ReadonlyArray<readonly [Env.MakeOptions, RegExp]> = [
    [{ credentials: { accessKeyId: 'AKIA\u200bX', secretAccessKey: 'HUSH1234' } }, /credentials\.accessKeyId/],
    [{ credentials: { accessKeyId: 'AKIAX', secretAccessKey: '' } }, /credentials\.secretAccessKey is not/],
    [{ credentials: null as unknown as Env.Credentials }, /credentials must be an object/],
    [{ endpoint: 'http://me:HUSH1234@127.0.0.1:1' }, /endpoint must not carry a user name or password/],
    [{ endpoint: 'not a url', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'HUSH1234' } }, /endpoint "not a url" is not a URL/],
    [{ tablePrefix: 'bad prefix ' }, /tablePrefix/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ region: '' }, /the SDK refuses the client's options/],
  ]
  for (const [options, why] of cases) {
    const env = Env.make(options)
    assert.is(env.invalid?._tag, 'ConfigError', JSON.stringify(options))
    const [name, message] = await sent(env.client)
    assert.is(name, 'ConfigError', `${JSON.stringify(options)}: ${message}`)
    assert.match(message, why)
    assert.is(message, (env.invalid as { message: string }).message)
    assert.not.match(message, /HUSH|me:/)
    // every command, every time
    const again = await env.client.send(new GetItemCommand({ TableName: 'users', Key: { pk: { S: 'a' } } })).then(() => 'sent', (e: unknown) => (e as Error).name)
    assert.is(again, 'ConfigError')
  }
  // a valid Env's client goes on past its first step (the probe answers)
  assert.equal((await sent(Env.make({ credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'HUSH1234' } }).client))[0], 'Probe')
  // a client of the caller's is the caller's: an invalid prefix refuses every operation, never its sends
  const own = new DynamoDBClient({ region: 'us-east-2', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'HUSH1234' } })
  const invalid = Env.make({ client: own, tablePrefix: 'bad prefix ' })
  assert.is(invalid.invalid?._tag, 'ConfigError')
  assert.equal((await sent(own))[0], 'Probe')
})

test('make: a time limit (timeoutMs, waitTimeoutMs) of 0 or less or NaN, or a number option that is no number, is a ConfigError naming it, of every operation, before any request; Infinity is no limit', async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  let sent = 0
  const client = { send: async () => ((sent += 1), { $metadata: {} }) } as unknown as DynamoDBClient
  const cases: ReadonlyArray<readonly [Partial<Env.MakeOptions>, string]> = [
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: -5 }, 'timeoutMs'],
    [{ timeoutMs: '3000' as unknown as number }, 'timeoutMs'],
    [{ waitTimeoutMs: 0 }, 'waitTimeoutMs'],
    [{ waitTimeoutMs: -Infinity }, 'waitTimeoutMs'],
    [{ maxAttempts: '3' as unknown as number }, 'maxAttempts'],
    [{ concurrency: {} as unknown as number }, 'concurrency'],
    [{ retry: { baseDelayMs: '50' as unknown as number } }, 'retry.baseDelayMs'],
  ]
  for (const [options, name] of cases) {
    const env = Env.make({ client, ...options })
    const r = await Dynamo.getOne(User, 'a@b.io')(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError', `${JSON.stringify(options)}: ${JSON.stringify(r)}`)
    if (E.isLeft(r)) assert.match(DE.show(r.left), `${name}:`)
  }
  assert.is(sent, 0)
  for (const options of [{ timeoutMs: Infinity, waitTimeoutMs: Infinity }, { timeoutMs: 0.5 }]) {
    assert.is(Env.make({ client, ...options }).invalid, undefined, JSON.stringify(options))
  }
  assert.equal(Env.make({ client, timeoutMs: NaN, waitTimeoutMs: NaN }).invalid, DE.configError('timeoutMs: expected a positive number of milliseconds (Infinity: no limit), got NaN; waitTimeoutMs: expected a positive number of milliseconds (Infinity: no limit), got NaN'))
  assert.equal([Env.make({ client, timeoutMs: NaN }).timeoutMs, Env.make({ client, timeoutMs: Infinity }).timeoutMs], [5_000, Infinity])
})

test('withBatch reads its numbers as make does: concurrency 0, NaN or 2.5 (dump started min(segments, concurrency) workers: none; a bounded map of NaN workers ran nothing), and one that is no number, is the ConfigError of every operation naming it; the Env keeps its own', async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const client = { send: async () => ({ $metadata: {} }) } as unknown as DynamoDBClient
  const env = Env.make({ client, concurrency: 4 })
  for (const concurrency of [0, NaN, 2.5]) {
    const refused = Env.withBatch({ concurrency })(env)
    assert.equal([refused.invalid?._tag, refused.batch.concurrency], ['ConfigError', 4], String(concurrency))
  }
  for (const [batch, name] of [[{ maxAttempts: '2' }, 'maxAttempts'], [{ concurrency: '8' }, 'concurrency'], [{ retry: { maxDelayMs: null } }, 'retry.maxDelayMs']] as const) {
    const r = await Dynamo.getOne(User, 'a@b.io')(Env.withBatch(batch as never)(env))()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && DE.show(r.left).includes(`${name}:`), `${name}: ${JSON.stringify(r)}`)
  }
  assert.is(Env.withBatch({ concurrency: 3 })(env).invalid, undefined)
})

test('options that are no object (null, a number, a list) are a ConfigError of every operation, before any request, for make and withBatch alike, never a throw; withBatch() and withBatch(undefined) change nothing', async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  let sent = 0
  const client = { send: async () => ((sent += 1), { $metadata: {} }) } as unknown as DynamoDBClient
  const env = Env.make({ client })
  for (const [given, got] of [[null, 'null'], [5, 'number'], [[{ maxAttempts: 2 }], 'a list'], ['x', 'string']] as const) {
    for (const [name, made] of [
      ['withBatch', () => Env.withBatch(given as never)(env)],
      ['make', () => Env.make(given as never)],
    ] as const) {
      const invalid = made()
      assert.is(invalid.invalid?._tag, 'ConfigError', `${name}(${got})`)
      assert.is((invalid.invalid as { message: string }).message, `options must be an object, got ${got}`, `${name}(${got})`)
      const r = await Dynamo.getOne(User, 'a@b.io')(invalid)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError', `${name}(${got}): ${JSON.stringify(r)}`)
    }
  }
  assert.is(sent, 0)
  for (const same of [Env.withBatch(undefined as never)(env), (Env.withBatch as (b?: unknown) => (e: Env.Env) => Env.Env)()(env)]) {
    assert.is(same.invalid, undefined)
    assert.equal(same.batch, env.batch)
  }
})

test("withBatch's refused options make the Env invalid as make's do (one rule): every operation the ConfigError, and the client make built replaced by one that refuses every send with its reason, before any step of the SDK; the Env given keeps its client, still sending; a client of the caller's stays as it is", async () => {
  const { User } = await import('../../harness/models.js')
  const Dynamo = await import('../../../lib/run/Dynamo.js')
  const valid = Env.make({ credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'HUSH1234' } })
  for (const batch of [{ maxAttempts: '2' }, { concurrency: null }, { onProgress: 'log' }, { retry: { baseDelayMs: '5' } }]) {
    const invalid = Env.withBatch(batch as never)(valid)
    assert.is(invalid.invalid?._tag, 'ConfigError', JSON.stringify(batch))
    const why = (invalid.invalid as { message: string }).message
    const r = await Dynamo.getOne(User, 'a@b.io')(invalid)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && (r.left as { message: string }).message === why, JSON.stringify(r))
    // the client says what every operation says, as make's refusing client does
    assert.equal(await sent(invalid.client), ['ConfigError', why], JSON.stringify(batch))
    assert.equal(await sent(Env.make({ timeoutMs: 0 }).client).then(([name]) => name), 'ConfigError')
    // the Env given is untouched: its client still sends
    assert.is(valid.invalid, undefined)
    assert.is((await sent(valid.client))[0], 'Probe')
  }
  // an Env invalid already keeps its reason and its client
  const made = Env.make({ timeoutMs: 0 })
  const again = Env.withBatch({ maxAttempts: '2' } as never)(made)
  assert.is(again.invalid, made.invalid)
  assert.is(again.client, made.client)
  // a client of the caller's is the caller's: every operation refused, its sends its own
  const own = new DynamoDBClient({ region: 'us-east-2', credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'HUSH1234' } })
  const theirs = Env.withBatch({ maxAttempts: '2' } as never)(Env.make({ client: own }))
  assert.is(theirs.invalid?._tag, 'ConfigError')
  assert.is(theirs.client, own)
  assert.is((await sent(own))[0], 'Probe')
  // valid options keep the client
  assert.is(Env.withBatch({ concurrency: 2 })(valid).client, valid.client)
})

test('a refused region, endpoint or table prefix never shows a credential typed in it, whatever its length', () => {
  const long = 'service-account-dynamodb-reader:S3cretPassw0rdThatIsLong123456'
  const messages = [
    configError({ AWS_REGION: 'http://admin:hunter2@db:8000' }),
    configError({ AWS_REGION: 'admin:hunter2@db:8000' }),
    configError({ AWS_REGION: `http://${long}@db:8000` }),
    configError({ AWS_REGION: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCY' }),
    configError({ DYNAMODB_ENDPOINT: `http://${long}@db:8000` }),
    configError({ AWS_TABLE_PREFIX: `http://${long}@db:8000` }),
    Config.checkRegion('http:\\\\admin:hunter2@db:8000') ?? '',
  ]
  for (const message of messages) {
    assert.ok(message !== '')
    for (const secret of ['hunter2', 'admin', 'S3cret', 'service-account', 'wJalrXUtnFEMIK7MDENG']) assert.not.ok(message.includes(secret), `${secret} in ${message}`)
  }
})

test.run()
