/**
 * DESIGN §5.5 (issue 18, point 4): every `Env.Event` names the user's operation, reads as
 * writes do: a request of `getMany` says `getMany`, not `read`, whichever plan it runs
 * (GetItem, BatchGetItem, Query, Scan), and so for `getOne` with options, `page`, `pages`,
 * `reduce`, `count`, the finding reads of `deleteMany`, `clearTable`, `dump` (their scans,
 * deletes and the item count of their progress), `planTable`, `syncTable` and
 * `updateFromDict`. Against DynamoDB Local: the events of each operation are counted through
 * `on`, by command, and checked against what the client itself sent.
 */
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import { countRequests } from '../harness/faults.js'
import { local, uniqueTable } from '../harness/local.js'
import { Contacts, uid1, uid2, REQUEST_MS } from '../harness/models.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
const c = Contacts.attrs

const contacts = [
  { user_id: uid1, email: 'a@x.io', rank: 1, label: 'friend' },
  { user_id: uid1, email: 'b@x.io', rank: 2, label: 'work' },
  { user_id: uid1, email: 'c@x.io', rank: 3, label: 'friend' },
  { user_id: uid2, email: 'd@x.io', rank: 4, label: 'work' },
  { user_id: uid2, email: 'e@x.io', rank: 5, label: 'friend' },
]

/** A sink for `dump`. */
const nowhere = (): Writable =>
  new Writable({
    write: (_chunk, _encoding, done) => done(),
  })

async function* lines(ls: ReadonlyArray<string>): AsyncIterable<string> {
  yield* ls
}

