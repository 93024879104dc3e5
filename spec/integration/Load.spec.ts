/**
 * Issue 18, point 7, against DynamoDB Local: `Dynamo.load` is a restore. A dump of a
 * versioned, timestamped model with `ttl` loaded into an empty table gives identical items
 * (versions and timestamps as dumped, an expired item too), and loading it again changes
 * nothing; loaded over a table that holds newer versions, those lines fail with the stored
 * item (`not-written`) and the others are written; an entity of a shared table round-trips
 * alone and leaves the other entity's items as they are.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { marshall } from '@aws-sdk/util-dynamodb'
import { Writable } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Dynamo from '../../lib/run/Dynamo.js'
import type * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as U from '../../lib/ast/Update.js'
import { LATER, NOW, Ticket } from '../harness/lifecycle.js'
import * as Data from '../../lib/run/data.js'
import * as Line from '../../lib/table/Line.js'
import { mapsEqual } from '../../lib/rules/compare.js'
import * as DE from '../../lib/DynamoError.js'
import { describeByName } from '../../lib/run/tables.js'
import { fixture, ok, scanAll, scanPlain } from '../harness/models.js'

/** Versioned, timestamped, expiring documents. */
const Doc = Model.make({
  table: 'restore-docs',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, title: t.string, version: Field.int({ min: 1 }), created_at: Field.dateTime, updated_at: Field.dateTime }),
    t.partial({ expires: Field.epochSeconds, tags: t.array(t.string) }),
  ]),
  version: 'version',
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  ttl: 'expires',
})

/** Another entity of Ticket's table. */
const Agent = Model.make({
  table: 'desk',
  entity: 'agent',
  codec: t.type({ agentId: t.string, name: t.string }),
  hashKey: Model.key('pk', 'AGENT#{agentId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
})

const ISO = NOW.toISOString()
/** Long expired (more than five years before the real clock: DynamoDB Local does not delete it during the spec). */
const EXPIRED = new Date('2001-01-01T00:00:00.000Z')
const byKey = (x: Record<string, unknown>) => JSON.stringify([x['id'] ?? x['pk'], x['sk'] ?? ''])

/** The lines `dump` writes, as strings. */
const dumpLines = async (env: Env.Env, m: Model.Model<any, any, any, any>): Promise<string[]> => {
  const chunks: string[] = []
  const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) })
  await ok(env, Dynamo.dump(m, out, { segments: 2 }))
  return chunks.join('').split('\n').filter((l) => l !== '')
}

const lines = (ls: ReadonlyArray<string>) => (async function* () { yield* ls })()

/** A table of Doc with 30 items at the clock NOW: versions 1 to 3, one expired. */
const source = async () => {
  const f = await fixture('restore', { now: () => NOW })
  await ok(f.env, Dynamo.createTable(Doc))
  const saved = await ok(f.env, Dynamo.saveMany(Doc, Array.from({ length: 30 }, (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, title: `T${i}`, tags: [`t${i % 3}`] }))))
  assert.is(saved.failCount, 0)
  for (let i = 0; i < 10; i++) await ok(f.env, Dynamo.updateOne(Doc, `d${String(i).padStart(2, '0')}`, [U.set(Doc.attrs.title, `U${i}`)]))
  for (let i = 0; i < 5; i++) await ok(f.env, Dynamo.updateOne(Doc, `d${String(i).padStart(2, '0')}`, [U.set(Doc.attrs.title, `V${i}`)]))
  await ok(f.env, Dynamo.updateOne(Doc, 'd29', [U.set(Doc.attrs.expires, EXPIRED)]))
  return f
}

test('a dump of a versioned model with timestamps and ttl, loaded into an empty table a day later, gives identical items; loading it again changes nothing', async () => {
  const from = await source()
  const dumped = await dumpLines(from.env, Doc)
  assert.is(dumped.length, 30)
  const to = await fixture('restore', { now: () => LATER })
  await ok(to.env, Dynamo.createTable(Doc))
  const r = await ok(to.env, Dynamo.load(Doc, lines(dumped)))
  assert.equal(r, { written: 30, fail: [] })
  const a = await scanPlain(from.client, from.table(Doc), byKey)
  const b = await scanPlain(to.client, to.table(Doc), byKey)
  assert.equal(b, a)
  // as dumped: versions 3, 2 and 1, the timestamps of the source's clock, the expired item kept
  assert.equal(b.map((x) => x['version']), [...Array(5).fill(3), ...Array(5).fill(2), ...Array(19).fill(1), 2])
  assert.ok(b.every((x) => x['updated_at'] === ISO && x['created_at'] === ISO))
  assert.equal(b[29], { id: 'd29', title: 'T29', tags: ['t2'], version: 2, created_at: ISO, updated_at: ISO, expires: EXPIRED.getTime() / 1000 })
  // a load re-run (after a partial failure, say) writes the same items again
  const again = await ok(to.env, Dynamo.load(Doc, lines(dumped)))
  assert.equal(again, { written: 30, fail: [] })
  assert.equal(await scanPlain(to.client, to.table(Doc), byKey), a)
})

