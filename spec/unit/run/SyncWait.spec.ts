/**
 * One rule says when `syncTable` waits before it plans (`describe.mustWait`): its polls go on
 * while it holds, and `planTable`'s plan has a `wait` exactly when it holds. For tables
 * described in every mix of table status, index status (backfilling or not) and time to live,
 * under models that name a time-to-live attribute or none, against a stand-in whose first
 * describe gives that table and every later one the table settled (`describe.settled`):
 * syncTable describes the table more than once before it sends anything else exactly when
 * `mustWait` holds of the first description; planTable's `wait` is there exactly then; a table
 * in a status no wait ends is `TableNotActive` after one describe.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { ResourceNotFoundException, type DynamoDBClient, type TableDescription, type TimeToLiveDescription } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Describe from '../../../lib/table/describe.js'
import { usersDescription } from '../../harness/usersTable.js'

const codec = t.intersection([t.type({ id: t.string, n: t.number }), t.partial({ expiresAt: Field.epochSeconds, other: Field.epochSeconds })])
const byN = Model.globalIndex({ hashKey: 'n' })
const Plain = Model.make({ table: 'users', hashKey: 'id', codec, indexes: { byN } })
const Expiring = Model.make({ table: 'users', hashKey: 'id', codec, indexes: { byN }, ttl: 'expiresAt' })

interface Seen {
  readonly table: string
  readonly index: string
  readonly backfilling: boolean
  readonly ttl: TimeToLiveDescription
}

const description = (s: Seen): TableDescription => usersDescription(s.table, s.index, s.backfilling)

/** The table once its changes end: gone if DELETING, else ACTIVE with its index ACTIVE, and the time to live where its change ends. */
const settledOf = (s: Seen): Seen | 'GONE' => {
  if (s.table === 'DELETING') return 'GONE'
  const ttl: TimeToLiveDescription =
    s.ttl.TimeToLiveStatus === 'ENABLING' ? { ...s.ttl, TimeToLiveStatus: 'ENABLED' } : s.ttl.TimeToLiveStatus === 'DISABLING' ? { TimeToLiveStatus: 'DISABLED' } : s.ttl
  return { table: 'ACTIVE', index: 'ACTIVE', backfilling: false, ttl }
}

/** A DynamoDB whose first DescribeTable gives `first`, every later one the table settled; a CreateTable makes it ACTIVE, other writes change nothing. */
const standIn = (first: Seen) => {
  const sent: string[] = []
  let now: Seen | 'GONE' = first
  let describes = 0
  let created = false
  const send = async (c: { constructor: { name: string } }) => {
    const name = c.constructor.name
    sent.push(name)
    if (name === 'DescribeTableCommand') {
      now = describes++ === 0 ? first : created ? { table: 'ACTIVE', index: 'ACTIVE', backfilling: false, ttl: { TimeToLiveStatus: 'DISABLED' } } : settledOf(first)
      if (now === 'GONE') throw new ResourceNotFoundException({ message: 'no table', $metadata: {} })
      return { $metadata: {}, Table: description(now) }
    }
    if (name === 'DescribeTimeToLiveCommand') {
      if (now === 'GONE') throw new ResourceNotFoundException({ message: 'no table', $metadata: {} })
      return { $metadata: {}, TimeToLiveDescription: now.ttl }
    }
    if (name === 'CreateTableCommand') created = true
    return { $metadata: {} }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, waitTimeoutMs: 60_000 })
  /** The DescribeTable requests before the first request of another kind. */
  const describedFirst = (): number => {
    const other = sent.findIndex((x) => x !== 'DescribeTableCommand' && x !== 'DescribeTimeToLiveCommand')
    return (other === -1 ? sent : sent.slice(0, other)).filter((x) => x === 'DescribeTableCommand').length
  }
  return { env, describedFirst }
}

const seen: fc.Arbitrary<Seen> = fc.record({
  table: fc.constantFrom('ACTIVE', 'CREATING', 'UPDATING', 'DELETING', 'ARCHIVING', 'ARCHIVED', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'),
  index: fc.constantFrom('ACTIVE', 'CREATING', 'UPDATING', 'DELETING'),
  backfilling: fc.boolean(),
  ttl: fc.constantFrom<TimeToLiveDescription>(
    { TimeToLiveStatus: 'DISABLED' },
    { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' },
    { TimeToLiveStatus: 'ENABLING', AttributeName: 'expiresAt' },
    { TimeToLiveStatus: 'ENABLING', AttributeName: 'other' },
    { TimeToLiveStatus: 'DISABLING', AttributeName: 'expiresAt' },
  ),
})

test('syncTable waits before planning exactly when describe.mustWait holds of what it first reads, and planTable says so (wait) exactly then (300 runs)', async () => {
  await fc.assert(
    fc.asyncProperty(seen, fc.boolean(), async (first, expiring) => {
      const m = expiring ? Expiring : Plain
      const info = Describe.fromDescription(description(first), first.ttl)
      const waits = Describe.mustWait(info, { ttl: expiring ? 'expiresAt' : undefined })
      const stuck = Describe.stuckWhy(info) !== undefined
      const planned = await Dynamo.planTable(m)(standIn(first).env)()
      if (E.isLeft(planned)) throw new Error(DE.show(planned.left))
      assert.is(planned.right.wait !== undefined, waits, `planTable's wait: ${JSON.stringify(planned.right)}`)
      const s = standIn(first)
      const synced = await Dynamo.syncTable(m)(s.env)()
      if (stuck) {
        assert.ok(E.isLeft(synced) && synced.left._tag === 'AwsError' && synced.left.name === 'TableNotActive', JSON.stringify(synced))
        assert.is(s.describedFirst(), 1)
        // and planTable's plan, made without a wait, says so first
        assert.equal(planned.right.steps[0], { _tag: 'Unfixable', reason: (synced as E.Left<DE.DynamoError> & { left: { message: string } }).left.message })
      } else {
        assert.ok(E.isRight(synced), E.isLeft(synced) ? DE.show(synced.left) : '')
        assert.is(s.describedFirst() > 1, waits, `syncTable's describes: ${s.describedFirst()}`)
      }
    }),
    { seed: 29, numRuns: 300 },
  )
})

test.run()