test('every event of an operation names it, reads included (no event says "read"), counted as the client counts its requests', async () => {
  const db = await local()
  const client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-2', credentials, maxAttempts: 1 })
  const counter = countRequests(client)
  const events: Array<Env.Event> = []
  const env = Env.make({ client, tablePrefix: `${uniqueTable('events')}-`, on: (e) => events.push(e), timeoutMs: REQUEST_MS })
  const all: Array<Env.Event> = []
  /** Run `op` as `name`: its value, and the commands its events name, counted. */
  const as = async <A>(name: string, op: Dynamo.Op<A>): Promise<{ readonly value: A; readonly commands: Readonly<Record<string, number>> }> => {
    events.length = 0
    counter.reset()
    const r = await op(env)()
    if (E.isLeft(r)) assert.unreachable(`${name}: ${DE.show(r.left)}`)
    assert.ok(events.length > 0, `${name} made requests`)
    assert.equal([...new Set(events.map((e) => e.operation))], [name], `${name}'s events name it`)
    const commands = events.reduce<Record<string, number>>((acc, e) => ((acc[e.command] = (acc[e.command] ?? 0) + 1), acc), {})
    assert.equal(commands, counter.byCommand(), `${name}: one event per request the client sent`)
    all.push(...events)
    return { value: (r as E.Right<A>).right, commands }
  }
  try {
    await as('createTable', Dynamo.createTable(Contacts))
    assert.equal((await as('saveMany', Dynamo.saveMany(Contacts, contacts))).commands, { BatchWriteItem: 1 })

    // getOne with options reads through the page streams; without, its own GetItem
    const one = await as('getOne', Dynamo.getOne(Contacts, [uid1, 'a@x.io'], { select: ['label'] }))
    assert.equal([one.value.label, one.commands], ['friend', { GetItem: 1 }])
    assert.equal((await as('getOne', Dynamo.getOne(Contacts, [uid1, 'a@x.io']))).commands, { GetItem: 1 })

    // getMany, whichever plan
    assert.equal((await as('getMany', Dynamo.getMany(Contacts, C.and(C.eq(c.user_id, uid1), C.eq(c.email, 'b@x.io'))))).commands, { GetItem: 1 })
    const keys = await as('getMany', Dynamo.getMany(Contacts, [[uid1, 'a@x.io'], [uid2, 'd@x.io']]))
    assert.equal([keys.value.length, keys.commands], [2, { BatchGetItem: 1 }])
    const query = await as('getMany', Dynamo.getMany(Contacts, C.eq(c.user_id, uid1)))
    assert.equal([query.value.length, query.commands], [3, { Query: 1 }])
    const scan = await as('getMany', Dynamo.getMany(Contacts, C.eq(c.label, 'friend')))
    assert.equal([scan.value.length, scan.commands], [3, { Scan: 1 }])

    // page, pages, reduce, count
    const page = await as('page', Dynamo.page(Contacts, C.eq(c.user_id, uid1), { pageSize: 2 }))
    assert.equal([page.value.items.length, page.value.cursor._tag, page.commands], [2, 'Some', { Query: 1 }])
    const everyPage: Dynamo.Op<ReadonlyArray<number>> = (e) => async () => {
      const got: number[] = []
      for await (const p of Dynamo.pages(Contacts, C.eq(c.user_id, uid1), { pageSize: 2 })(e)) {
        if (E.isLeft(p)) return p
        got.push(p.right.items.length)
      }
      return E.right(got)
    }
    const pages = await as('pages', everyPage)
    assert.equal(pages.value, [2, 1])
    assert.ok(Object.keys(pages.commands).every((k) => k === 'Query'))
    const sum = await as('reduce', Dynamo.reduce(Contacts, C.eq(c.user_id, uid2), 0, (n, x) => n + (x.rank ?? 0)))
    assert.equal([sum.value, sum.commands], [9, { Query: 1 }])
    const count = await as('count', Dynamo.count(Contacts, C.eq(c.label, 'work')))
    assert.equal([count.value, count.commands], [2, { Scan: 1 }])

    // writes that read first, or read the table
    const updated = await as('updateFromDict', Dynamo.updateFromDict(Contacts, { user_id: uid2, email: 'e@x.io', label: 'family' }))
    assert.equal([updated.value.label, updated.commands], ['family', { UpdateItem: 1 }])
    const deleted = await as('deleteMany', Dynamo.deleteMany(Contacts, C.and(C.eq(c.user_id, uid1), C.eq(c.label, 'friend'))))
    assert.equal([deleted.value.success.length, deleted.commands], [2, { Query: 1, DeleteItem: 2 }])
    const progress = { onProgress: () => undefined }
    const dumped = await as('dump', Dynamo.dump(Contacts, nowhere(), progress))
    assert.equal([dumped.value.items, dumped.commands], [3, { DescribeTable: 1, DescribeTimeToLive: 1, Scan: 1 }])
    const cleared = await as('clearTable', Dynamo.clearTable(Contacts, progress))
    assert.equal([cleared.value, cleared.commands], [3, { DescribeTable: 1, DescribeTimeToLive: 1, Scan: 1, BatchWriteItem: 1 }])
    const loaded = await as('load', Dynamo.load(Contacts, lines([JSON.stringify({ Item: { user_id: { S: uid1 }, email: { S: 'a@x.io' } } })])))
    assert.equal([loaded.value.written, loaded.commands], [1, { BatchWriteItem: 1 }])

    // tables
    assert.equal((await as('describeTable', Dynamo.describeTable(Contacts))).commands, { DescribeTable: 1, DescribeTimeToLive: 1 })
    assert.equal((await as('planTable', Dynamo.planTable(Contacts))).commands, { DescribeTable: 1, DescribeTimeToLive: 1 })
    assert.equal((await as('syncTable', Dynamo.syncTable(Contacts))).commands, { DescribeTable: 1, DescribeTimeToLive: 1 })
    await as('deleteTable', Dynamo.deleteTable(Contacts))

    const byOperation = all.reduce<Record<string, number>>((acc, e) => ((acc[e.operation] = (acc[e.operation] ?? 0) + 1), acc), {})
    assert.not.ok('read' in byOperation)
    assert.equal(byOperation['getMany'], 4)
  } finally {
    client.destroy()
  }
})

test.run()
