/**
 * DESIGN §5.5, honest outcomes (issue 18, point 3): DynamoDB Local, keeping its tables on
 * disk (`-dbPath`), is killed by its pid in the middle of a 5,000-item `saveMany` and stays
 * down until the result is in; then it is started again on the same directory, and what is
 * stored is compared with the result: every `success` is stored, every `not-written` is not.
 * How many `unknown` items were stored is reported (a figure, not an assertion: it depends on
 * which requests were in flight at the kill).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import type { DynamoLocal } from '../../lib/local/DynamoLocal.js'
import { scanAll, started, START_MS } from '../harness/local.js'
import { REQUEST_MS } from '../harness/models.js'

const Bulk = Model.make({ table: 'outage', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number, body: t.string }) })

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

test('DynamoDB Local killed in the middle of a 5,000-item saveMany: every success stored, every not-written not stored', async () => {
  const dbPath = mkdtempSync(join(tmpdir(), 'dynamongo-outage-'))
  let db: DynamoLocal | undefined
  let again: DynamoLocal | undefined
  try {
    db = await started({ dbPath, timeoutMs: START_MS })
    const port = db.port
    const setup = Env.make({ client: db.client, timeoutMs: REQUEST_MS })
    const created = await Dynamo.createTable(Bulk)(setup)()
    assert.ok(E.isRight(created), E.isLeft(created) ? DE.show(created.left) : '')

    const N = 5_000
    const items = Array.from({ length: N }, (_, i) => ({ pk: `item-${String(i).padStart(5, '0')}`, n: i, body: 'x'.repeat(200) }))
    let killedAt = -1
    const victim = db
    const env = Env.make({
      endpoint: db.endpoint,
      region: 'us-east-2',
      credentials,
      concurrency: 8,
      timeoutMs: REQUEST_MS,
      maxAttempts: 4,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
      onProgress: ({ done }) => {
        if (killedAt < 0 && done >= 1_000) {
          killedAt = done
          process.kill(victim.pid, 'SIGKILL')
        }
      },
    })
    const r = await Dynamo.saveMany(Bulk, items)(env)()
    env.client.destroy()
    assert.ok(killedAt > 0, 'killed in the middle')
    assert.ok(E.isRight(r))
    if (E.isLeft(r)) return
    const { success, fail } = r.right
    assert.is(success.length + fail.length, N)

    // up again on the same directory (the same port, else another)
    again = await started({ dbPath, port, timeoutMs: START_MS }).catch(() => started({ dbPath, timeoutMs: START_MS }))
    const stored = new Set((await scanAll(again.client, 'outage')).map((x) => x['pk']?.S))
    const notWritten = fail.filter((f) => f.outcome === 'not-written')
    const unknown = fail.filter((f) => f.outcome === 'unknown')
    const successLost = success.filter((x) => !stored.has(x.pk)).length
    const notWrittenStored = notWritten.filter((f) => stored.has(f.item.pk)).length
    const unknownStored = unknown.filter((f) => stored.has(f.item.pk)).length
    console.log(
      `  [outage] items=${N} killedAfter=${killedAt} success=${success.length} notWritten=${notWritten.length} unknown=${unknown.length} ` +
        `stored=${stored.size} successLost=${successLost} notWrittenStored=${notWrittenStored} unknownStored=${unknownStored}`,
    )
    assert.is(successLost, 0, 'every success is stored')
    assert.is(notWrittenStored, 0, 'no not-written item is stored')
    assert.ok(notWritten.length > 0, 'the outage lasted until the end: some items were never sent')
  } finally {
    await again?.stop()
    await db?.stop()
    rmSync(dbPath, { recursive: true, force: true })
  }
})

test.run()
