/**
 * A read that would be kept is planned from one snapshot of its condition, the one its key is
 * written from: where that snapshot cannot be kept (a value of no kept kind) or cannot be read
 * (a getter that throws), the read is planned from that snapshot, or is its error, never from
 * the caller's condition read again (a getter answering otherwise at each read: what is sent
 * would be a later reading than the one checked).
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

/** `c` (a comparison), its value read as `answers[0]` the first time, `answers[1]` the second, …, the last one after; `throw` throws. */
const turning = (c: C.Condition, answers: ReadonlyArray<unknown>): C.Condition => {
  let reads = 0
  const value = (v: object) =>
    new Proxy(v, {
      get: (o, k, r) => {
        if (k !== 'value') return Reflect.get(o, k, r)
        const a = answers[Math.min(reads++, answers.length - 1)]
        if (a === 'throw') throw new Error('no value now')
        return a
      },
    })
  return new Proxy(c, { get: (o, k, r) => (k === 'right' ? value(Reflect.get(o, k, r) as object) : Reflect.get(o, k, r)) })
}

test('a read whose condition reads a keyed value first, then one the snapshot cannot keep (a Set) or a throw, then another: planned from the snapshot (its Left), never the condition read again; nothing sent', async () => {
  for (const [what, second] of [['a Set', new Set(['b@x.io'])], ['a throw', 'throw']] as const) {
    // a model of its own: no read kept of it before
    const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string }) })
    const { env, sent } = counting()
    const r = await Dynamo.getMany(User, turning(C.eq(User.attrs.email, 'a@x.io'), ['a@x.io', second, 'c@x.io']))(env)()
    assert.ok(E.isLeft(r), `${what}: ${JSON.stringify(r)} after ${JSON.stringify(sent.map((c) => (c as { input: unknown }).input))}`)
    assert.is(sent.length, 0, what)
    if (E.isLeft(r)) assert.not.match(DE.show(r.left), /c@x\.io/, what)
  }
})

test.run()
