/**
 * The error of a stream given to `load` or `dump` quotes the stream's own message, which may
 * carry a credential (a URL's password, an access key, the Env's secret): it is cleaned as an
 * SDK error's message is (the Env's `redact`, then `scrub`), whether the input fails while read
 * or the output refuses a write.
 */
import { Readable, Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

const SECRET = 'supersecretvalue1xyz'
const message = `fetch https://u:hunter2@example.com/x failed with ${SECRET} AKIAABCDEFGHIJKLMNOP`

const env = () => {
  const send = async () => ({ Items: [{ id: { S: 'a' } }], Count: 1, ScannedCount: 1, $metadata: {} })
  return Env.make({ client: { send } as unknown as DynamoDBClient, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: SECRET }, maxAttempts: 1 })
}

const clean = (r: E.Either<DE.DynamoError, unknown>, name: string) => {
  assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === name, JSON.stringify(r))
  const shown = `${DE.show((r as E.Left<DE.DynamoError>).left)} ${JSON.stringify(r)}`
  for (const secret of ['hunter2', SECRET, 'AKIAABCDEFGHIJKLMNOP']) assert.not.ok(shown.includes(secret), `${shown} quotes ${secret}`)
  assert.ok(shown.includes('example.com'), shown)
}

test('an input stream failing with a message carrying credentials: Left(InputStreamError), its message cleaned', async () => {
  const input = new Readable({ read() {} })
  input.push('{"Item":{"id":{"S":"a"}}}\n')
  setImmediate(() => input.destroy(new Error(message)))
  clean(await Dynamo.load(User, input)(env())(), 'InputStreamError')
})

test('an output refusing a write with a message carrying credentials: Left(OutputStreamError), its message cleaned', async () => {
  const out = new Writable({ write: (_c, _e, cb) => cb(new Error(message)) })
  out.on('error', () => undefined)
  clean(await Dynamo.dump(User, out)(env())(), 'OutputStreamError')
})

test('a stream failing with a value no text can be read from (a message that is no string, an object without prototype): a Left naming the stream, no throw', async () => {
  const odd = Object.assign(new Error('x'), { message: 42 as unknown as string })
  for (const e of [odd, Object.create(null) as unknown]) {
    const input = new Readable({ read() {} })
    setImmediate(() => input.destroy(e as Error))
    const r = await Dynamo.load(User, input)(env())()
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'InputStreamError', JSON.stringify(r))
    const out = new Writable({ write: (_c, _e, cb) => cb(e as Error) })
    out.on('error', () => undefined)
    const w = await Dynamo.dump(User, out)(env())()
    assert.ok(E.isLeft(w) && w.left._tag === 'AwsError' && w.left.name === 'OutputStreamError', JSON.stringify(w))
  }
})

test.run()
