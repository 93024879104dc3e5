/**
 * Issue 16, points 4-5 (pure): the requests of a versioned, timestamped model. Golden
 * inputs of the put of a create (version 1, `attribute_not_exists`), of a save of version n
 * (stored n + 1, `version = n`), of an update (`version = if_not_exists(version, 0) + 1`,
 * `updated_at = now`, `created_at = if_not_exists(created_at, now)`), of a version in an
 * update's or delete's object strategy (a check, never written), and of transaction entries
 * (each its single request); refusals before any request; models without the feature build
 * exactly what they built before.
 */
import type * as A from '../../../lib/ast/Attr.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Command from '../../../lib/compile/Command.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as M from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as U from '../../../lib/ast/Update.js'
import { Doc, NOW, Note, Plain, Ticket } from '../../harness/lifecycle.js'
import { right, left } from '../../harness/either.js'

type AnyModel = M.Model<any, any, any, any>

/** What saveOne sends: the item stamped, encoded, then its PutItem. */
const put = (m: AnyModel, item: unknown, overwrite?: Command.Overwrite) =>
  E.flatMap(Command.stamp(m, item, NOW), (s) => E.flatMap(M.encode(m, s), (e) => Command.putItem(m, 'docs', e.stored, overwrite, NOW)))

const ISO = NOW.toISOString()

