/**
 * Reads through an index whose items tie on its range key, against DynamoDB Local: the order
 * the answers' checks hold them to (`answer.KeyOrder.index`: no item, and no
 * `LastEvaluatedKey`, before the one before it in the index's range key) is DynamoDB's. Items
 * equal on the index's range key come in an order of DynamoDB's own, not the table key's
 * (DynamoDB Local's is neither it nor its reverse), and a page may end between them: every
 * walk, through a global and a local index, ascending and descending, page size 1 to 4, with
 * a filter that leaves items out (a `LastEvaluatedKey` past the last item), reads each item
 * once, never a Left.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Model from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import { fixture, ok, type Fixture } from '../harness/models.js'
import { before } from '../harness/setup.js'

const Row = Model.make({
  table: 'ties',
  hashKey: 'pk',
  rangeKey: 'sk',
  billing: 'onDemand',
  codec: t.type({ pk: t.string, sk: t.string, g: t.string, r: t.number, keep: t.boolean }),
  indexes: {
    byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'r' }),
    byR: Model.localIndex({ rangeKey: 'r' }),
  },
})
type Row = Model.TypeOf<typeof Row>
const x = Row.attrs

/** 3 partitions × 3 range keys × 2 index range keys (each value shared by 9 items, 3 of a partition); one in three left out by the filter. */
const rows: ReadonlyArray<Row> = ['p2', 'p1', 'p3'].flatMap((pk) =>
  ['c', 'a', 'b'].flatMap((s) => [2, 1].map((r) => ({ pk, sk: `${s}${r}`, g: 'G', r, keep: s !== 'c' }))),
)

let f: Fixture

before(test, async () => {
  f = await fixture('indexties')
  await ok(f.env, Dynamo.createTable(Row))
  await ok(f.env, Dynamo.saveMany(Row, rows))
})

const keyOf = (row: Row): string => `${row.pk}/${row.sk}`

/** Every page of a read by cursor, `pageSize` at a time: the items, in the order given. */
const walk = async (read: (cursor: string | undefined) => Dynamo.Op<Dynamo.Page<Row>>, label: string): Promise<ReadonlyArray<Row>> => {
  const out: Row[] = []
  let cursor: string | undefined
  for (let n = 0; n < 100; n++) {
    const page = await read(cursor)(f.env)()
    if (E.isLeft(page)) throw new Error(`${label}: ${DE.show(page.left)}`)
    out.push(...page.right.items)
    if (O.isNone(page.right.cursor)) return out
    cursor = page.right.cursor.value
  }
  throw new Error(`${label}: no end after 100 pages`)
}

test('a walk through an index whose items tie on its range key reads each item once, in the order of its range key, never a Left: a global and a local index, both orders, pages of 1 to 4, with a filter', async () => {
  for (const [what, condition, index, wanted] of [
    ['a global index', C.eq(x.g, 'G'), 'byG', rows],
    ['a local index', C.eq(x.pk, 'p1'), 'byR', rows.filter((row) => row.pk === 'p1')],
  ] as const) {
    for (const descending of [false, true]) {
      for (const filtered of [false, true]) {
        const c = filtered ? C.and(condition, C.eq(x.keep, true)) : condition
        const want = filtered ? wanted.filter((row) => row.keep) : wanted
        for (const pageSize of [1, 2, 3, 4]) {
          const label = `${what}, ${descending ? 'descending' : 'ascending'}${filtered ? ', filtered' : ''}, pages of ${pageSize}`
          const got = await walk((cursor) => Dynamo.page(Row, c, { index, descending, pageSize, ...(cursor === undefined ? {} : { cursor }) }), label)
          assert.equal(got.map(keyOf).sort(), want.map(keyOf).sort(), `${label}: each item once`)
          const rs = got.map((row) => row.r)
          assert.equal(rs, [...rs].sort((a, b) => (descending ? b - a : a - b)), `${label}: in the order of its range key`)
        }
        const all = await Dynamo.getMany(Row, c, { index, descending })(f.env)()
        assert.ok(E.isRight(all) && all.right.length === want.length, `${what} getMany: ${E.isLeft(all) ? DE.show(all.left) : ''}`)
      }
    }
  }
})

test.run()
