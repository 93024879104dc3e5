/**
 * What a single write's `Left` says when the write may have been applied (DESIGN §5.5's
 * outcomes, for the operations that answer a `Left`): a stand-in on loopback (a proxy to
 * DynamoDB Local) lets Local apply a request and then loses its answer, holds it while the
 * caller's signal aborts, or refuses the retries with throttling. The `AwsError` of such a write
 * carries `outcome: 'unknown'` and `show` says it may have been applied; a write that surely
 * never reached DynamoDB, and a read, carry none.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { Doc, NOW, Plain } from '../harness/lifecycle.js'
import { local } from '../harness/local.js'
import { proxy, type Action, type Seen } from '../harness/proxy.js'
import { err, fixture, ok, rawGetPlain, S, REQUEST_MS } from '../harness/models.js'

const throttled: Action = { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Rate exceeded' } }

/** The fixture's tables through a proxy deciding each request by `decide`; `answered` hears of what Local answered. */
const through = async (label: string, decide: (x: Seen, i: number) => Action | Promise<Action>, answered?: (x: Seen) => void) => {
  const f = await fixture(label, { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Plain))
  await ok(f.env, Dynamo.createTable(Doc))
  const px = await proxy((await local()).endpoint, decide, answered)
  const env = Env.make({ endpoint: px.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, tablePrefix: f.prefix, now: () => NOW, sleep: async () => undefined, maxAttempts: 3, timeoutMs: REQUEST_MS })
  return { f, px, env }
}

test("a versioned saveOne applied by an attempt whose answer was lost, its retries throttled to the end: AwsError with outcome 'unknown' (the caller's retry meets its own item); throttled from the first attempt, no outcome", async () => {
  const firsts = new Set<string>()
  const { f, px, env } = await through('unknownsave', (x) => {
    if (x.target !== 'PutItem') return 'forward'
    const key = JSON.stringify(x.body['Item'])
    if (firsts.has(key)) return throttled
    firsts.add(key)
    return String(x.body['Item'] && (x.body['Item'] as Record<string, { S?: string }>)['id']?.S).startsWith('never') ? throttled : 'drop-answer'
  })
  try {
    const e = await err(env, Dynamo.saveOne(Doc, { id: 'a', title: 'A' }), 'AwsError')
    assert.equal([e.name, e.outcome], ['ProvisionedThroughputExceededException', 'unknown'])
    assert.match(DE.show(e), /may have been applied/)
    assert.is((await rawGetPlain(f.client, f.table(Doc), { id: S('a') }))?.['version'], 1)
    // every attempt refused: nothing written, and no outcome said
    const refused = await err(env, Dynamo.saveOne(Doc, { id: 'never', title: 'N' }), 'AwsError')
    assert.equal([refused.name, refused.outcome, refused.retryable], ['ProvisionedThroughputExceededException', undefined, true])
    assert.not.match(DE.show(refused), /may have been applied/)
    assert.is(await rawGetPlain(f.client, f.table(Doc), { id: S('never') }), undefined)
  } finally {
    await px.close()
  }
})

test("writes aborted once Local has applied them (the answer held): AbortError with outcome 'unknown', a transaction without a token saying to pass one; aborted before sending, and a read aborted in flight, no outcome", async () => {
  let controller = new AbortController()
  const { f, px, env } = await through(
    'unknownabort',
    (x) => (x.target === 'DescribeTable' || x.target === 'CreateTable' ? 'forward' : 'hold-answer'),
    () => controller.abort(),
  )
  try {
    await ok(f.env, Dynamo.saveOne(Plain, { id: 'p', text: 't', n: 1 }))
    const writes: ReadonlyArray<readonly [string, (signal: AbortSignal) => Dynamo.Op<unknown>]> = [
      ['saveOne', (signal) => Dynamo.saveOne(Plain, { id: 'q', text: 't', n: 1 }, { signal })],
      ['versioned saveOne', (signal) => Dynamo.saveOne(Doc, { id: 'v', title: 'V' }, { signal })],
      ['updateOne', (signal) => Dynamo.updateOne(Plain, 'p', [U.increment(Plain.attrs.n, 1)], { signal })],
      ['deleteOne', (signal) => Dynamo.deleteOne(Plain, 'q', { signal })],
      ['transactWrite with a token', (signal) => Dynamo.transactWrite([T.update(Plain, 'p', [U.increment(Plain.attrs.n, 1)])], { token: 'unknown-outcome-1', signal })],
      ['send', (signal) => Dynamo.send(new PutItemCommand({ TableName: f.table(Plain), Item: { id: S('r'), text: S('t'), n: { N: '1' } } }), { signal })],
    ]
    for (const [name, op] of writes) {
      controller = new AbortController()
      const e = await err(env, op(controller.signal), 'AwsError')
      assert.equal([e.name, e.outcome], ['AbortError', 'unknown'], name)
      assert.match(DE.show(e), /may have been applied/, name)
    }
    controller = new AbortController()
    const tx = await err(env, Dynamo.transactWrite([T.update(Plain, 'p', [U.increment(Plain.attrs.n, 1)])], { signal: controller.signal }), 'AwsError')
    assert.equal([tx.name, tx.outcome, tx.retryable], ['AbortError', 'unknown', false])
    assert.match(tx.message, /it may have been applied, and a retry without its token could apply it twice: pass `token` to retry it safely/)
    // each write above was applied once: the increments of the update and the transaction
    assert.is((await rawGetPlain(f.client, f.table(Plain), { id: S('p') }))?.['n'], 4)
    // aborted before sending: nothing written, no outcome
    const before = await err(env, Dynamo.saveOne(Plain, { id: 's', text: 't', n: 1 }, { signal: AbortSignal.abort() }), 'AwsError')
    assert.equal([before.name, before.outcome], ['AbortError', undefined])
    // a read aborted in flight: no outcome (nothing to apply)
    const reads: ReadonlyArray<(signal: AbortSignal) => Dynamo.Op<unknown>> = [
      (signal) => Dynamo.getOne(Plain, 'p', { signal }),
      (signal) => Dynamo.send(new GetItemCommand({ TableName: f.table(Plain), Key: { id: S('p') } }), { signal }),
    ]
    for (const read of reads) {
      controller = new AbortController()
      const r = await err(env, read(controller.signal), 'AwsError')
      assert.equal([r.name, r.outcome], ['AbortError', undefined])
    }
  } finally {
    await px.close()
  }
})

test("an UpdateItem answered HTTP 200 without Attributes (a stand-in answering {}): updateOne and updateFromDict say InvalidAnswer with outcome 'unknown' (the update may have been applied), as an answer of DynamoDB's error shape with a 200 does", async () => {
  const { f, px, env } = await through('unknownupdated', (x) => (x.target === 'UpdateItem' ? { status: 200, body: {} } : 'forward'))
  try {
    await ok(f.env, Dynamo.saveOne(Plain, { id: 'p', text: 't', n: 1 }))
    const updates: ReadonlyArray<readonly [string, Dynamo.Op<unknown>]> = [
      ['updateOne', Dynamo.updateOne(Plain, 'p', [U.set(Plain.attrs.text, 'u')])],
      ['updateFromDict', Dynamo.updateFromDict(Plain, { id: 'p', text: 'u' })],
    ]
    for (const [name, op] of updates) {
      const e = await err(env, op, 'AwsError')
      assert.equal([e.name, e.outcome, e.retryable], ['InvalidAnswer', 'unknown', false], name)
      assert.match(DE.show(e), /may have been applied/, name)
    }
  } finally {
    await px.close()
  }
})

test.run()
