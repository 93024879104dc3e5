/**
 * What the item operations take as their model, by the one rule the table operations use
 * (`model/isModel`): `getOne`, `saveOne`, `deleteOne`, `updateOne`, `updateFromDict`,
 * `getMany`, `saveMany`, `deleteMany`, `page`, `pages`, `count`, the transaction entries, and
 * the pure readers (`explain`, `Plan.make`, `Plan.fromKeys`, `Strategy`'s parsers, `Evaluate`) and
 * `Command`'s compilers that answer an `Either` answer a null,
 * non-object or forged model with one `ValidationError`, before any request: never a throw, a
 * rejection, a quoted TypeError, or per-item failures. A model spread (`{ ...User }`) is one.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Model from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import type * as Env from '../../../lib/run/Env.js'
import { counting, firstPage } from '../../harness/counting.js'

const User = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
const u = User.attrs
const now = new Date(0)
/** A parsed strategy of User (what `Plan.fromKeys` and `Command` take). */
const key = ((): S.Strategy => {
  const k = S.parse(User, 'a')
  if (E.isLeft(k)) throw new Error(DE.show(k.left))
  return k.right
})()

type Answer = E.Either<DE.DynamoError, unknown>

/** Each operation given the model `g`, run on `env`: what it answers. */
const ops: ReadonlyArray<readonly [string, (g: typeof User, env: Env.Env) => Answer | Promise<Answer>]> = [
  ['getOne', (g, env) => Dynamo.getOne(g, 'a')(env)()],
  ['getOne with options', (g, env) => Dynamo.getOne(g, 'a', { consistentRead: true })(env)()],
  ['saveOne', (g, env) => Dynamo.saveOne(g, { id: 'a', n: 1 })(env)()],
  ['deleteOne', (g, env) => Dynamo.deleteOne(g, 'a')(env)()],
  ['updateOne', (g, env) => Dynamo.updateOne(g, 'a', [U.set(u.n, 2)])(env)()],
  ['updateFromDict', (g, env) => Dynamo.updateFromDict(g, { id: 'a', n: 2 })(env)()],
  ['getMany', (g, env) => Dynamo.getMany(g, C.eq(u.id, 'a'))(env)()],
  ['getMany of keys', (g, env) => Dynamo.getMany(g, ['a', 'b'])(env)()],
  ['saveMany', (g, env) => Dynamo.saveMany(g, [{ id: 'a', n: 1 }])(env)()],
  ['deleteMany', (g, env) => Dynamo.deleteMany(g, ['a'])(env)()],
  ['deleteMany of a condition', (g, env) => Dynamo.deleteMany(g, C.eq(u.id, 'a'))(env)()],
  ['page', (g, env) => Dynamo.page(g, C.eq(u.id, 'a'))(env)()],
  ['pages', (g, env) => firstPage(Dynamo.pages(g, C.eq(u.id, 'a')))(env)()],
  ['count', (g, env) => Dynamo.count(g, C.eq(u.id, 'a'))(env)()],
  ['explain', (g) => Dynamo.explain(g, 'a')],
  ['transactWrite T.put', (g, env) => Dynamo.transactWrite([T.put(g, { id: 'a', n: 1 })])(env)()],
  ['transactWrite T.update', (g, env) => Dynamo.transactWrite([T.update(g, 'a', [U.set(u.n, 2)])])(env)()],
  ['transactWrite T.delete', (g, env) => Dynamo.transactWrite([T.delete(g, 'a')])(env)()],
  ['transactWrite T.check', (g, env) => Dynamo.transactWrite([T.check(g, C.and(C.eq(u.id, 'a'), C.exists(u.n)))])(env)()],
  ['transactGet T.get', (g, env) => Dynamo.transactGet([T.get(g, 'a')])(env)()],
  ['Plan.make', (g) => Plan.make(g, 'a')],
  ['Plan.fromCondition', (g) => Plan.fromCondition(g, C.eq(u.id, 'a'))],
  ['Plan.fromSelection', (g) => Plan.fromSelection(g, { _tag: 'Where', condition: C.eq(u.id, 'a') })],
  ['Strategy.parse', (g) => S.parse(g, 'a')],
  ['Strategy.parseWrite', (g) => S.parseWrite(g, 'a')],
  ['Strategy.parseList', (g) => S.parseList(g, ['a'])],
  ['Strategy.parseSelection', (g) => S.parseSelection(g, C.eq(u.id, 'a'))],
  ['Strategy.fromValues', (g) => S.fromValues(g, { id: 'a' })],
  ['Strategy.fromCondition', (g) => S.fromCondition(g, C.eq(u.id, 'a'))],
  ['Evaluate.saveOne', (g) => Evaluate.saveOne(g, { id: 'a', n: 1 }, now)],
  ['Evaluate.updateOne', (g) => Evaluate.updateOne(g, 'a', [U.set(u.n, 2)], now)],
  ['Plan.fromKeys', (g) => Plan.fromKeys(g, [key])],
  ['Plan.fromKeys of none', (g) => Plan.fromKeys(g, [])],
  ['Command.putItem', (g) => Command.putItem(g, 'users', { id: { S: 'a' }, n: { N: '1' } }, undefined, now)],
  ['Command.restoreItem', (g) => Command.restoreItem(g, 'users', { id: { S: 'a' }, n: { N: '1' } }, now)],
  ['Command.putCondition', (g) => Command.putCondition(g, { id: { S: 'a' }, n: { N: '1' } }, false, now)],
  ['Command.batchable', (g) => Command.batchable(g, undefined)],
  ['Command.stamp', (g) => Command.stamp(g, { id: 'a', n: 1 }, now)],
  ['Command.updatesOf', (g) => Command.updatesOf(g, [U.set(u.n, 2)], now)],
  ['Command.updateParts', (g) => Command.updateParts(g, key, [U.set(u.n, 2)], now)],
  ['Command.updateItem', (g) => Command.updateItem(g, 'users', key, [U.set(u.n, 2)], now)],
  ['Command.deleteItem', (g) => Command.deleteItem(g, 'users', key, now)],
  ['Command.deleteIf', (g) => Command.deleteIf(g, 'users', key.key, C.exists(u.n), now)],
]

