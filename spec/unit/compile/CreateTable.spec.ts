/**
 * `Command.createTable`: what an index projects. A list projection sends as
 * `NonKeyAttributes` every listed attribute that is not a key of the table or of that index;
 * the key attribute of another index is a plain attribute to this one and must be sent, or
 * the index would not hold it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Command from '../../../lib/compile/Command.js'
import * as Model from '../../../lib/model/Model.js'
import { right } from '../../harness/either.js'

const M = Model.make({
  table: 'things',
  hashKey: 'id',
  rangeKey: 'at',
  codec: t.intersection([t.type({ id: t.string, at: t.number }), t.partial({ name: t.string, code: t.string, note: t.string })]),
  indexes: {
    byCode: Model.globalIndex({ hashKey: 'code', projection: ['id', 'name', 'note'] }),
    byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'at', projection: ['code', 'at'] }),
  },
})

test('an INCLUDE projection keeps the key attributes of other indexes, drops the table keys and its own', () => {
  const input = right(Command.createTable('p-things', M))
  const projections = Object.fromEntries((input.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.Projection]))
  assert.equal(projections, {
    byCode: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name', 'note'] },
    byName: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['code'] },
  })
})

test('a list naming only keys (the table\'s, the index\'s own) or nothing is KEYS_ONLY: an INCLUDE of no attribute is refused by DynamoDB (ValidationException on Local)', () => {
  for (const projection of [['code'], ['id', 'at', 'code'], []] as const) {
    const K = Model.make({ table: 'things', hashKey: 'id', rangeKey: 'at', codec: M.codec, indexes: { byCode: Model.globalIndex({ hashKey: 'code', projection }) } })
    const input = right(Command.createTable('p-things', K))
    assert.equal(input.GlobalSecondaryIndexes?.[0]?.Projection, { ProjectionType: 'KEYS_ONLY' }, JSON.stringify(projection))
  }
})

test.run()
