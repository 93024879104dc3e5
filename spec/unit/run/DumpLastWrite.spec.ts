/**
 * `dump`'s last write: a dump is `Right` only once the output stream took every page. An
 * output that fails the write of the last page (a disk full, the only page of a small table)
 * or was ended before the dump is `Left(OutputStreamError)`, not `Right({ items })` for
 * items it never took; and the stream's `error` event that follows the failure dump reports
 * does not go unhandled (it would end the process, the caller having no listener on a stream
 * it handed over). Against a client that answers every Scan at once with one page of 100 items.
 */
import { PassThrough, Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { listening } from '../../harness/escapes.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string }) })

const onePage = (): Env.Env => {
  const items = Array.from({ length: 100 }, (_, i) => ({ id: { S: `u${i}` } }))
  return Env.make({ client: { send: async () => ({ Items: items, Count: 100, ScannedCount: 100, $metadata: {} }) } as unknown as DynamoDBClient, timeoutMs: Infinity })
}

const isOutputError = (r: E.Either<unknown, unknown>, re: RegExp): boolean =>
  E.isLeft(r) && (r.left as { _tag?: string })._tag === 'AwsError' && (r.left as { name?: string }).name === 'OutputStreamError' && re.test((r.left as { message: string }).message)

test('the only page refused by the output (its write calls back with an error): Left(OutputStreamError), and its error event handled', async () => {
  const out = new Writable({ write: (_c, _e, cb) => cb(new Error('disk full')) })
  const { value, escaped: seen } = await listening(() => Dynamo.dump(User, out)(onePage())())
  assert.ok(isOutputError(value, /disk full/), JSON.stringify(value))
  assert.equal(seen.map(String), [])
})

test('a last page that fills the buffer and is refused later (a disk full found when flushed): Left(OutputStreamError), its error event handled', async () => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: { S: `user-${i}-${'x'.repeat(20)}` } }))
  const env = Env.make({ client: { send: async () => ({ Items: items, Count: 1000, ScannedCount: 1000, $metadata: {} }) } as unknown as DynamoDBClient, timeoutMs: Infinity })
  // the page (~40 KB) is over the default 16 KB buffer: write() says full at once
  const out = new Writable({ write: (_c, _e, cb) => void setTimeout(() => cb(new Error('disk full later')), 20) })
  const { value, escaped: seen } = await listening(() => Dynamo.dump(User, out)(env)())
  assert.ok(isOutputError(value, /disk full later/), JSON.stringify(value))
  assert.equal(seen.map(String), [])
})

test('an output ended before the dump: Left(OutputStreamError) saying so, nothing written, and no error event unhandled', async () => {
  const out = new PassThrough()
  out.end()
  const { value, escaped: seen } = await listening(() => Dynamo.dump(User, out)(onePage())())
  assert.ok(isOutputError(value, /ended/), JSON.stringify(value))
  assert.equal(seen.map(String), [])
})

test('an output that takes the page: Right with every item, the lines there', async () => {
  let text = ''
  const out = new Writable({ write: (c, _e, cb) => ((text += String(c)), setImmediate(cb)) })
  assert.equal(await Dynamo.dump(User, out)(onePage())(), E.right({ items: 100 }))
  assert.is(text.split('\n').length - 1, 100)
})

test.run()