test('a load over a table holding newer versions: those lines fail with their line numbers and the stored item, not-written; the others are written as dumped', async () => {
  const from = await source()
  const id = (line: string) => (JSON.parse(line) as { Item: { id: { S: string } } }).Item.id.S
  const dumped = (await dumpLines(from.env, Doc)).sort((x, y) => (id(x) < id(y) ? -1 : 1))
  const to = await fixture('restore', { now: () => LATER })
  await ok(to.env, Dynamo.createTable(Doc))
  const raw = (item: Record<string, unknown>) => to.client.send(new PutItemCommand({ TableName: to.table(Doc), Item: marshall(item) }))
  // d00 dumped at version 3: stored at 4 (newer), d10 dumped at 1: stored at 2 (newer),
  // d05 dumped at 2: stored at 2 (the same version), d06 dumped at 2: stored at 1 (older),
  // d20: stored without a version, d21: stored at 9 but expired at the load's clock
  await raw({ id: 'd00', title: 'newer', version: 4, created_at: ISO, updated_at: ISO })
  await raw({ id: 'd10', title: 'newer', version: 2, created_at: ISO, updated_at: ISO })
  await raw({ id: 'd05', title: 'same', version: 2, created_at: ISO, updated_at: ISO })
  await raw({ id: 'd06', title: 'older', version: 1, created_at: ISO, updated_at: ISO })
  await raw({ id: 'd20', title: 'versionless' })
  await raw({ id: 'd21', title: 'expired', version: 9, created_at: ISO, updated_at: ISO, expires: EXPIRED.getTime() / 1000 })
  const r = await ok(to.env, Dynamo.load(Doc, lines(dumped)))
  assert.is(r.written, 28)
  assert.equal(r.fail.map((x) => [x.line, x.error._tag, x.outcome]), [[1, 'ConditionalCheckFailed', 'not-written'], [11, 'ConditionalCheckFailed', 'not-written']])
  const stored = r.fail.map((x) => (x.error._tag === 'ConditionalCheckFailed' ? x.error.item : undefined))
  assert.equal(stored, [marshall({ id: 'd00', title: 'newer', version: 4, created_at: ISO, updated_at: ISO }), marshall({ id: 'd10', title: 'newer', version: 2, created_at: ISO, updated_at: ISO })])
  const b = await scanPlain(to.client, to.table(Doc), byKey)
  const a = await scanPlain(from.client, from.table(Doc), byKey)
  assert.equal(b[0]?.['title'], 'newer')
  assert.equal(b[10]?.['title'], 'newer')
  // every other item is the dumped one
  assert.equal(b.filter((_, i) => i !== 0 && i !== 10), a.filter((_, i) => i !== 0 && i !== 10))
})

