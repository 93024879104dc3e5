/**
 * A single table where only one entity expires (DESIGN §5.3, §5.4, §5.6), against DynamoDB
 * Local: `createTable` and `syncTable` of a customer (no ttl, no such field) and a session
 * (`ttl: 'expiresAt'`), in either order, make one table with time to live on `expiresAt`;
 * the table then matches its models (nothing planned), and an expired session is absent
 * while the customer is read as ever.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as TablePlan from '../../lib/table/TablePlan.js'
import { err, fixture, ok } from '../harness/models.js'
import { Customer, Session } from '../harness/expiring.js'


/**
 * The specs' clock, two days ahead: the session expires a day from now in real time, so it is
 * expired to dynamongo and never deleted by DynamoDB Local's own time to live during the run
 * (whose deletions, in a run of every spec, hold up Local's index creations).
 */
const now = new Date(Date.now() + 2 * 86_400_000)
const expiry = new Date(Date.now() + 86_400_000)

const test = suite('a table shared by an entity that expires and one that does not')

test('createTable, then syncTable, in either order: time to live on expiresAt, nothing left to plan; an expired session NotFound, the customer read', async () => {
  for (const [label, models] of [['ttl-ent-a', [Customer, Session]], ['ttl-ent-b', [Session, Customer]]] as const) {
    const f = await fixture(label, { now: () => now })
    await ok(f.env, Dynamo.createTable(models))
    const d = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(Session) }))
    assert.equal(d.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' })
    assert.ok(TablePlan.isEmpty(await ok(f.env, Dynamo.planTable(models))))
    assert.equal((await ok(f.env, Dynamo.syncTable(models))).steps, [])
    await ok(f.env, Dynamo.saveOne(Customer, { customerId: 'c1', name: 'Ann' }))
    await ok(f.env, Dynamo.saveOne(Session, { sessionId: 's1', expiresAt: expiry }))
    assert.equal(await ok(f.env, Dynamo.getOne(Customer, { customerId: 'c1' })), { customerId: 'c1', name: 'Ann' })
    await err(f.env, Dynamo.getOne(Session, { sessionId: 's1' }), 'NotFound')
  }
})

test('syncTable of both models creates the table as createTable does', async () => {
  const f = await fixture('ttl-ent-sync', { now: () => now })
  const plan = await ok(f.env, Dynamo.syncTable([Customer, Session]))
  assert.equal(plan.steps.map((s) => s._tag), ['CreateTable', 'EnableTtl'])
  const d = await f.client.send(new DescribeTimeToLiveCommand({ TableName: f.table(Session) }))
  assert.equal(d.TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' })
})

test.run()
