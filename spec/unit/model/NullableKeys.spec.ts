/**
 * A composed range key over a nullable field (`t.union([…, t.null])`), of the table's index:
 * an item saved through the model reads back through that index; its key is what a save wrote.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Field from '../../../lib/codec/Field.js'
import * as Computed from '../../../lib/model/computed.js'
import * as Model from '../../../lib/model/Model.js'

const Task = Model.make({
  table: 'tasks',
  entity: 'task',
  codec: t.type({ taskId: t.string, assignee: t.union([t.string, t.null]), dueAt: t.union([Field.dateTime, t.null]), tag: t.union([t.string, t.null]) }),
  hashKey: Model.key('pk', 'TASK#{taskId}'),
  indexes: {
    byAssignee: Model.globalIndex({ hashKey: Model.key('g1pk', 'USER#{assignee}'), rangeKey: Model.key('g1sk', 'DUE#{dueAt}#{taskId}') }),
    byTag: Model.globalIndex({ hashKey: Model.key('g2pk', 'T#{taskId}'), rangeKey: Model.key('g2sk', 'O#{tag}#') }),
  },
})

test('an item saved through the model: no key of a nullable field reported as stale by a read through its index', () => {
  const encoded = Model.encode(Task, { taskId: 't1', assignee: 'ann', dueAt: new Date(Date.UTC(2024, 4, 1)), tag: 'a~' })
  if (encoded._tag === 'Left') return assert.unreachable(JSON.stringify(encoded.left))
  const stored = encoded.right.stored as Record<string, never>
  for (const index of ['byAssignee', 'byTag']) assert.is(Computed.storedKeyWhy(Task, stored, index), undefined, index)
})

test.run()
