/**
 * A read of known keys (`keysIn`, literal values on every key field) keeps its plan with the
 * prepared read (lib/run/read.ts, `prepared.ts` keeps prepared reads by content): a walk of
 * N pages plans its keys once, not once a page (each page would build and sort the whole key
 * list again). Counted, not timed: the key fields' codecs validate every key value when the keys
 * are planned, through a regex whose `test` is counted; the client answers no item, so no
 * other validation runs. The batch's progress is still its own for each read: a page from a
 * cursor reads the chunk after it, and a walk from the start again reads the first chunk.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

/** A string field whose every validation is counted. */
const countedString = () => {
  const regex = /^k/
  const test = regex.test.bind(regex)
  const counter = { n: 0 }
  regex.test = (s: string) => {
    counter.n++
    return test(s)
  }
  return { codec: Field.string({ regex }), counter }
}

const keysOf = (n: number) => Array.from({ length: n }, (_, i) => `k${String(n - i).padStart(5, '0')}`)

type Sent = { input: { RequestItems: Record<string, { Keys: ReadonlyArray<Record<string, { S: string }>> }> } }
type Paged = { readonly cursor: { _tag: string; value?: string } }

/**
 * `pages` pages, each from the cursor of the one before (one request each: the client answers
 * no item, so a page would read on to the end), counting the validations after the first; the
 * key values (`field`) every request asked for, in order.
 */
const walk = async (read: (cursor: string | undefined) => Dynamo.Op<Paged>, pages: number, counter: { n: number }, field: string) => {
  const { env, sent } = counting<Sent>()
  let cursor: string | undefined
  let afterFirst = 0
  for (let i = 0; i < pages; i++) {
    const r = await read(cursor)(env)()
    if (E.isLeft(r)) assert.unreachable(DE.show(r.left))
    const c = (r as E.Right<Paged>).right.cursor
    cursor = c._tag === 'Some' ? c.value : undefined
    if (i === 0) afterFirst = counter.n
  }
  return { afterFirst, asked: sent.flatMap((s) => (Object.values(s.input.RequestItems)[0]?.Keys ?? []).map((k) => k[field]?.S)) }
}

test('keysIn of 10,000 keys: a walk of 5 pages validates the keys once (not once a page), and reads each chunk once, in order', async () => {
  const { codec, counter } = countedString()
  const One = Model.make({ table: 'ones', hashKey: 'id', codec: t.type({ id: codec }) })
  const keys = keysOf(10_000)
  // (the condition built afresh for every page, as a service does: equal content)
  const { afterFirst, asked } = await walk((cursor) => Dynamo.page(One, Model.keysIn(One, keys.map((id) => ({ id }))), { pageSize: 100, maxRequests: 1, ...(cursor === undefined ? {} : { cursor }) }), 5, counter, 'id')
  assert.ok(afterFirst >= 10_000, String(afterFirst))
  assert.is(counter.n, afterFirst, `validations after the first page: ${counter.n - afterFirst}`)
  assert.is(asked.length, 500)
  assert.equal(asked, keys.slice(0, asked.length))
})

test('a hash eq and a range isIn of 10,000 values (their cross product, sorted in the range key\'s order): planned once for a walk of 5 pages, each chunk read once, in order', async () => {
  const { codec, counter } = countedString()
  const Row = Model.make({ table: 'rows', hashKey: 'h', rangeKey: 'r', codec: t.type({ h: t.string, r: codec }) })
  const values = keysOf(10_000)
  const { afterFirst, asked } = await walk((cursor) => Dynamo.page(Row, C.and(C.eq(Row.attrs.h, 'a'), C.isIn(Row.attrs.r, values)), { pageSize: 100, maxRequests: 1, ...(cursor === undefined ? {} : { cursor }) }), 5, counter, 'r')
  assert.ok(afterFirst >= 10_000, String(afterFirst))
  assert.is(counter.n, afterFirst, `validations after the first page: ${counter.n - afterFirst}`)
  assert.is(asked.length, 500)
  assert.equal(asked, [...values].sort().slice(0, asked.length))
})

test.run()
