/**
 * What a table operation's `Left` says once a request of it that changes the table was
 * answered (`AwsError.outcome`): `createTable`, `deleteTable` and `syncTable` whose wait, or
 * whose later step, then failed have changed the table, so their `AwsError` carries
 * `outcome: 'unknown'` and says what was done; a step of `syncTable` whose answer was lost
 * says it may have been applied. A stand-in on loopback (a proxy to DynamoDB Local) refuses
 * or loses the requests chosen.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import type * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { local } from '../harness/local.js'
import { proxy, type Action, type Seen } from '../harness/proxy.js'
import { envAt, err, fixture, ok } from '../harness/models.js'

const Made = Model.make({ table: 'made', hashKey: 'id', codec: t.type({ id: t.string }) })
const Expiring = Model.make({ table: 'expiring', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ expires: Field.epochSeconds })]), ttl: 'expires' })

const denied: Action = { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException', message: 'not allowed' } }
const throttled: Action = { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Rate exceeded' } }

/** A fixture, and an Env of its prefix through a proxy deciding each request by `decide`. */
const through = async (label: string, decide: (x: Seen) => Action, on?: (e: Env.Event) => void) => {
  const f = await fixture(label)
  const px = await proxy((await local()).endpoint, decide)
  const env = envAt(f, px.endpoint, on === undefined ? {} : { on })
  return { f, px, env }
}

const exists = async (f: { readonly env: Env.Env }, m: typeof Made | typeof Expiring): Promise<boolean> => (await ok(f.env, Dynamo.describeTable(m)))._tag === 'Some'

test("createTable whose wait is refused (DescribeTable AccessDenied), whose time-to-live step is refused, or aborted once CreateTable was answered: the table is there, and the AwsError says outcome 'unknown' and that it was created", async () => {
  let deny = ''
  const { f, px, env } = await through('tablemade', (x) => (x.target === deny ? denied : 'forward'))
  try {
    deny = 'DescribeTable'
    const waited = await err(env, Dynamo.createTable(Made), 'AwsError')
    assert.equal([waited.name, waited.outcome], ['AccessDeniedException', 'unknown'])
    assert.match(waited.message, /table \S+made was created \(CreateTable answered\), but the wait for it to be ACTIVE failed: /)
    assert.match(DE.show(waited), /may have been applied/)
    assert.ok(await exists(f, Made))
    deny = 'UpdateTimeToLive'
    const ttl = await err(env, Dynamo.createTable(Expiring), 'AwsError')
    assert.equal([ttl.name, ttl.outcome], ['AccessDeniedException', 'unknown'])
    assert.match(ttl.message, /table \S+expiring was created \(CreateTable answered\), but turning its time to live on failed: /)
    assert.ok(await exists(f, Expiring))
  } finally {
    await px.close()
  }
  let controller = new AbortController()
  const aborted = await through('tableabort', () => 'forward', (e) => {
    if (e.command === 'CreateTable' || e.command === 'DeleteTable') controller.abort()
  })
  try {
    const e = await err(aborted.env, Dynamo.createTable(Made, { signal: controller.signal }), 'AwsError')
    assert.equal([e.name, e.outcome], ['AbortError', 'unknown'])
    assert.match(e.message, /was created \(CreateTable answered\), but the wait for it to be ACTIVE failed: /)
    assert.ok(await exists(aborted.f, Made))
    controller = new AbortController()
    const d = await err(aborted.env, Dynamo.deleteTable(Made, { signal: controller.signal }), 'AwsError')
    assert.equal([d.name, d.outcome], ['AbortError', 'unknown'])
    assert.match(d.message, /table \S+made was deleted \(DeleteTable answered\), but the wait for it to be gone failed: /)
  } finally {
    await aborted.px.close()
  }
})

