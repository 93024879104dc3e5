/**
 * An operation on a table that is not there (never created, a wrong `tablePrefix`, another
 * region or access key id of DynamoDB Local): DynamoDB answers `ResourceNotFoundException`
 * with words that name no table ("Cannot do operations on a non-existent table"; AWS:
 * "Requested resource not found"). The error keeps that name (code that matches on it
 * works unchanged) and its message names the tables the request named, as the models name them
 * (without the prefix, which it states apart), where they were looked for, and what to do;
 * never a credential. A `createTable` of a table that is there (`ResourceInUseException`, "Cannot
 * create preexisting table") names it too.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { local } from '../harness/local.js'
import { Contacts, User, err, fixture, ok, uid1, REQUEST_MS } from '../harness/models.js'

const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY'
const keyId = 'AKIAIOSFODNN7EXAMPLE'

/** The message of an operation's `ResourceNotFoundException`, checked for what every such message says. */
const missing = async (env: Env.Env, op: Dynamo.Op<unknown>, tables: ReadonlyArray<string>): Promise<string> => {
  const e = await err(env, op, 'AwsError')
  assert.is(e.name, 'ResourceNotFoundException', e.message)
  assert.is(e.retryable, false)
  for (const t of tables) assert.match(e.message, new RegExp(`\\b${t}\\b`), `names ${t}: ${e.message}`)
  if (env.tablePrefix !== '') {
    assert.not.ok(e.message.includes(`${env.tablePrefix}${tables[0]}`), `the table is named without its prefix: ${e.message}`)
    assert.ok(e.message.includes(`tablePrefix ${JSON.stringify(env.tablePrefix)}`), `states the prefix: ${e.message}`)
  }
  assert.match(e.message, /create it \(Dynamo\.createTable, Dynamo\.syncTable\)/)
  assert.match(e.message, /region us-east-2/)
  assert.not.ok(e.message.includes(secret) || e.message.includes(keyId), `no credential: ${e.message}`)
  return e.message
}

test('a read, a write, an update, a query, a batch and a transaction on a table never created name it and say what to do', async () => {
  const f = await fixture('missing')
  await missing(f.env, Dynamo.getOne(User, 'john@x.io'), ['users'])
  await missing(f.env, Dynamo.saveOne(User, { email: 'john@x.io', name: 'John', cities_visited: [] }), ['users'])
  await missing(f.env, Dynamo.updateOne(User, 'john@x.io', [U.set(User.attrs.name, 'J')]), ['users'])
  await missing(f.env, Dynamo.getMany(Contacts, C.eq(Contacts.attrs.user_id, uid1)), ['user-contacts'])
  await missing(f.env, Dynamo.getMany(User, ['a@x.io', 'b@x.io']), ['users'])
  await missing(f.env, Dynamo.transactWrite([T.check(User, 'a@x.io'), T.check(Contacts, { user_id: uid1, email: 'a@x.io' })]), ['users', 'user-contacts'])
})

test("the tables of one access key id looked for with another's (DynamoDB Local keeps them apart): the endpoint and region named, no credential in the message", async () => {
  const db = await local()
  const mine = Env.make({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: 'mine', secretAccessKey: 'mine' }, timeoutMs: REQUEST_MS })
  await ok(mine, Dynamo.createTable(User))
  try {
    const other = Env.make({ endpoint: db.endpoint, region: 'us-east-2', credentials: { accessKeyId: keyId, secretAccessKey: secret }, timeoutMs: REQUEST_MS })
    const m = await missing(other, Dynamo.getOne(User, 'john@x.io'), ['users'])
    assert.ok(m.includes(`at ${db.endpoint} in region us-east-2`), m)
    assert.match(m, /access key id and region apart/)
  } finally {
    await ok(mine, Dynamo.deleteTable(User))
  }
})

test('a createTable of a table that exists names it (without its prefix), and says syncTable creates one only when missing', async () => {
  const f = await fixture('inuse')
  await ok(f.env, Dynamo.createTable(User))
  try {
    const e = await err(f.env, Dynamo.createTable(User), 'AwsError')
    assert.is(e.name, 'ResourceInUseException')
    assert.ok(e.message.startsWith(`table users with tablePrefix ${JSON.stringify(f.prefix)} exists already`), e.message)
    assert.match(e.message, /Dynamo\.syncTable creates a table only when it is missing/)
  } finally {
    await ok(f.env, Dynamo.deleteTable(User))
  }
})

test.run()
