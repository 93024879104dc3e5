/**
 * getOne takes `consistentRead`, `select`, `includeExpired` and `signal` (DESIGN §5.1); the
 * other read options do not compile there, and given anyway (through `any`, or options spread
 * from another read's) each is a `ValidationError` naming it, before any request, as the
 * other reads refuse what they do not take (`read.ts` `notTaken`): never silently ignored.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { counting } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string }), indexes: { byName: Model.globalIndex({ hashKey: 'name' }) } })

const notTaken: ReadonlyArray<readonly [string, unknown]> = [
  ['cursor', 'abc'],
  ['limit', 1],
  ['pageSize', 10],
  ['maxRequests', 1],
  ['segments', 2],
  ['segment', { index: 0, total: 2 }],
  ['index', 'byName'],
  ['descending', true],
  ['readUnitsPerSecond', 5],
]

test('each read option getOne does not take: a ValidationError naming it, and no request', async () => {
  const { env, sent } = counting()
  for (const [name, value] of notTaken) {
    const r = await Dynamo.getOne(User, 'a@x.io', { [name]: value } as any)(env)()
    if (E.isRight(r)) throw new Error(`${name}: expected a Left`)
    assert.is(r.left._tag, 'ValidationError', name)
    assert.equal((r.left as DE.ValidationError).issues.map((i) => i.path), [name], name)
    assert.match(DE.show(r.left), `getOne takes no ${name}`)
  }
  assert.is(sent.length, 0)
})

test('the options it takes are read (the item absent: NotFound after one GetItem)', async () => {
  const { env, sent } = counting()
  const r = await Dynamo.getOne(User, 'a@x.io', { consistentRead: true, select: ['name'], includeExpired: false, signal: new AbortController().signal })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'NotFound')
  assert.is(sent.length, 1)
  // absent or undefined: not given
  assert.ok(E.isLeft(await Dynamo.getOne(User, 'a@x.io', { limit: undefined } as any)(env)()))
  assert.is(sent.length, 2)
})

test.run()
