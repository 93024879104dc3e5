/**
 * What `timeoutMs` counts (README, "Time limits"; `Env.MakeOptions.timeoutMs`): an attempt's
 * time from its start, the wait for one of the HTTP agent's sockets included. The client
 * `Env.make` builds has the SDK's Node handler, which opens at most 50 sockets to a host: with
 * 51 requests at once to an endpoint that never answers, 50 are received and the 51st waits
 * for a socket, a `TimeoutError` by its limit as the others are. The count is taken when the
 * first request ends: from then on a socket its end frees may carry the 51st (on a busy
 * machine the requests start far enough apart for it to be sent before its own limit ends).
 * The limit, 12 s, leaves a loaded machine (the suite's other shards, a CI runner's neighbours)
 * the time to open the 50 connections before the first request ends.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { User } from '../../harness/models.js'
import { drained, silent } from '../../harness/standIn.js'

test('the time limit counts the wait for a socket: of 51 requests at once on the client make builds, 50 are sent before the first ends, and all 51 end by the limit', async () => {
  const s = await silent()
  const env = Env.make({ endpoint: s.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, timeoutMs: 12_000, maxAttempts: 1 })
  try {
    let settled = 0
    const tasks = Array.from({ length: 51 }, (_, i) => Dynamo.getOne(User, `u${i}@b.io`)(env)().then((r) => (settled++, r)))
    // the requests received when the first request settles: read in the same turn, before a freed socket can carry another
    const atFirstEnd = await Promise.race(tasks.map((p) => p.then(() => s.total())))
    // a quarter of the limit after the first end every request has ended: a limit that began
    // only once the 51st got a socket would end it a whole limit after the others
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const settledSoonAfter = settled
    const rs = await Promise.all(tasks)
    assert.is(atFirstEnd, 50, 'the SDK handler opens 50 sockets to a host: the 51st request waits for one')
    assert.is(settledSoonAfter, 51, 'the 51st request ends by the limit counted from its start, as the others')
    for (const r of rs) assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'TimeoutError', JSON.stringify(r))
    assert.ok(await drained(s, 5_000), 'every connection closed')
  } finally {
    env.client.destroy()
    await s.close()
  }
})

test.run()
