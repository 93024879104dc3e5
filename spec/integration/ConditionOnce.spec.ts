/**
 * A read's condition is read once: a read that is not kept (one given a `signal`), `page` and
 * `deleteMany` plan, send and check their answer (a Query's items all of its partition) from
 * one reading of it. A condition whose `right` answers otherwise after some readings (a
 * Proxy), or throws, never makes an honest answer the endpoint's fault, nor a Left after the
 * request has gone out. The endpoint is a stand-in on loopback that answers every Query with
 * the items of partition 'a'.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import type * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Env from '../../lib/run/Env.js'
import * as Model from '../../lib/model/Model.js'
import { answering } from '../harness/standIn.js'
import { REQUEST_MS } from '../harness/models.js'

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number }) })
const r = Row.attrs

const envOn = (endpoint: string): Env.Env =>
  Env.make({ endpoint, region: 'us-east-2', credentials, timeoutMs: REQUEST_MS, maxAttempts: 2, retry: { baseDelayMs: 1, maxDelayMs: 5 } })

/**
 * `pk = 'a'`, whose `right` is read as 'a' `n` times, then as 'b' (or, with `throws`, throws).
 */
const changing = (n: number, throws: boolean): C.Condition => {
  const a = C.eq(r.pk, 'a')
  const b = C.eq(r.pk, 'b') as unknown as { readonly right: unknown }
  let reads = 0
  return new Proxy(a, {
    get: (target, name) => {
      if (name !== 'right') return Reflect.get(target, name) as unknown
      reads += 1
      if (reads <= n) return Reflect.get(target, name) as unknown
      if (throws) throw new Error('read once too many')
      return b.right
    },
  })
}

const reads: ReadonlyArray<readonly [string, (c: C.Condition, env: Env.Env) => Promise<E.Either<DE.DynamoError, unknown>>]> = [
  ['getMany with a signal', (c, env) => Dynamo.getMany(Row, c, { signal: new AbortController().signal })(env)()],
  ['page', async (c, env) => {
    const p = await Dynamo.page(Row, c, { signal: new AbortController().signal })(env)()
    return E.isLeft(p) ? p : E.right(p.right.items)
  }],
  ['deleteMany', async (c, env) => {
    const d = await Dynamo.deleteMany(Row, c)(env)()
    return E.isLeft(d) ? d : E.right(items)
  }],
]

const items = [{ pk: 'a', sk: 1 }, { pk: 'a', sk: 2 }]

test("a condition whose value reads otherwise after n readings, or throws: the read is its one reading's, never the answer's fault (InvalidAnswer) nor a Left after the request", async () => {
  const s = await answering({
    Query: { Count: 2, Items: [{ pk: { S: 'a' }, sk: { N: '1' } }, { pk: { S: 'a' }, sk: { N: '2' } }] },
    DeleteItem: {},
    BatchWriteItem: { UnprocessedItems: {} },
  })
  try {
    const env = envOn(s.endpoint)
    const wrong: Array<string> = []
    for (const [name, read] of reads)
      for (let n = 1; n <= 16; n++)
        for (const throws of [false, true]) {
          const x = await read(changing(n, throws), env)
          if (JSON.stringify(x) !== JSON.stringify(E.right(items))) wrong.push(`${name}, ${throws ? 'throws' : "'b'"} after ${n} readings: ${JSON.stringify(x)}`)
        }
    assert.equal(wrong, [])
  } finally {
    await s.close()
  }
})

test.run()