test('an entity of a shared table: its dump holds its own items only, loads into an empty table identically, and over the other entity leaves it as it is', async () => {
  const from = await fixture('restore-entity', { now: () => NOW })
  await ok(from.env, Dynamo.createTable([Ticket, Agent]))
  await ok(from.env, Dynamo.saveMany(Ticket, Array.from({ length: 12 }, (_, i) => ({ customerId: `c${i % 3}`, ticketId: `t${i}`, status: i % 2 === 0 ? 'open' : 'closed' }))))
  await ok(from.env, Dynamo.updateOne(Ticket, { customerId: 'c0', ticketId: 't0' }, [U.set(Ticket.attrs.status, 'waiting')]))
  await ok(from.env, Dynamo.saveMany(Agent, [{ agentId: 'a1', name: 'Ann' }, { agentId: 'a2', name: 'Bo' }]))
  const tickets = await dumpLines(from.env, Ticket)
  const agents = await dumpLines(from.env, Agent)
  assert.is(tickets.length, 12)
  assert.is(agents.length, 2)
  const source = await scanPlain(from.client, from.table(Ticket), byKey)
  const to = await fixture('restore-entity', { now: () => LATER })
  await ok(to.env, Dynamo.createTable([Ticket, Agent]))
  assert.equal(await ok(to.env, Dynamo.load(Ticket, lines(tickets))), { written: 12, fail: [] })
  assert.equal(await scanPlain(to.client, to.table(Ticket), byKey), source.filter((x) => x['_et'] === 'ticket'))
  // the other entity's lines are not Ticket's: each fails, nothing written
  const foreign = await ok(to.env, Dynamo.load(Ticket, lines(agents)))
  assert.equal([foreign.written, foreign.fail.map((x) => [x.line, x.error._tag, x.outcome])], [0, [[1, 'ValidationError', 'not-written'], [2, 'ValidationError', 'not-written']]])
  // the agents loaded, then the tickets again: the table is the source's, agents kept
  assert.equal(await ok(to.env, Dynamo.load(Agent, lines(agents))), { written: 2, fail: [] })
  assert.equal(await ok(to.env, Dynamo.load(Ticket, lines(tickets))), { written: 12, fail: [] })
  assert.equal(await scanPlain(to.client, to.table(Ticket), byKey), source)
})

/** An entity with a sparse index: `team` is optional, so an item without one has no gsi1pk. */
const Member = Model.make({
  table: 'crew',
  entity: 'member',
  codec: t.intersection([t.type({ memberId: t.string, name: t.string }), t.partial({ team: t.string })]),
  hashKey: Model.key('pk', 'MEMBER#{memberId}'),
  rangeKey: Model.key('sk', 'PROFILE'),
  indexes: { byTeam: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'TEAM#{team}'), rangeKey: Model.key('gsi1sk', '{memberId}') }) },
})

/** A dumped line with its item edited. */
const edit = (line: string, f: (item: Record<string, unknown>) => void): string => {
  const u = JSON.parse(line) as { Item: Record<string, unknown> }
  f(u.Item)
  return JSON.stringify(u)
}

test('an entity: a line whose composed keys disagree with its fields (a key edited, an index key for an absent field, another index key) fails with its line number, naming the attribute, and is not rewritten; a line without them has them computed', async () => {
  const from = await fixture('restore-keys')
  await ok(from.env, Dynamo.createTable(Member))
  await ok(from.env, Dynamo.saveMany(Member, [{ memberId: 'm1', name: 'Ann', team: 'red' }, { memberId: 'm2', name: 'Bo' }, { memberId: 'm3', name: 'Cy', team: 'blue' }]))
  const dumped = await dumpLines(from.env, Member)
  const by = (id: string): string => dumped.find((l) => l.includes(`"MEMBER#${id}"`)) as string
  const input = [
    by('m1'),
    edit(by('m2'), (i) => (i['pk'] = { S: 'MEMBER#m9' })),
    edit(by('m2'), (i) => ((i['gsi1pk'] = { S: 'TEAM#red' }), (i['gsi1sk'] = { S: 'm2' }))),
    edit(by('m3'), (i) => (i['gsi1pk'] = { S: 'TEAM#red' })),
    edit(by('m3'), (i) => (i['sk'] = { N: '1' })),
    edit(by('m3'), (i) => (delete i['pk'], delete i['sk'], delete i['gsi1pk'], delete i['gsi1sk'], delete i['_et'])),
  ]
  const to = await fixture('restore-keys')
  await ok(to.env, Dynamo.createTable(Member))
  const r = await ok(to.env, Dynamo.load(Member, lines(input)))
  assert.is(r.written, 2)
  assert.equal(
    r.fail.map((x) => [x.line, x.error._tag, x.outcome, x.error._tag === 'ValidationError' ? x.error.issues.map((i) => i.path) : []]),
    [
      [2, 'ValidationError', 'not-written', ['pk']],
      [3, 'ValidationError', 'not-written', ['gsi1pk']],
      [4, 'ValidationError', 'not-written', ['gsi1pk']],
      [5, 'ValidationError', 'not-written', ['sk']],
    ],
  )
  assert.match(DE.show((r.fail[0] as Data.LoadFailure).error), 'pk: the line holds {"S":"MEMBER#m9"}, its fields give {"S":"MEMBER#m2"}: an attribute computed by dynamongo on every write must be what the fields give (leave it out to have it computed)')
  assert.match(DE.show((r.fail[1] as Data.LoadFailure).error), 'its fields give none')
  // only m1 as dumped and m3 with its keys computed: nothing rewritten under another key or index key
  const source = await scanPlain(from.client, from.table(Member), byKey)
  assert.equal(await scanPlain(to.client, to.table(Member), byKey), source.filter((x) => x['memberId'] !== 'm2'))
  // a versioned entity (one conditional PutItem a line) refuses it too
  const tickets = await fixture('restore-keys', { now: () => NOW })
  await ok(tickets.env, Dynamo.createTable(Ticket))
  await ok(tickets.env, Dynamo.saveMany(Ticket, [{ customerId: 'c1', ticketId: 't1', status: 'open' }]))
  const ticket = (await dumpLines(tickets.env, Ticket))[0] as string
  const moved = await ok(tickets.env, Dynamo.load(Ticket, lines([edit(ticket, (i) => (i['sk'] = { S: 'TICKET#t2' }))])))
  assert.equal([moved.written, moved.fail.map((x) => [x.line, x.error._tag, x.outcome])], [0, [[1, 'ValidationError', 'not-written']]])
  assert.equal((await scanAll(tickets.client, tickets.table(Ticket))).map((x) => x['sk']?.S), ['TICKET#t1'])
})

