/**
 * The table operations read their options as every other operation does (`op.options`): each
 * name once, at the entry, so that a getter (or a Proxy) cannot give the check one value and
 * the requests another; `null` or a non-object is a `ValidationError` naming options, and a
 * `deleteIndexes`/`rebuildIndexes` that is no boolean one naming it. Against a client whose
 * DynamoDB has no table (DescribeTable: ResourceNotFoundException).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as DE from '../../../lib/DynamoError.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })

/** An Env whose DynamoDB has no table: describes are ResourceNotFoundException, the rest answer {} (waits end at once). */
const noTable = () => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string } }) => {
    sent.push(c.constructor.name)
    if (c.constructor.name === 'DescribeTableCommand' || c.constructor.name === 'DescribeTimeToLiveCommand') {
      throw new ResourceNotFoundException({ message: 'no table', $metadata: {} })
    }
    return { $metadata: {} }
  }
  return { env: Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => undefined, waitTimeoutMs: 1 }), sent }
}

/** Options whose every name is a getter that counts its reads (and gives `value(name)`). */
const counted = (names: ReadonlyArray<string>, value: (name: string, read: number) => unknown = () => undefined) => {
  const reads: Record<string, number> = {}
  const o: Record<string, unknown> = {}
  for (const n of names) {
    reads[n] = 0
    Object.defineProperty(o, n, { enumerable: true, get: () => value(n, ++(reads[n] as number)) })
  }
  return { o, reads }
}

test('describeTable, planTable, syncTable, createTable, deleteTable: each option read once', async () => {
  const diff = ['deleteIndexes', 'rebuildIndexes', 'signal']
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, (o: any) => Dynamo.Op<unknown>]> = [
    ['describeTable', ['signal'], (o) => Dynamo.describeTable(User, o)],
    ['planTable', diff, (o) => Dynamo.planTable(User, o)],
    ['syncTable', diff, (o) => Dynamo.syncTable(User, o)],
    ['createTable', ['signal'], (o) => Dynamo.createTable(User, o)],
    ['deleteTable', ['signal'], (o) => Dynamo.deleteTable(User, o)],
  ]
  for (const [name, names, op] of cases) {
    const { env, sent } = noTable()
    const { o, reads } = counted(names, (n, read) => (n === 'deleteIndexes' ? read === 1 : undefined))
    await op(o)(env)()
    assert.ok(sent.length > 0, name)
    for (const n of names) assert.ok((reads[n] as number) <= 1, `${name} read ${n} ${reads[n]} times`)
  }
})

test('options that are null or no object, a deleteIndexes/rebuildIndexes that is no boolean, or a getter that throws: a Left (a ValidationError naming it), nothing sent', async () => {
  for (const [name, op] of [
    ['describeTable', (o: any) => Dynamo.describeTable(User, o)],
    ['planTable', (o: any) => Dynamo.planTable(User, o)],
    ['syncTable', (o: any) => Dynamo.syncTable(User, o)],
    ['createTable', (o: any) => Dynamo.createTable(User, o)],
    ['deleteTable', (o: any) => Dynamo.deleteTable(User, o)],
  ] as const) {
    for (const bad of [null, 5, 'x']) {
      const { env, sent } = noTable()
      const r = await op(bad)(env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'options', `${name}(${JSON.stringify(bad)}): ${E.isLeft(r) ? DE.show(r.left) : 'Right'}`)
      assert.is(sent.length, 0, name)
    }
  }
  // read at the entry: a getter that throws is a Left before any request (not read by the plan, after DescribeTable)
  for (const flag of ['deleteIndexes', 'rebuildIndexes']) {
    for (const op of [Dynamo.planTable, Dynamo.syncTable]) {
      const { env, sent } = noTable()
      const o = Object.defineProperty({}, flag, { get: () => { throw new Error('no') } })
      const r = await op(User, o)(env)()
      assert.ok(E.isLeft(r), flag)
      assert.is(sent.length, 0, `${flag}: ${sent.join(', ')}`)
    }
  }
  for (const flag of ['deleteIndexes', 'rebuildIndexes']) {
    for (const op of [Dynamo.planTable, Dynamo.syncTable]) {
      const { env, sent } = noTable()
      const r = await op(User, { [flag]: 'yes' } as any)(env)()
      assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === flag, flag)
      assert.is(sent.length, 0)
    }
  }
})

test.run()