test('put of a versionless item: created with version 1 and both timestamps, only where no item has the key', () => {
  assert.equal(right(put(Doc, { id: 'a', title: 'T' })), {
    TableName: 'docs',
    Item: { id: { S: 'a' }, title: { S: 'T' }, version: { N: '1' }, updated_at: { S: ISO }, created_at: { S: ISO }, tags: { L: [] } },
    ConditionExpression: 'attribute_not_exists(#n0)',
    ExpressionAttributeNames: { '#n0': 'id' },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
})

test('the puts of two creates share no map: a change to one input leaves the next the same', () => {
  const first = right(put(Doc, { id: 'a', title: 'T' }))
  ;(first.ExpressionAttributeNames as Record<string, string>)['#n0'] = 'changed'
  const second = right(put(Doc, { id: 'b', title: 'T' }))
  assert.equal(second.ConditionExpression, 'attribute_not_exists(#n0)')
  assert.equal(second.ExpressionAttributeNames, { '#n0': 'id' })
})

test('put of version 3: stored as 4, only over version 3 (a deleted item fails it); a createdAt carried is kept', () => {
  assert.equal(right(put(Doc, { id: 'a', title: 'T', version: 3, created_at: new Date(0), updated_at: new Date(1) })), {
    TableName: 'docs',
    Item: { id: { S: 'a' }, title: { S: 'T' }, version: { N: '4' }, created_at: { S: '1970-01-01T00:00:00.000Z' }, updated_at: { S: ISO }, tags: { L: [] } },
    ConditionExpression: '#n0 = :v0',
    ExpressionAttributeNames: { '#n0': 'version' },
    ExpressionAttributeValues: { ':v0': { N: '3' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
})

test('a versioned model takes no overwrite, and a version is a whole number from 1', () => {
  for (const o of [true, false, C.eq(Doc.attrs.title, 'x')]) {
    const e = left(put(Doc, { id: 'a', title: 'T' }, o))
    assert.is(e._tag, 'ValidationError')
    assert.match(DE.show(e), 'no overwrite')
  }
  assert.is(left(Command.batchable(Doc, false))._tag, 'ValidationError')
  assert.equal(Command.batchable(Doc, undefined), E.right(false))
  for (const v of [0, -1, 1.5, '2', Number.MAX_SAFE_INTEGER]) {
    const e = left(put(Doc, { id: 'a', title: 'T', version: v }))
    assert.is(e._tag, 'ValidationError', String(v))
    assert.match(DE.show(e), 'version')
  }
})

test('timestamps only: stamped, no condition, saveMany batches them; overwrite: false puts only where no item is', () => {
  assert.equal(right(put(Note, { id: 'n', text: 'x' })), {
    TableName: 'docs',
    Item: { id: { S: 'n' }, text: { S: 'x' }, updated: { S: ISO }, created: { S: ISO } },
  })
  assert.equal(Command.batchable(Note, undefined), E.right(true))
  assert.equal(right(put(Note, { id: 'n', text: 'x', created: new Date(0) }, false)).ConditionExpression, 'attribute_not_exists(#n0)')
})

test('update: the version incremented from 0 when missing, updatedAt now, createdAt only if missing; a version in the object strategy is a check', () => {
  const s = right(S.parseWrite(Doc, { id: 'a', version: 3, title: 'ignored' }))
  assert.equal(right(Command.updateItem(Doc, 'docs', s, [U.set(Doc.attrs.title, 'B')], NOW)), {
    TableName: 'docs',
    Key: { id: { S: 'a' } },
    ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0',
    UpdateExpression: 'SET #n2 = :v1, #n1 = if_not_exists(#n1, :v2) + :v3, #n3 = :v4, #n4 = if_not_exists(#n4, :v5)',
    ExpressionAttributeNames: { '#n0': 'id', '#n1': 'version', '#n2': 'title', '#n3': 'updated_at', '#n4': 'created_at' },
    ExpressionAttributeValues: { ':v0': { N: '3' }, ':v1': { S: 'B' }, ':v2': { N: '0' }, ':v3': { N: '1' }, ':v4': { S: ISO }, ':v5': { S: ISO } },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  // without a version in the strategy: the increment all the same, only where it leaves a
  // version a JS number holds exactly (an item loaded or written raw may hold the largest)
  const plain = right(Command.updateItem(Doc, 'docs', right(S.parseWrite(Doc, 'a')), [U.set(Doc.attrs.title, 'B')], NOW))
  assert.is(plain.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 >= :v0')
  assert.equal(plain.ExpressionAttributeValues?.[':v0'], { N: String(Number.MAX_SAFE_INTEGER) })
  assert.is(plain.UpdateExpression, 'SET #n2 = :v1, #n1 = if_not_exists(#n1, :v2) + :v3, #n3 = :v4, #n4 = if_not_exists(#n4, :v5)')
})

test("an update's own action on a timestamp replaces that rule; one on the version is an ExpressionError", () => {
  const s = right(S.parseWrite(Doc, 'a'))
  const x = right(Command.updateItem(Doc, 'docs', s, [U.set(Doc.attrs.updated_at, new Date(0))], NOW))
  assert.is(x.UpdateExpression, 'SET #n2 = :v1, #n1 = if_not_exists(#n1, :v2) + :v3, #n3 = if_not_exists(#n3, :v4)')
  assert.equal(x.ExpressionAttributeValues?.[':v1'], { S: '1970-01-01T00:00:00.000Z' })
  for (const u of [U.increment(Doc.attrs.version as A.Attr<number>, 1), U.set(Doc.attrs.version as A.Attr<number>, 9), U.setIfNotExists(Doc.attrs.version as A.Attr<number>, 1)]) {
    const e = left(Command.updateItem(Doc, 'docs', s, [u], NOW))
    assert.is(e._tag, 'ExpressionError')
    assert.match(DE.show(e), 'strategy')
  }
})

test("delete: a version in the object strategy is the delete's check (no item: nothing deleted, no failure)", () => {
  assert.equal(right(Command.deleteItem(Doc, 'docs', right(S.parseWrite(Doc, { id: 'a', version: 3 })), NOW)), {
    TableName: 'docs',
    Key: { id: { S: 'a' } },
    ReturnValues: 'ALL_OLD',
    ConditionExpression: 'attribute_not_exists(#n0) OR #n1 = :v0',
    ExpressionAttributeNames: { '#n0': 'id', '#n1': 'version' },
    ExpressionAttributeValues: { ':v0': { N: '3' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  // a read's strategy, and a model without a version, ignore the other fields
  assert.equal(right(S.parse(Doc, { id: 'a', version: 3 })), { _tag: 'Key', key: { id: { S: 'a' } }, values: { id: 'a' } })
  assert.equal(right(S.parseWrite(Plain, { id: 'a', n: 3 })), { _tag: 'Key', key: { id: { S: 'a' } }, values: { id: 'a' } })
  // a key condition's version is its own check, as written
  const kc = right(S.parseWrite(Doc, C.and(C.eq(Doc.attrs.id, 'a'), C.eq(Doc.attrs.version, 2))))
  assert.is(kc._tag, 'KeyWithCheck')
  // a version that is none is refused
  for (const v of ['x', 0, 1.5]) assert.is(left(S.parseWrite(Doc, { id: 'a', version: v }))._tag, 'ValidationError')
})

test("check: a version in the object strategy is the check's condition, as in an update's or a delete's (a stale version cancels the transaction)", () => {
  const x = right(T.toWriteInput([T.check(Doc, { id: 'a', version: 3 }), T.put(Doc, { id: 'b', title: 'B' })], () => 'docs', 'tok', NOW))
  assert.equal(x.TransactItems?.[0], {
    ConditionCheck: {
      TableName: 'docs',
      Key: { id: { S: 'a' } },
      ConditionExpression: '#n0 = :v0',
      ExpressionAttributeNames: { '#n0': 'version' },
      ExpressionAttributeValues: { ':v0': { N: '3' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  })
  // a version that is none is refused, naming the entry
  assert.match(DE.show(left(T.toWriteInput([T.check(Doc, { id: 'a', version: 0 })], () => 'docs', 'tok', NOW))), 'entry 0')
})

test('transaction entries are their single requests (ReturnValues dropped), stamped with the same clock', () => {
  const x = right(
    T.toWriteInput(
      [T.put(Doc, { id: 'a', title: 'T', version: 2, created_at: new Date(0) }), T.update(Doc, { id: 'b', version: 5 }, [U.set(Doc.attrs.title, 'B')]), T.delete(Doc, { id: 'c', version: 1 })],
      () => 'docs',
      'tok',
      NOW,
    ),
  )
  const single = right(put(Doc, { id: 'a', title: 'T', version: 2, created_at: new Date(0) }))
  assert.equal(x.TransactItems?.[0], { Put: single })
  const { ReturnValues: _r, ...upd } = right(Command.updateItem(Doc, 'docs', right(S.parseWrite(Doc, { id: 'b', version: 5 })), [U.set(Doc.attrs.title, 'B')], NOW))
  assert.equal(x.TransactItems?.[1], { Update: upd })
  const { ReturnValues: _d, ...del } = right(Command.deleteItem(Doc, 'docs', right(S.parseWrite(Doc, { id: 'c', version: 1 })), NOW))
  assert.equal(x.TransactItems?.[2], { Delete: del })
  // a versioned put with overwrite is refused, naming the entry
  const e = left(T.toWriteInput([T.check(Plain, 'p'), T.put(Doc, { id: 'a', title: 'T' }, { overwrite: false } as never)], () => 'docs', 'tok', NOW))
  assert.match(DE.show(e), 'entry 1')
})

/** A versioned model with ttl. */
const Lease = M.make({
  table: 'leases',
  hashKey: 'id',
  codec: t.intersection([t.type({ id: t.string }), t.partial({ version: Field.int({ min: 1 }), expires: Field.epochSeconds })]),
  version: 'version',
  ttl: 'expires',
})

test('a versioned model with ttl: an expired item is absent to its saves (a create may replace it, a save of version n may not)', () => {
  const create = right(put(Lease, { id: 'a' }))
  assert.is(create.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 <= :v0')
  assert.equal(create.ExpressionAttributeValues, { ':v0': { N: String(NOW.getTime() / 1000) } })
  const save = right(put(Lease, { id: 'a', version: 2 }))
  assert.is(save.ConditionExpression, '#n0 = :v0 AND NOT #n1 <= :v1')
  assert.equal(save.ExpressionAttributeNames, { '#n0': 'version', '#n1': 'expires' })
})

test("load's restore of a versioned item: the item as it is (no stamp), over no item, an expired one, one without a version or a version at most the line's", () => {
  const item = { id: { S: 'a' }, title: { S: 'T' }, version: { N: '3' }, created_at: { S: '2020-01-01T00:00:00.000Z' }, updated_at: { S: '2020-01-02T00:00:00.000Z' } }
  assert.equal(right(Command.restoreItem(Doc, 'docs', item, NOW)), {
    TableName: 'docs',
    Item: item,
    ConditionExpression: 'attribute_not_exists(#n0) OR attribute_not_exists(#n1) OR #n1 <= :v0',
    ExpressionAttributeNames: { '#n0': 'id', '#n1': 'version' },
    ExpressionAttributeValues: { ':v0': { N: '3' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  // with ttl, an expired item is none; a line without a version replaces only an item without one
  const lease = right(Command.restoreItem(Lease, 'leases', { id: { S: 'a' } }, NOW))
  assert.is(lease.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 <= :v0 OR attribute_not_exists(#n2)')
  assert.equal(lease.ExpressionAttributeNames, { '#n0': 'id', '#n1': 'expires', '#n2': 'version' })
  // a model without a version: the item as it is, no condition
  assert.equal(right(Command.restoreItem(Note, 'notes', { id: { S: 'n' } }, NOW)), { TableName: 'notes', Item: { id: { S: 'n' } } })
})

test('stamp copies the item as a spread does: its keys in order, then the new ones; an own __proto__ key stays an own property; symbol keys kept; the input untouched', () => {
  const tag = Symbol('tag')
  const item = { id: 'a', title: 'T', [tag]: 'kept' }
  const out = right(Command.stamp(Doc as AnyModel, item, NOW)) as Record<string | symbol, unknown>
  assert.equal(Object.keys(out), ['id', 'title', 'version', 'updated_at', 'created_at'])
  assert.is(out[tag], 'kept')
  assert.is(Object.getPrototypeOf(out), Object.prototype)
  assert.equal(Object.keys(item), ['id', 'title'])
  // a carried version and createdAt keep their places
  const again = right(Command.stamp(Doc as AnyModel, { created_at: new Date(0), id: 'a', version: 2, title: 'T' }, NOW)) as Record<string, unknown>
  assert.equal(Object.keys(again), ['created_at', 'id', 'version', 'title', 'updated_at'])
  assert.is(again.version, 3)
  const proto = JSON.parse('{"id":"a","title":"T","__proto__":{"polluted":true}}') as Record<string, unknown>
  const copied = right(Command.stamp(Doc as AnyModel, proto, NOW)) as Record<string, unknown>
  assert.is(Object.getPrototypeOf(copied), Object.prototype)
  assert.ok(Object.prototype.hasOwnProperty.call(copied, '__proto__'))
  assert.is((copied as { polluted?: unknown }).polluted, undefined)
  assert.equal(Object.keys(copied), ['id', 'title', '__proto__', 'version', 'updated_at', 'created_at'])
})

test('models without version or timestamps: stamp and updatesOf give back what they were given', () => {
  const item = { id: 'a', text: 'x', n: 1 }
  assert.is(right(Command.stamp(Plain, item, NOW)), item)
  const us = [U.set(Plain.attrs.text, 'y')]
  assert.is(right(Command.updatesOf(Plain, us, NOW)), us)
  assert.equal(Command.batchable(Plain, undefined), E.right(true))
  assert.equal(Command.batchable(Plain, false), E.right(false))
})

test('Model.make refuses a version or timestamps it cannot keep (SchemaError at definition)', () => {
  const codec = t.type({ id: t.string, n: Field.int(), f: t.number, s: t.string, d: Field.dateTime, e: Field.dateTime })
  const make = (o: object) => () => M.make({ table: 'lifecycle', hashKey: 'id', codec, ...o } as never)
  const refused = (o: object, why: string) => {
    try {
      make(o)()
      assert.unreachable(`accepted ${JSON.stringify(o)}`)
    } catch (e) {
      assert.instance(e, DE.SchemaException)
      assert.match((e as Error).message, why)
    }
  }
  refused({ version: 'nope' }, 'not a field')
  refused({ version: 'id' }, 'key')
  refused({ version: 's' }, 'integer')
  refused({ version: 'f' }, 'integer')
  refused({ timestamps: { createdAt: 's', updatedAt: 'd' } }, 'Date')
  refused({ timestamps: { createdAt: 'd', updatedAt: 'd' } }, 'different')
  refused({ version: 'n', timestamps: { createdAt: 'd' } }, 'not a field')
  const ok = make({ version: 'n', timestamps: { createdAt: 'd', updatedAt: 'e' } })()
  assert.is(ok.version, 'n')
  assert.equal(ok.timestamps, { createdAt: 'd', updatedAt: 'e' })
  assert.not.ok('version' in M.make({ table: 'lifecycle', hashKey: 'id', codec }))
  // a field of a key template (the table's or an index's) is a key too
  const composed = (o: object) => () => M.make({ table: 'lifecycle', entity: 'e', hashKey: M.key('pk', 'E#{id}'), codec, indexes: { byS: M.globalIndex({ hashKey: M.key('g', 'S#{n}#{d}') }) }, ...o } as never)
  for (const o of [{ version: 'n' }, { timestamps: { createdAt: 'd', updatedAt: 'e' } }]) {
    try {
      composed(o)()
      assert.unreachable(`accepted ${JSON.stringify(o)}`)
    } catch (e) {
      assert.instance(e, DE.SchemaException)
      assert.match((e as Error).message, 'a field of a key template')
    }
  }
  assert.is(M.make({ table: 'lifecycle', entity: 'e', hashKey: M.key('pk', 'E#{id}'), codec, version: 'n', timestamps: { createdAt: 'd', updatedAt: 'e' } }).version, 'n')
})

test("Model.make refuses a ttl that is a timestamp: each write would set the item's time to live to now, and the item would expire as it is written", () => {
  const codec = t.type({ id: t.string, at: Field.epochSeconds, d: Field.dateTime, expiresAt: Field.epochSeconds })
  for (const timestamps of [{ createdAt: 'at', updatedAt: 'd' }, { createdAt: 'd', updatedAt: 'at' }]) {
    try {
      M.make({ table: 'lifecycle', hashKey: 'id', codec, ttl: 'at', timestamps } as never)
      assert.unreachable(`accepted ttl 'at' with timestamps ${JSON.stringify(timestamps)}`)
    } catch (e) {
      assert.instance(e, DE.SchemaException)
      assert.match((e as Error).message, /the ttl "at" cannot be a timestamp/)
    }
  }
  // a timestamp stored as seconds beside a ttl of its own is taken
  const ok = M.make({ table: 'lifecycle', hashKey: 'id', codec, ttl: 'expiresAt', timestamps: { createdAt: 'at', updatedAt: 'd' } })
  assert.is(ok.ttl, 'expiresAt')
})

test("Model.make refuses a default for the version or a timestamp: the model sets them itself before defaults apply, so no save ever took it", () => {
  const codec = t.type({ id: t.string, v: Field.int({ min: 1 }), c: Field.dateTime, u: Field.dateTime, n: t.number })
  for (const [field, value] of [['v', () => 5], ['c', () => new Date(0)], ['u', new Date(0)]] as const) {
    try {
      M.make({ table: 'lifecycle', hashKey: 'id', codec, version: 'v', timestamps: { createdAt: 'c', updatedAt: 'u' }, defaults: { [field]: value } } as never)
      assert.unreachable(`accepted a default for ${field}`)
    } catch (e) {
      assert.instance(e, DE.SchemaException)
      // the writes set these fields themselves; Model.encode, which stamps nothing, does take a default
      assert.match((e as Error).message, new RegExp(`a default for "${field}", which the writes set themselves \\(.*\\): no write would use it$`))
    }
  }
  // a default for another field is taken
  const ok = M.make({ table: 'lifecycle', hashKey: 'id', codec, version: 'v', timestamps: { createdAt: 'c', updatedAt: 'u' }, defaults: { n: () => 0 } })
  assert.ok('n' in ok.defaults)
})

test('a version field with a bound (Field.int({ max })): taken, and no write stores a version past it (an update of 3 would store 4, which no read decodes)', () => {
  // integer fields of every common width are versions, their bound the last one
  for (const [v, ceiling] of [
    [Field.int({ min: 1, max: 3 }), 3],
    [Field.int({ min: 0, max: 2 ** 31 - 1 }), 2 ** 31 - 1],
    [Field.int({ max: 2 ** 32 - 1 }), 2 ** 32 - 1],
    [Field.int(), Number.MAX_SAFE_INTEGER],
    [Field.int({ min: 1 }), Number.MAX_SAFE_INTEGER],
  ] as const) {
    const required = M.make({ table: 'lifecycle', hashKey: 'id', codec: t.type({ id: t.string, v }), version: 'v' })
    const optional = M.make({ table: 'lifecycle', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ v })]), version: 'v' })
    for (const m of [required, optional] as ReadonlyArray<AnyModel>) {
      assert.is(m.version, 'v')
      // an update without a version of the strategy: stored only where the next version fits
      const plain = right(Command.updateItem(m, 'docs', right(S.parseWrite(m, 'a')), [], NOW))
      assert.is(plain.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 >= :v0', v.name)
      assert.equal(plain.ExpressionAttributeValues?.[':v0'], { N: String(ceiling) }, v.name)
    }
  }
  // one that does not hold 1, the first version, is no version
  try {
    M.make({ table: 'lifecycle', hashKey: 'id', codec: t.type({ id: t.string, v: Field.int({ min: 2 }) }), version: 'v' })
    assert.unreachable('accepted min 2')
  } catch (e) {
    assert.instance(e, DE.SchemaException)
    assert.match((e as Error).message, 'the version "v" must hold 1, the version a create stores')
  }
  // nor one with holes below its bound: every version from 1 to it is one an item may reach
  const odd = t.refinement(Field.int(), (n) => n % 2 === 1, 'Odd')
  for (const [v, reason] of [
    [odd, 'must hold every whole number from 1 to its bound'],
    [Field.int({ min: 1, max: 1 }), 'must hold every whole number from 1 to its bound'],
    [Field.int({ max: 0 }), 'must hold 1, the version a create stores'],
  ] as const) {
    try {
      M.make({ table: 'lifecycle', hashKey: 'id', codec: t.type({ id: t.string, v: v as A.Codec }), version: 'v' })
      assert.unreachable(`accepted ${v.name}`)
    } catch (e) {
      assert.instance(e, DE.SchemaException, v.name)
      assert.match((e as Error).message, reason, v.name)
    }
  }
  const Small = M.make({ table: 'lifecycle', hashKey: 'id', codec: t.type({ id: t.string, v: Field.int({ min: 1, max: 3 }) }), version: 'v' })
  // at the bound: a save, an update's or a transaction's checked version are refused before any request, saying why
  for (const e of [
    left(Command.stamp(Small, { id: 'a', v: 3 }, NOW)),
    left(S.parseWrite(Small, { id: 'a', v: 3 })),
    left(T.toWriteInput([T.update(Small, { id: 'a', v: 3 }, [])], () => 'docs', 'tok', NOW)),
    left(T.toWriteInput([T.put(Small, { id: 'a', v: 3 })], () => 'docs', 'tok', NOW)),
  ]) {
    assert.is(e._tag, 'ValidationError')
    assert.match(DE.show(e), `the version 3 has no next one the version field "v" holds: it reached the field's bound (a write stores version + 1, and the field holds at most 3)`)
  }
  // a delete or a check of an item at its bound writes no version: checked as `v = 3`
  const [del, check] = right(T.toWriteInput([T.delete(Small, { id: 'a', v: 3 }), T.check(Small, { id: 'b', v: 3 })], () => 'docs', 'tok', NOW)).TransactItems ?? []
  assert.is(del?.Delete?.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 = :v0')
  assert.equal(del?.Delete?.ExpressionAttributeNames, { '#n0': 'id', '#n1': 'v' })
  assert.equal(del?.Delete?.ExpressionAttributeValues, { ':v0': { N: '3' } })
  assert.is(check?.ConditionCheck?.ConditionExpression, '#n0 = :v0')
  assert.equal(check?.ConditionCheck?.ExpressionAttributeNames, { '#n0': 'v' })
  assert.equal(check?.ConditionCheck?.ExpressionAttributeValues, { ':v0': { N: '3' } })
  assert.equal(right(Command.deleteItem(Small, 'docs', right(S.parseWrite(Small, { id: 'a', v: 3 }, 'delete')), NOW)).ExpressionAttributeValues, { ':v0': { N: '3' } })
  // past it: no item holds it
  assert.match(DE.show(left(T.toWriteInput([T.delete(Small, { id: 'a', v: 4 })], () => 'docs', 'tok', NOW))), 'a version of "v" is a whole number from 1 to 3')
  // below it: the next one, 3
  assert.equal(right(Command.stamp(Small, { id: 'a', v: 2 }, NOW)), { id: 'a', v: 3 })
})

test('an entity model with composed keys: its update is checked, its index keys recomputed, then versioned and stamped', () => {
  const s = right(S.parseWrite(Ticket, { customerId: 'c1', ticketId: 't1', version: 2 }))
  const x = right(Command.updateItem(Ticket, 'desk', s, [U.set(Ticket.attrs.status, 'closed')], NOW))
  assert.equal(x.Key, { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'TICKET#t1' } })
  // the entity's own item only (EntityWrites), at the version read
  assert.is(x.ConditionExpression, 'attribute_exists(#n0) AND #n1 = :v0 AND #n2 = :v1')
  assert.is(x.UpdateExpression, 'SET #n3 = :v2, #n4 = :v3, #n2 = if_not_exists(#n2, :v4) + :v5, #n5 = :v6, #n6 = if_not_exists(#n6, :v7)')
  assert.equal(x.ExpressionAttributeNames, { '#n0': 'pk', '#n1': '_et', '#n2': 'version', '#n3': 'status', '#n4': 'gsi1pk', '#n5': 'updated_at', '#n6': 'created_at' })
  assert.equal(x.ExpressionAttributeValues, {
    ':v0': { S: 'ticket' },
    ':v1': { N: '2' },
    ':v2': { S: 'closed' },
    ':v3': { S: 'STATUS#closed' },
    ':v4': { N: '0' },
    ':v5': { N: '1' },
    ':v6': { S: ISO },
    ':v7': { S: ISO },
  })
  // updateParts (Evaluate.updateOne's) means the same update
  assert.equal(right(Command.updateParts(Ticket, s, [U.set(Ticket.attrs.status, 'closed')], NOW)).update.map((u) => u.path.elements[0]), ['status', 'gsi1pk', 'version', 'updated_at', 'created_at'])
  // a field of the table's key still cannot change, with or without a version
  assert.is(left(Command.updateParts(Ticket, s, [U.set(Ticket.attrs.ticketId as A.Attr<string>, 't2')], NOW))._tag, 'ExpressionError')
})

test.run()