/**
 * A plain model without time to live: DynamoDB Local runs a deletion job for each table with
 * time to live on a pool of 10 threads that also builds new global indexes; a few more such
 * tables in one DynamoDB Local and no index added by UpdateTable is ever built (TableSync.spec).
 */
const Note = Model.make({ table: 'restore-proto', hashKey: 'id', codec: t.type({ id: t.string, title: t.string }) })

test('a top-level attribute named __proto__ (DynamoDB stores it; the SDK gives a Scan\'s back without its value): load writes it, through a model and a raw table alike, no prototype set; dump writes it with its value, read from DynamoDB\'s answer; the dump loaded into another table dumps as the same lines', async () => {
  const f = await fixture('restore-proto')
  await ok(f.env, Dynamo.createTable(Note))
  const good = '{"Item":{"id":{"S":"p1"},"title":{"S":"kept"},"m":{"M":{"__proto__":{"S":"nested is data"}}}}}'
  const proto = '{"Item":{"id":{"S":"p2"},"title":{"S":"t"},"__proto__":{"M":{"b":{"B":"AP8="},"l":{"L":[{"N":"1.50"},{"SS":["x"]}]}}}}}'
  const r = await ok(f.env, Dynamo.load(Note, lines([good, proto])))
  assert.equal([r.written, r.fail.map((x) => [x.line, DE.show(x.error)])], [2, []])
  // a raw table (the command line's target)
  const info = await ok(f.env, describeByName(f.table(Note)))
  assert.ok(O.isSome(info))
  const target = Data.rawTarget((info as O.Some<Parameters<typeof Data.rawTarget>[0]>).value)
  const raw = await ok(f.env, Data.loadTarget(target, lines([proto.replace('"p2"', '"p3"')])))
  assert.equal([raw.written, raw.fail.length], [1, 0])
  // the oracle: stored, and a Scan through the SDK names the attribute without its value
  const stored = (await scanAll(f.client, f.table(Note))).sort((a, b) => String(a['id']?.S).localeCompare(String(b['id']?.S)))
  assert.equal(stored.map((x) => [x['id']?.S, Object.getPrototypeOf(x) === Object.prototype, Object.keys(x).includes('__proto__')]), [['p1', true, false], ['p2', true, true], ['p3', true, true]])
  assert.is(Object.getOwnPropertyDescriptor(stored[1], '__proto__')?.value, undefined, 'the SDK loses its value')
  // a dump writes every item with its value, through the model and the raw table
  // the same items, whatever the order of lines and of attributes (DynamoDB's)
  const items = (ls: ReadonlyArray<string>) => ls.map((l) => (Line.parse(l) as E.Right<Line.AttributeMap>).right)
  const same = (ls: ReadonlyArray<string>, expected: ReadonlyArray<string>): boolean =>
    ls.length === expected.length && items(expected).every((x) => items(ls).some((y) => mapsEqual(x, y)))
  const expected = [good, proto, proto.replace('"p2"', '"p3"')]
  const dumped = await dumpLines(f.env, Note)
  assert.ok(same(dumped, expected), dumped.join('\n'))
  assert.ok(dumped.every((l) => !l.includes('"__proto__"') || l.includes('"__proto__":{"M":{') || l.includes('nested is data')))
  const chunks: string[] = []
  await ok(f.env, Data.dumpTarget(target, new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) })))
  assert.ok(same(chunks.join('').split('\n').filter((l) => l !== ''), expected), chunks.join(''))
  // and that dump loads into another table, which dumps as the same lines
  const g = await fixture('restore-proto-into')
  await ok(g.env, Dynamo.createTable(Note))
  assert.equal(await ok(g.env, Dynamo.load(Note, lines(dumped))), { written: 3, fail: [] })
  assert.ok(same(await dumpLines(g.env, Note), expected))
})

