/**
 * A read aborted before its request (its signal aborted before the call, or between its pages)
 * is the same `AbortError` as one aborted in flight: the abort's reason, when it is an `Error`,
 * is its cause as a plain `{ name, message }` and its message says it; any other reason (or one
 * whose reading throws: the application's getter, a Proxy) is no cause. The error is plain data
 * (JSON, `structuredClone`), as every `DynamoError`: never the application's object itself.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Model from '../../../lib/model/Model.js'
import type * as DE from '../../../lib/DynamoError.js'
import { counting, firstPage } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const Row = Model.make({ table: 'shop', entity: 'row', codec: t.type({ id: t.string, n: t.number }), hashKey: Model.key('pk', 'ROW#{id}'), rangeKey: Model.key('sk', 'ROW') })
const u = User.attrs

const reads = (signal: AbortSignal): Record<string, Dynamo.Op<unknown>> => ({
  getOne: Dynamo.getOne(User, 'a', { signal }),
  getMany: Dynamo.getMany(User, C.gt(u.n, 1), { signal }),
  'getMany of keys': Dynamo.getMany(User, ['a', 'b'], { signal }),
  page: Dynamo.page(User, C.gt(u.n, 1), { signal }),
  pages: firstPage(Dynamo.pages(User, C.gt(u.n, 1), { signal })),
  reduce: Dynamo.reduce(User, C.gt(u.n, 1), 0, (b) => b + 1, { signal }),
  count: Dynamo.count(User, C.gt(u.n, 1), { signal }),
  collection: Dynamo.collection({ row: Row }, { id: 'a' }, { signal }),
})

const trap = () => {
  throw new Error('trapped')
}

test("a read aborted before its call with an Error: AbortError, its cause the reason's plain { name, message }, its message saying it; nothing sent", async () => {
  const c = new AbortController()
  c.abort(new RangeError('the user left'))
  for (const [name, op] of Object.entries(reads(c.signal))) {
    const { env, sent } = counting()
    const r = (await op(env)()) as E.Either<DE.DynamoError, unknown>
    assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', name)
    if (E.isLeft(r) && r.left._tag === 'AwsError') {
      assert.equal(r.left.cause, { name: 'RangeError', message: 'the user left' }, `${name}: the cause`)
      assert.match(r.left.message, /the user left/, `${name}: the message`)
    }
    assert.is(sent.length, 0, `${name}: sent ${sent.length}`)
  }
})

test('a read aborted before its call with a reason that is no Error, or whose reading throws (a Proxy): AbortError without a cause, plain data (JSON, structuredClone)', async () => {
  for (const reason of [{ secret: 'kept by the application' }, new Proxy(new Error('p'), { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap }), 'words']) {
    const c = new AbortController()
    c.abort(reason)
    for (const [name, op] of Object.entries(reads(c.signal))) {
      const { env } = counting()
      const r = (await op(env)()) as E.Either<DE.DynamoError, unknown>
      assert.ok(E.isLeft(r) && r.left._tag === 'AwsError' && r.left.name === 'AbortError', name)
      if (E.isLeft(r) && r.left._tag === 'AwsError') {
        assert.is(r.left.cause, undefined, `${name}: the cause`)
        assert.not.throws(() => JSON.stringify(r.left), `${name}: JSON`)
        assert.not.throws(() => structuredClone(r.left), `${name}: structuredClone`)
      }
    }
  }
})

test.run()
