/**
 * A read's `segment` is checked, then sent as checked (lib/run/read.ts `checkOptions`): a
 * segment whose getters answer a valid index and total when the check reads them and others
 * after is sent with the values checked, never with the unchecked ones.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const One = Model.make({ table: 'ones', hashKey: 'id', codec: t.type({ id: t.string }) })

test('a segment that changes after its check: the request has the index and total checked', async () => {
  const { env, sent } = counting<{ input: { Segment?: number; TotalSegments?: number } }>()
  let reads = 0
  const segment = {
    get index() {
      return reads++ < 1 ? 1 : 7
    },
    get total() {
      return reads > 2 ? 5 : 2
    },
  }
  const r = await Dynamo.page(One, C.beginsWith(One.attrs.id, 'k'), { segment } as never)(env)()
  if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
  assert.ok(sent.length >= 1)
  for (const c of sent) assert.equal([c.input.Segment, c.input.TotalSegments], [1, 2])
})

test.run()