/** What is no model, and what the error says it is. */
const given: ReadonlyArray<readonly [string, unknown, string]> = [
  ['null', null, 'null'],
  ['undefined', undefined, 'undefined'],
  ['5', 5, 'number'],
  ['{}', {}, 'an object that is no model'],
  ["{ _tag: 'Model' }", { _tag: 'Model' }, "an object tagged Model whose table is not a model's"],
  ['a model without its key types', { ...User, keyTypes: {} }, "an object tagged Model whose keyTypes is not a model's: the key types derive from its keys and indexes (it lacks id, a key of its table or indexes); a model with other keys or indexes is made with Model.make"],
]

/** The operation's answer, or what it threw or rejected with (as a failure of the spec, never an answer). */
const answer = async (name: string, f: () => Answer | Promise<Answer>): Promise<Answer> => {
  let r: Answer
  try {
    r = await f()
  } catch (e) {
    assert.unreachable(`${name} threw or rejected: ${String(e)}`)
    throw e
  }
  return r
}

test('every operation that takes a model answers one that is none (null, 5, {}, a forged model) with a ValidationError at model, before any request', async () => {
  for (const [name, model, got] of given) {
    for (const [op, run] of ops) {
      const { env, sent } = counting()
      // a model asked about just before (remembered as one) changes nothing
      assert.ok(E.isRight(S.parse(User, 'a')))
      const r = await answer(`${op} of ${name}`, () => run(model as typeof User, env))
      assert.ok(E.isLeft(r), `${op} of ${name}: ${JSON.stringify(r)}`)
      const at = op.startsWith('transact') ? 'entries[0].model' : 'model'
      if (op.startsWith('transact') && model === undefined) {
        // an entry without its model is no entry (TransactionEntries.spec)
        assert.match(DE.show(r.left), /^ValidationError: entry 0: expected T\.(get|put)/, op)
        assert.equal(sent, [], `${op} of ${name}: nothing sent`)
        continue
      }
      assert.is(DE.show(r.left), `ValidationError: ${at}: expected a model (made by Model.make), got ${got}`, `${op} of ${name}`)
      assert.equal(sent, [], `${op} of ${name}: nothing sent`)
    }
  }
})

test('a model spread ({ ...User }) is a model: every operation runs on it as on User (no ValidationError at model), each time it is given', async () => {
  for (const model of [User, { ...User }, { ...User }]) {
    for (const [op, run] of ops) {
      const { env, sent } = counting()
      const r = await answer(op, () => run(model as typeof User, env))
      const pure = op === 'explain' || /^[A-Z]/.test(op)
      assert.is(sent.length > 0, !pure, `${op} of a spread model: ${pure ? 'nothing' : 'its request'} sent`)
      const notModel = E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues.some((i) => i.path.endsWith('model'))
      assert.not.ok(notModel, `${op} of a spread model: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
      if (op !== 'getOne' && op !== 'getOne with options' && op !== 'updateOne' && op !== 'updateFromDict' && op !== 'transactGet T.get') {
        // (a get or an update of an item absent from the empty table is NotFound)
        assert.ok(E.isRight(r), `${op} of a spread model: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
      }
    }
  }
})

test.run()