test("createTable whose wait for ACTIVE runs out of time (DescribeTable says CREATING): the AwsError says the table was created, is not retryable (a createTable again finds it: ResourceInUseException) and that syncTable waits for it", async () => {
  let creating = true
  // while `creating`, the table is described as CREATING, whatever Local holds
  const { f, px, env } = await through('tableslow', (x) =>
    x.target === 'DescribeTable' && creating
      ? { status: 200, body: { Table: { TableName: x.body['TableName'], TableStatus: 'CREATING', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] } } }
      : x.target === 'DescribeTimeToLive' && creating
        ? { status: 200, body: { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } } }
        : 'forward',
  )
  // a time limit the first poll's pause passes: the wait ends after one describe
  const slow = envAt(f, px.endpoint, { waitTimeoutMs: 1 })
  try {
    const timedOut = await err(slow, Dynamo.createTable(Made), 'AwsError')
    assert.equal([timedOut.name, timedOut.outcome, timedOut.retryable], ['TimeoutError', 'unknown', false])
    assert.match(timedOut.message, /table \S+made was created \(CreateTable answered\), but the wait for it to be ACTIVE failed: /)
    assert.match(timedOut.message, /not retryable: a createTable again finds the table \(ResourceInUseException\); syncTable waits for it/)
    assert.not.match(DE.show(timedOut), /\(retryable\)/)
    // what a retry would have met
    const again = await err(env, Dynamo.createTable(Made), 'AwsError')
    assert.is(again.name, 'ResourceInUseException')
    // what the message advises
    creating = false
    await ok(env, Dynamo.syncTable(Made))
    assert.ok(await exists(f, Made))
    // the same for deleteTable: its wait for the table to be gone out of time is not retryable either
    creating = true
    const gone = await err(slow, Dynamo.deleteTable(Made), 'AwsError')
    assert.equal([gone.name, gone.outcome, gone.retryable], ['TimeoutError', 'unknown', false])
    assert.match(gone.message, /was deleted \(DeleteTable answered\), but the wait for it to be gone failed: .*not retryable: a deleteTable again finds it deleting or gone; describeTable tells when it is gone/)
  } finally {
    await px.close()
  }
})

test("deleteTable whose wait is refused: AwsError with outcome 'unknown', saying the table was deleted; refused itself, no outcome", async () => {
  let deny = ''
  const { f, px, env } = await through('tablegone', (x) => (x.target === deny ? denied : 'forward'))
  try {
    await ok(f.env, Dynamo.createTable(Made))
    deny = 'DeleteTable'
    const refused = await err(env, Dynamo.deleteTable(Made), 'AwsError')
    assert.equal([refused.name, refused.outcome], ['AccessDeniedException', undefined])
    deny = 'DescribeTable'
    const e = await err(env, Dynamo.deleteTable(Made), 'AwsError')
    assert.equal([e.name, e.outcome], ['AccessDeniedException', 'unknown'])
    assert.match(e.message, /table \S+made was deleted \(DeleteTable answered\), but the wait for it to be gone failed: /)
    assert.not.ok(await exists(f, Made))
  } finally {
    await px.close()
  }
})

test("syncTable: a CreateTable whose answer was lost, its retries throttled, says outcome 'unknown'; a wait refused after a step was applied says outcome 'unknown' and the steps applied", async () => {
  let creates = 0
  let denyDescribe = false
  const { f, px, env } = await through('tablesync', (x) => {
    if (x.target === 'CreateTable') {
      creates++
      // the first lost, its two retries throttled; the next forwarded, and the waits after it refused
      if (creates === 1) return 'drop-answer'
      if (creates <= 3) return throttled
      denyDescribe = true
      return 'forward'
    }
    return x.target === 'DescribeTable' && denyDescribe ? denied : 'forward'
  })
  try {
    const lost = await err(env, Dynamo.syncTable(Made), 'AwsError')
    assert.equal([lost.name, lost.outcome], ['ProvisionedThroughputExceededException', 'unknown'])
    assert.match(DE.show(lost), /may have been applied/)
    assert.ok(await exists(f, Made))
    const waited = await err(env, Dynamo.syncTable(Expiring), 'AwsError')
    assert.equal([waited.name, waited.outcome, creates], ['AccessDeniedException', 'unknown', 4])
    assert.match(waited.message, /table \S+expiring: 1 step applied \(CreateTable\), but the wait for it to be ACTIVE after CreateTable failed: /)
    assert.ok(await exists(f, Expiring))
  } finally {
    await px.close()
  }
})

test.run()
