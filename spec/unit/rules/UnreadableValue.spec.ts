/**
 * A condition's or update's value whose reading throws as a whole (a Proxy of a Date whose
 * `getPrototypeOf` trap throws) is refused naming the attribute it is given for,
 * in every operation that takes a snapshot of its AST (`rules/ast.snapshot`: reads, Evaluate,
 * writes' checks), as a property of it that throws is named (`reading the value's x`).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import { snapshot } from '../../../lib/rules/ast.js'

const Event = Model.make({ table: 'events', hashKey: 'id', rangeKey: 'at', codec: t.type({ id: t.string, at: Field.dateTime, seen: Field.dateTime }) })
const e = Event.attrs

const throwing = (trap: 'getPrototypeOf') =>
  new Proxy(new Date(0), {
    [trap]: () => {
      throw new Error(`${trap} refused`)
    },
  })

const standIn = () => {
  const sent: string[] = []
  const send = async (c: { constructor: { name: string } }) => (sent.push(c.constructor.name), { $metadata: {}, Items: [], Count: 0, ScannedCount: 0 })
  return { sent, env: Env.make({ client: { send } as unknown as DynamoDBClient, now: () => new Date(0) }) }
}

test('a value whose reading throws, in a read: a Left naming its attribute, before any request', async () => {
  for (const trap of ['getPrototypeOf'] as const) {
    for (const [c, name] of [
      [C.and(C.eq(e.id, 'a'), C.gt(e.at, throwing(trap) as never)), 'at'],
      [C.and(C.eq(e.id, 'a'), C.lt(e.seen, throwing(trap) as never)), 'seen'],
      [C.between(e.seen, new Date(0), throwing(trap) as never), 'seen'],
    ] as const) {
      const { env, sent } = standIn()
      const r = await Dynamo.getMany(Event, c)(env)()
      if (E.isRight(r)) return assert.unreachable(`${trap}: read as ${JSON.stringify(r.right)}`)
      const shown = DE.show(r.left)
      assert.ok(shown.includes(`${trap} refused`) && shown.includes(`the value given for ${name}`), `${trap}, ${name}: ${shown}`)
      assert.equal(sent, [])
    }
  }
})

test("snapshot: the attribute of the value that cannot be read, nested in AND and NOT", () => {
  const r = snapshot(C.and(C.eq(e.id, 'a'), C.not(C.eq(e.seen, throwing('getPrototypeOf') as never))), 'condition')
  assert.ok(E.isLeft(r) && DE.show(r.left).includes('(the value given for seen)'), JSON.stringify(r))
})

test("the attribute named is the one the value is given for (an action's target), not a path read beside it; a path with a symbol element does not hide the refusal", () => {
  const Sum = Model.make({ table: 'sums', hashKey: 'id', codec: t.type({ id: t.string, total: t.number, base: t.number }) })
  const set = snapshot([U.set(Sum.attrs.total, U.plus(Sum.attrs.base, throwing('getPrototypeOf') as never))], 'update expression')
  assert.ok(E.isLeft(set) && DE.show(set.left).includes('(the value given for total)'), JSON.stringify(set))
  const odd = { _tag: 'Comparison', op: '=', left: { _tag: 'Path', elements: ['a', Symbol('s')] }, right: { _tag: 'Value', value: throwing('getPrototypeOf') } }
  const r = snapshot(odd, 'condition')
  assert.ok(E.isLeft(r) && DE.show(r.left).includes('getPrototypeOf refused') && !DE.show(r.left).includes('Symbol'), E.isLeft(r) ? DE.show(r.left) : 'read')
})

test.run()
