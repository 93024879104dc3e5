/**
 * When a read leaves expired items out (and so reads the clock) is one rule
 * (`lifecycle.leavesExpiredOut`, read by `clock.expiryTime`): some model of the read has a
 * `ttl`, and the read does not say `includeExpired: true`. Every read that may leave an item out
 * as expired (`getOne` with and without options, `getMany`, `count`, `page`, `transactGet`,
 * `collection`) reads the clock exactly when the rule says so: with a clock that throws, it is the
 * ConfigError naming `now` then, and succeeds otherwise. `explain` and `deleteMany` plan the ttl's
 * test by it: a Query a keys-only index could serve goes through the table where the ttl is tested.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import { leavesExpiredOut } from '../../../lib/model/lifecycle.js'
import * as Clock from '../../../lib/run/clock.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { counting } from '../../harness/counting.js'
import { sessionCodec, UserSession } from '../../harness/ttl.js'

const codec = t.intersection([t.type({ id: t.string, sid: t.string }), t.partial({ expiresAt: Field.epochSeconds })])
const hashKey = Model.key('pk', 'USER#{id}')
const Expiring = Model.make({ table: 'shop', entity: 'expiring', ttl: 'expiresAt', codec, hashKey, rangeKey: Model.key('sk', 'EXP#{sid}') })
const Lasting = Model.make({ table: 'shop', entity: 'lasting', codec, hashKey, rangeKey: Model.key('sk', 'LAST#{sid}') })
/** A model without ttl read with each of the two above (in a transaction, in a collection). */
const Note = Model.make({ table: 'shop', entity: 'note', codec, hashKey, rangeKey: Model.key('sk', 'NOTE#{sid}') })

/** A client that answers every read with no item, and counts the clock's reads. */
const standIn = () => {
  let reads = 0
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    if (name === 'QueryCommand' || name === 'ScanCommand') return { $metadata: {}, Items: [], Count: 0, ScannedCount: 0 }
    if (name === 'TransactGetItemsCommand') return { $metadata: {}, Responses: [{}, {}] }
    return { $metadata: {} }
  }
  const now = () => {
    reads++
    throw new Error('no clock here')
  }
  return { reads: () => reads, env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, now }) }
}

test('the rule: some model with a ttl, and no includeExpired: true', () => {
  for (const [models, includeExpired, leaves] of [
    [[Expiring], undefined, true],
    [[Expiring], false, true],
    [[Expiring], true, false],
    [[Lasting], undefined, false],
    [[Lasting], true, false],
    [[Lasting, Expiring], undefined, true],
    [[Lasting, Expiring], true, false],
    [[Lasting, Lasting], undefined, false],
    [[], undefined, false],
  ] as const) assert.is(leavesExpiredOut(models, includeExpired), leaves, `${JSON.stringify(includeExpired)}`)
})

test("clock.expiryTime reads the clock exactly when the rule says so", () => {
  let reads = 0
  const env = Env.make({ client: {} as DynamoDBClient, now: () => (reads++, new Date(0)) })
  assert.is(Clock.expiryTime(env, [Lasting], undefined), undefined)
  assert.is(Clock.expiryTime(env, [Expiring], true), undefined)
  assert.is(reads, 0)
  assert.equal(Clock.expiryTime(env, [Lasting, Expiring], false), new Date(0))
  assert.is(reads, 1)
})

test('every read that may leave an item out as expired reads the clock exactly when the rule says so', async () => {
  for (const includeExpired of [undefined, false, true] as const) {
    for (const m of [Expiring, Lasting]) {
      const x = includeExpired === undefined ? {} : { includeExpired }
      // the models' handles as untied ones: m is either model
      const strategy = C.eq(m.attrs.id as A.Attr<string>, 'u')
      // written out, not read from the rule under test: only Expiring has a ttl (Note has none)
      const leaves = m === Expiring && includeExpired !== true
      const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, boolean]> = [
        ['getOne', Dynamo.getOne(m, { id: 'u', sid: 's' }), m === Expiring],
        ['getOne with options', Dynamo.getOne(m, { id: 'u', sid: 's' }, x), leaves],
        ['getMany', Dynamo.getMany(m, strategy, x), leaves],
        ['count', Dynamo.count(m, strategy, x), leaves],
        ['page', Dynamo.page(m, strategy, x), leaves],
        ['transactGet', Dynamo.transactGet([T.get(Note, { id: 'u', sid: 's' }), T.get(m, { id: 'u', sid: 's' })], x), leaves],
        ['collection', Dynamo.collection({ a: Note, b: m }, { id: 'u' }, x), leaves],
      ]
      for (const [name, op, clocked] of reads) {
        const { env, reads: counted } = standIn()
        const r = await op(env)()
        const what = `${name} of ${m.entity as string}, includeExpired ${String(includeExpired)}`
        if (clocked) assert.ok(E.isLeft(r) && r.left._tag === 'ConfigError' && DE.show(r.left).includes('now'), `${what}: ${JSON.stringify(r)}`)
        // no item in the table: getOne's answer is NotFound, the others' an empty one
        else assert.ok(E.isRight(r) || r.left._tag === 'NotFound', `${what}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
        assert.is(counted(), clocked ? 1 : 0, `${what}: the clock's reads`)
      }
    }
  }
})

/** UserSession without its ttl: its reads test no ttl attribute. */
const UserSessionPlain = Model.make({
  table: 'user-sessions',
  hashKey: 'user',
  rangeKey: 'id',
  codec: sessionCodec,
  indexes: { byHits: Model.localIndex({ rangeKey: 'hits', projection: 'keys' }) },
})

/** The index a Query goes through (`'table'` without one), for the Query the local index byHits (keys only: no expiresAt) could serve. */
const hitsOf = (m: typeof UserSession | typeof UserSessionPlain) => C.and(C.eq(m.attrs.user as A.Attr<string>, 'a'), C.gt(m.attrs.hits as A.Attr<number>, 3))

test("explain and deleteMany plan the ttl's test by the rule: no index that does not project the ttl where the read leaves expired items out", async () => {
  const explained = (m: typeof UserSession | typeof UserSessionPlain, o: object | undefined): string => {
    const p = Dynamo.explain(m as typeof UserSession, hitsOf(m) as never, o as never)
    if (E.isLeft(p)) return DE.show(p.left)
    return p.right._tag === 'Query' ? (p.right.index ?? 'table') : p.right._tag
  }
  // a model with ttl: the table, unless includeExpired: true; without ttl: the index
  assert.is(explained(UserSession, undefined), 'table')
  assert.is(explained(UserSession, { includeExpired: false }), 'table')
  assert.is(explained(UserSession, { includeExpired: true }), 'byHits')
  assert.is(explained(UserSessionPlain, undefined), 'byHits')
  // deleteMany always leaves expired items out: its Query of a model with ttl goes through the table
  for (const [m, through] of [[UserSession, undefined], [UserSessionPlain, 'byHits']] as const) {
    const { env, sent } = counting<{ readonly constructor: { readonly name: string }; readonly input: { readonly IndexName?: string } }>()
    const r = await Dynamo.deleteMany(m as typeof UserSession, hitsOf(m) as never)(env)()
    assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
    const query = sent.find((c) => c.constructor.name === 'QueryCommand')
    assert.is(query?.input.IndexName, through, String(m.ttl))
  }
})

test.run()
