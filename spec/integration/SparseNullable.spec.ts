/**
 * Sparse composed index keys of nullable fields, against DynamoDB Local (DESIGN §5.4): a field
 * of an index key template may be optional or nullable (`t.union([t.string, t.null])`); an
 * item whose field is absent or `null` is stored without that key attribute (so out of the
 * index), the field itself as given (`NULL`). A set of such a field to `null` removes the key
 * attribute, as a `remove` does; a set to a value recomputes it. Each write's stored item is
 * what `Evaluate` makes of it; a read through a sparse index returns exactly the items that
 * have its key attributes and that the condition selects, and the planner never reads a
 * sparse index for a condition whose items it may leave out.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as DE from '../../lib/DynamoError.js'
import { err, fixture, ok, rawGet, scanAll, S, type Fixture } from '../harness/models.js'

const Task = Model.make({
  table: 'sparse-tasks',
  entity: 'task',
  billing: 'onDemand',
  codec: t.intersection([
    t.type({ taskId: t.string, projectId: t.string, assignee: t.union([t.string, t.null]), dueAt: t.union([Field.dateTime, t.null]) }),
    t.partial({ priority: t.union([Field.int({ min: 0, max: 99 }), t.null]) }),
  ]),
  hashKey: Model.key('pk', 'TASK#{taskId}'),
  indexes: {
    byAssignee: Model.globalIndex({ hashKey: Model.key('g1pk', 'USER#{assignee}'), rangeKey: Model.key('g1sk', 'DUE#{dueAt}#{taskId}') }),
    byPriority: Model.globalIndex({ hashKey: Model.key('g2pk', 'PROJECT#{projectId}'), rangeKey: Model.key('g2sk', 'P#{priority}#{taskId}', { pad: { priority: 2 } }) }),
    byDue: Model.globalIndex({ hashKey: Model.key('g3pk', 'PROJECT#{projectId}'), rangeKey: Model.key('g3sk', 'DUE#{dueAt}') }),
    byPair: Model.globalIndex({ hashKey: Model.key('g4pk', 'PAIR#{assignee}#{dueAt}') }),
  },
})
type Task = Model.TypeOf<typeof Task>
const k = Task.attrs
const day = (d: number) => new Date(Date.UTC(2024, 4, d))

const tasks: ReadonlyArray<Task> = [
  { taskId: 't1', projectId: 'p1', assignee: 'ann', dueAt: day(1), priority: 3 },
  { taskId: 't2', projectId: 'p1', assignee: 'ann', dueAt: null, priority: null },
  { taskId: 't3', projectId: 'p1', assignee: null, dueAt: day(3) },
  { taskId: 't4', projectId: 'p2', assignee: 'ben', dueAt: day(4), priority: 0 },
  { taskId: 't5', projectId: 'p1', assignee: null, dueAt: null },
  { taskId: 't6', projectId: 'p1', assignee: 'ann', dueAt: day(6), priority: 99 },
]

const rawKey = (id: string) => ({ pk: S(`TASK#${id}`) })
const ids = (xs: ReadonlyArray<{ readonly taskId: string }>) => xs.map((x) => x.taskId).sort()
const now = new Date()

const withTasks = async (): Promise<Fixture> => {
  const f = await fixture('sparsenull')
  await ok(f.env, Dynamo.createTable(Task))
  for (const x of tasks) {
    const before = await rawGet(f.client, f.table(Task), rawKey(x.taskId))
    await ok(f.env, Dynamo.saveOne(Task, x))
    const memory = Evaluate.saveOne(Task, x, now)
    assert.ok(E.isRight(memory))
    if (E.isRight(memory)) assert.equal(await rawGet(f.client, f.table(Task), rawKey(x.taskId)), E.getOrElseW(() => undefined)(memory.right(before)))
  }
  return f
}

test('a save stores an index key only when every field of its template has a value; null and absent fields are stored as given', async () => {
  const f = await withTasks()
  const t2 = await rawGet(f.client, f.table(Task), rawKey('t2'))
  assert.equal(t2, { pk: S('TASK#t2'), _et: S('task'), taskId: S('t2'), projectId: S('p1'), assignee: S('ann'), dueAt: { NULL: true }, priority: { NULL: true }, g1pk: S('USER#ann'), g2pk: S('PROJECT#p1'), g3pk: S('PROJECT#p1') })
  const t3 = await rawGet(f.client, f.table(Task), rawKey('t3'))
  assert.equal(t3, { pk: S('TASK#t3'), _et: S('task'), taskId: S('t3'), projectId: S('p1'), assignee: { NULL: true }, dueAt: S('2024-05-03T00:00:00.000Z'), g1sk: S('DUE#2024-05-03T00:00:00.000Z#t3'), g2pk: S('PROJECT#p1'), g3pk: S('PROJECT#p1'), g3sk: S('DUE#2024-05-03T00:00:00.000Z') })
  const t1 = await rawGet(f.client, f.table(Task), rawKey('t1'))
  assert.equal([t1?.['g1pk'], t1?.['g1sk'], t1?.['g2sk']], [S('USER#ann'), S('DUE#2024-05-01T00:00:00.000Z#t1'), S('P#03#t1')])
  // an item given with an index key its fields do not give (dueAt null): refused, named
  const e = await err(f.env, Dynamo.saveOne(Task, { ...tasks[1], g1sk: 'DUE#x#t2' } as Task), 'ValidationError')
  assert.match(DE.show(e), /g1sk: .* its fields give none \(a field of its template is absent or null\)/)
  // read back whole, nulls included
  assert.equal(await ok(f.env, Dynamo.getOne(Task, 't2')), tasks[1])
  assert.equal(await ok(f.env, Dynamo.getOne(Task, 't5')), tasks[4])
})

test('reads through a sparse index return only the items that have its key, as the index and Evaluate say', async () => {
  const f = await withTasks()
  const stored = (await scanAll(f.client, f.table(Task))).filter((x) => x['_et']?.S === 'task')
  const cases: ReadonlyArray<readonly [C.Condition<typeof Task>, keyof typeof Task.indexes, ReadonlyArray<string>]> = [
    [C.eq(k.assignee, 'ann'), 'byAssignee', ['t1', 't6']],
    [C.and(C.eq(k.assignee, 'ann'), C.gt(k.dueAt, day(1))), 'byAssignee', ['t6']],
    [C.eq(k.projectId, 'p1'), 'byPriority', ['t1', 't6']],
    [C.and(C.eq(k.projectId, 'p1'), C.gte(k.priority, 50)), 'byPriority', ['t6']],
    [C.eq(k.projectId, 'p1'), 'byDue', ['t1', 't3', 't6']],
    [C.and(C.eq(k.assignee, 'ann'), C.eq(k.dueAt, day(6))), 'byPair', ['t6']],
  ]
  for (const [cond, index, want] of cases) {
    const got = ids(await ok(f.env, Dynamo.getMany(Task, cond, { index })))
    assert.equal(got, want, `${index}`)
    // in memory: the items the index holds (every key attribute of it) that the condition selects
    const ix = Task.indexes[index]
    const selects = Evaluate.condition(cond)
    assert.ok(E.isRight(selects))
    if (E.isRight(selects)) {
      const held = stored.filter((x) => x[ix.hashKey as string] !== undefined && (ix.rangeKey === undefined || x[ix.rangeKey as string] !== undefined) && selects.right(x))
      assert.equal(held.map((x) => x['taskId']?.S as string).sort(), want)
    }
    assert.is(await ok(f.env, Dynamo.count(Task, cond, { index })), want.length)
  }
})

test('the planner reads no sparse index of a nullable field for a condition that selects items without it', async () => {
  const f = await withTasks()
  // byDue's range field is required, but null in t3's and t5's place: the index holds neither
  const p1 = ids(await ok(f.env, Dynamo.getMany(Task, C.eq(k.projectId, 'p1'))))
  assert.equal(p1, ['t1', 't2', 't3', 't5', 't6'])
  const plan = Dynamo.explain(Task, C.eq(k.projectId, 'p1'))
  assert.ok(E.isRight(plan) && plan.right._tag === 'Scan', JSON.stringify(plan))
  // a key condition on the field: only items with it are selected, the index may be read
  const due = ids(await ok(f.env, Dynamo.getMany(Task, C.and(C.eq(k.projectId, 'p1'), C.lt(k.dueAt, day(5))))))
  assert.equal(due, ['t1', 't3'])
  assert.ok(E.isRight(Dynamo.explain(Task, C.and(C.eq(k.projectId, 'p1'), C.lt(k.dueAt, day(5))))))
})

test('updates: a set to null removes the index key, a set to a value recomputes it, a remove removes it; each as Evaluate and a whole save store it', async () => {
  const f = await withTasks()
  const steps: ReadonlyArray<readonly [string, ReadonlyArray<U.Action<typeof Task>>]> = [
    ['t1', [U.set(k.dueAt, null)]],
    ['t1', [U.set(k.dueAt, day(8)), U.set(k.assignee, 'ann')]],
    ['t1', [U.set(k.assignee, null)]],
    ['t1', [U.set(k.assignee, 'cat'), U.set(k.dueAt, day(9))]],
    ['t1', [U.set(k.priority, null)]],
    ['t1', [U.set(k.priority, 7)]],
    ['t1', [U.remove(k.priority)]],
    ['t5', [U.set(k.assignee, 'dan'), U.set(k.dueAt, day(2))]],
    ['t5', [U.set(k.assignee, null), U.set(k.dueAt, null)]],
  ]
  for (const [id, actions] of steps) {
    const before = await rawGet(f.client, f.table(Task), rawKey(id))
    const memory = Evaluate.updateOne(Task, id, actions, now)
    const updated = await ok(f.env, Dynamo.updateOne(Task, id, actions))
    const after = await rawGet(f.client, f.table(Task), rawKey(id))
    assert.ok(E.isRight(memory))
    if (E.isRight(memory)) assert.equal(after, E.getOrElseW(() => undefined)(memory.right(before)), JSON.stringify(actions))
    // the stored item is the one a save of the updated item stores
    await ok(f.env, Dynamo.saveOne(Task, updated))
    assert.equal(await rawGet(f.client, f.table(Task), rawKey(id)), after)
  }
  const t1 = await rawGet(f.client, f.table(Task), rawKey('t1'))
  assert.equal([t1?.['g1pk'], t1?.['g1sk'], t1?.['g2sk'], t1?.['g4pk']], [S('USER#cat'), S('DUE#2024-05-09T00:00:00.000Z#t1'), undefined, S('PAIR#cat#2024-05-09T00:00:00.000Z')])
  const t5 = await rawGet(f.client, f.table(Task), rawKey('t5'))
  assert.equal([t5?.['g1pk'], t5?.['g1sk'], t5?.['g3sk'], t5?.['g4pk']], [undefined, undefined, undefined, undefined])
  assert.equal(ids(await ok(f.env, Dynamo.getMany(Task, C.eq(k.assignee, 'cat'), { index: 'byAssignee' }))), ['t1'])
  // updateFromDict: a null recomputes as a set to null does
  await ok(f.env, Dynamo.updateFromDict(Task, { taskId: 't6', dueAt: null }))
  const t6 = await rawGet(f.client, f.table(Task), rawKey('t6'))
  assert.equal([t6?.['g1pk'], t6?.['g1sk'], t6?.['g3sk'], t6?.['g4pk'], t6?.['dueAt']], [S('USER#ann'), undefined, undefined, undefined, { NULL: true }])
  // a set of one field whose template needs another the update does not give: ExpressionError, nothing sent
  const e = await err(f.env, Dynamo.updateOne(Task, 't1', [U.set(k.assignee, 'eve')]), 'ExpressionError')
  assert.match(e.message, /g4pk .* needs dueAt/)
  assert.equal(await rawGet(f.client, f.table(Task), rawKey('t1')), t1)
})

test('generated updates of the nullable and optional template fields: the stored item is what Evaluate makes of it, and its index keys are what its fields compose', async () => {
  const f = await withTasks()
  const when = fc.constantFrom(null, day(1), day(2), day(7))
  const who = fc.constantFrom(null, 'ann', 'ben', 'x y')
  const action: fc.Arbitrary<readonly [string, U.Action<typeof Task>]> = fc.oneof(
    who.map((v) => ['assignee', U.set(k.assignee, v)] as const),
    when.map((v) => ['dueAt', U.set(k.dueAt, v)] as const),
    fc.constantFrom(null, 0, 7, 99).map((v) => ['priority', U.set(k.priority, v)] as const),
    fc.constant(['priority', U.remove(k.priority)] as const),
    fc.constantFrom('p1', 'p2').map((v) => ['projectId', U.set(k.projectId, v)] as const),
  )
  // one action a field (DynamoDB refuses two on one path)
  const update = fc.uniqueArray(action, { minLength: 1, maxLength: 4, selector: ([name]) => name }).map((as) => as.map(([, a]) => a))
  const [steps] = fc.sample(fc.array(fc.tuple(fc.constantFrom(...tasks.map((x) => x.taskId)), update), { minLength: 60, maxLength: 60 }), { seed: 1412, numRuns: 1 }) as [Array<[string, Array<U.Action<typeof Task>>]>]
  let sent = 0
  let refused = 0
  for (const [id, actions] of steps) {
    const before = await rawGet(f.client, f.table(Task), rawKey(id))
    const memory = Evaluate.updateOne(Task, id, actions, now)
    const result = await Dynamo.updateOne(Task, id, actions)(f.env)()
    const after = await rawGet(f.client, f.table(Task), rawKey(id))
    if (E.isLeft(memory)) {
      // refused before any request (a template whose other field the update does not give), as in memory
      assert.equal(result, memory, JSON.stringify(actions))
      assert.equal(after, before)
      refused++
      continue
    }
    sent++
    assert.ok(E.isRight(result), `${JSON.stringify(actions)}: ${E.isLeft(result) ? DE.show(result.left) : ''}`)
    assert.equal(after, E.getOrElseW(() => undefined)(memory.right(before)), JSON.stringify(actions))
    // the index keys are the item's own: a whole save of it stores the same attributes
    if (E.isRight(result)) {
      const saved = Evaluate.saveOne(Task, result.right, now)
      assert.ok(E.isRight(saved))
      if (E.isRight(saved)) assert.equal(after, E.getOrElseW(() => undefined)(saved.right(undefined)), JSON.stringify(actions))
    }
  }
  // both kinds of update reached: sent, and refused before any request
  assert.ok(sent >= 20 && refused > 0, `of the 60 generated updates, ${sent} sent and ${refused} refused before any request`)
})

test.run()
