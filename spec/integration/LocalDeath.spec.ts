/**
 * A request cut by the death of its endpoint: DynamoDB Local (reached through a stand-in on
 * loopback, `proxy`) answers the first attempt, and the endpoint dies before the answer
 * reaches the client (its connection cut); every retry then finds no endpoint (its connection
 * refused). The error the retries give up with says how many attempts were made and how the
 * first failed, not only the last; and nothing of the request (its headers, the credentials)
 * is in it.
 */
import { inspect } from 'node:util'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import { local, uniqueTable } from '../harness/local.js'
import { proxy, type Proxy } from '../harness/proxy.js'
import { REQUEST_MS } from '../harness/models.js'

const Thing = Model.make({ table: uniqueTable('death'), hashKey: 'pk', codec: t.type({ pk: t.string }) })

/** Credentials of this spec's own, looked for in the error: none of them may be in it. */
const credentials = { accessKeyId: 'AKIADEATHSPECKEYID00', secretAccessKey: 'death-spec-secret-access-key-0000000000' }

test("the endpoint dies with the first attempt in flight, each retry's connection refused: the error says how many attempts were made and how the first failed, and holds no credential", async () => {
  const db = await local()
  const created = await Dynamo.createTable(Thing)(Env.make({ client: db.client, timeoutMs: REQUEST_MS }))()
  assert.ok(E.isRight(created), E.isLeft(created) ? DE.show(created.left) : '')
  // Local answers the first attempt; the stand-in holds that answer and dies (its connections
  // cut, its port closed) once Local has answered
  const stand: Proxy = await proxy(
    db.endpoint,
    () => 'hold-answer',
    () => void stand.close(),
  )
  const env = Env.make({ endpoint: stand.endpoint, region: 'us-east-2', credentials, timeoutMs: REQUEST_MS, maxAttempts: 3, retry: { baseDelayMs: 10, maxDelayMs: 20 } })
  try {
    const r = await Dynamo.getOne(Thing, { pk: 'a' })(env)()
    assert.ok(E.isLeft(r), 'the read failed')
    if (E.isRight(r)) return
    const e = r.left
    assert.is(e._tag, 'AwsError', DE.show(e))
    if (e._tag !== 'AwsError') return
    assert.is(stand.seen.length, 1, 'one attempt reached the endpoint before it died')
    assert.is(e.attempts, 3)
    assert.is(e.name, 'ECONNREFUSED', DE.show(e))
    assert.match(e.message, /\(gave up after 3 attempts over \d+ ms; the first failed with [^)]*(ECONNRESET|socket hang up)/, e.message)
    const all = `${inspect(e, { showHidden: true, depth: Infinity })} ${JSON.stringify(e)} ${DE.show(e)} ${DE.draw(e)}`
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, 'authorization', 'x-amz-date', 'Signature=']) {
      assert.not.ok(all.toLowerCase().includes(secret.toLowerCase()), `the error holds ${secret}`)
    }
  } finally {
    env.client.destroy()
    await stand.close()
  }
})

test.run()