test("dump writes every item as stored, one that fails the model's codec too (it reads none through it: a dump is a backup, stopped by no item it can write as stored); a load of that dump fails that line with its number, ValidationError naming the field, and loads the others", async () => {
  const f = await fixture('dump-undecodable')
  await ok(f.env, Dynamo.createTable(Note))
  await ok(f.env, Dynamo.saveMany(Note, [{ id: 'n1', title: 'one' }, { id: 'n3', title: 'three' }]))
  // written by another client: a title that is a number, and an item without a title
  await f.client.send(new PutItemCommand({ TableName: f.table(Note), Item: { id: { S: 'n2' }, title: { N: '2' } } }))
  await f.client.send(new PutItemCommand({ TableName: f.table(Note), Item: { id: { S: 'n4' } } }))
  const dumped = await dumpLines(f.env, Note)
  assert.is(dumped.length, 4)
  const byId = Object.fromEntries(dumped.map((l) => [JSON.parse(l).Item.id.S as string, l]))
  assert.equal(JSON.parse(byId['n2'] as string), { Item: { id: { S: 'n2' }, title: { N: '2' } } })
  assert.equal(JSON.parse(byId['n4'] as string), { Item: { id: { S: 'n4' } } })
  const order = ['n1', 'n2', 'n3', 'n4']
  const g = await fixture('dump-undecodable-into')
  await ok(g.env, Dynamo.createTable(Note))
  const r = await ok(g.env, Dynamo.load(Note, lines(order.map((id) => byId[id] as string))))
  assert.is(r.written, 2)
  assert.equal(r.fail.map((x) => [x.line, x.error._tag, x.outcome]), [[2, 'ValidationError', 'not-written'], [4, 'ValidationError', 'not-written']])
  assert.match(DE.show((r.fail[0] as Data.LoadFailure).error), 'title')
  assert.match(DE.show((r.fail[1] as Data.LoadFailure).error), 'title')
  assert.equal((await scanAll(g.client, g.table(Note))).map((x) => x['id']?.S).sort(), ['n1', 'n3'])
})

test('load takes an iterable of lines (an array, a Set) as it takes an async one; an input that is neither a stream nor an iterable of lines (null, a number, a string, a plain object), and a dump output that is no writable stream, are a ValidationError naming it, nothing written', async () => {
  const f = await fixture('restore-input')
  await ok(f.env, Dynamo.createTable(Note))
  const line = (id: string) => `{"Item":{"id":{"S":"${id}"},"title":{"S":"t"}}}`
  assert.equal(await ok(f.env, Dynamo.load(Note, [line('a1'), line('a2')])), { written: 2, fail: [] })
  assert.equal(await ok(f.env, Dynamo.load(Note, new Set([line('a3')]))), { written: 1, fail: [] })
  assert.equal(await ok(f.env, Dynamo.load(Note, [line('a4')], { signal: new AbortController().signal })), { written: 1, fail: [] })
  for (const input of [null, undefined, 5, line('b1'), { lines: [line('b2')] }]) {
    const r = await Dynamo.load(Note, input as never)(f.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${String(input)}: ${JSON.stringify(r)}`)
    assert.equal((r as E.Left<DE.ValidationError>).left.issues.map((i) => i.path), ['input'], DE.show((r as E.Left<DE.DynamoError>).left))
  }
  for (const out of [null, {}, 'users.jsonl']) {
    const r = await Dynamo.dump(Note, out as never)(f.env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${String(out)}: ${JSON.stringify(r)}`)
    assert.equal((r as E.Left<DE.ValidationError>).left.issues.map((i) => i.path), ['out'], DE.show((r as E.Left<DE.DynamoError>).left))
  }
  assert.equal((await scanPlain(f.client, f.table(Note), byKey)).map((x) => x['id']), ['a1', 'a2', 'a3', 'a4'])
})

test.run()
