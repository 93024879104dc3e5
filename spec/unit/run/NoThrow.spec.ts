/**
 * Nothing is thrown and no task rejects, whatever the input: each bad input is a Left naming
 * what went wrong (ExpressionError for ASTs, ValidationError for items, values and options),
 * and nothing is sent. Every operation runs against a client that counts requests.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { PassThrough } from 'node:stream'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as P from '../../../lib/ast/Path.js'
import * as U from '../../../lib/ast/Update.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Command from '../../../lib/compile/Command.js'
import type * as T from '../../../lib/compile/Transaction.js'
import type * as DE from '../../../lib/DynamoError.js'
import { counting } from '../../harness/counting.js'

/** Run an operation: its call never throws, its promise never rejects. */
const settle = async <A>(op: () => Dynamo.Op<A>, env: Env.Env): Promise<E.Either<DE.DynamoError, A>> => {
  let task: (() => Promise<E.Either<DE.DynamoError, A>>) | undefined
  let p: Promise<E.Either<DE.DynamoError, A>> | undefined
  assert.not.throws(() => {
    task = op()(env)
    p = task()
  }, 'the call throws')
  let rejected: unknown
  const r = await (p as Promise<E.Either<DE.DynamoError, A>>).catch((e: unknown) => {
    rejected = e
    return undefined
  })
  assert.is(rejected, undefined, `the task rejects: ${String(rejected)}`)
  return r as E.Either<DE.DynamoError, A>
}

const leftOf = (r: E.Either<DE.DynamoError, unknown>, tag: DE.DynamoError['_tag'], what: string): string => {
  assert.ok(E.isLeft(r), `${what}: expected a Left, got ${JSON.stringify(r)?.slice(0, 200)}`)
  const e = (r as E.Left<DE.DynamoError>).left
  assert.is(e._tag, tag, `${what}: ${JSON.stringify(e).slice(0, 300)}`)
  return JSON.stringify(e)
}

const Thing = Model.make({ table: 'things', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number }) })
const n = Thing.attrs.n

// -------------------------------------------------------------------------------------
// conditions and updates of thousands of nodes: refused by size before any recursion
// -------------------------------------------------------------------------------------

const nest = (k: number, f: (c: C.Condition) => C.Condition, leaf: C.Condition = C.eq(n, 1)): C.Condition => {
  let c = leaf
  for (let i = 0; i < k; i++) c = f(c)
  return c
}

const deepConditions: ReadonlyArray<readonly [string, C.Condition]> = [
  ['10,000 nested not', nest(10_000, C.not)],
  ['10,000 nested and of one', nest(10_000, (c) => C.and(c))],
  ['10,000 nested and of two', nest(10_000, (c) => C.and(C.exists(n), c))],
  ['100,000 nested or of one', nest(100_000, (c) => C.or(c))],
]

test('a condition of thousands of nested nodes: an ExpressionError from the compiler, Evaluate and explain; Plan reads only a bounded depth', () => {
  for (const [what, c] of deepConditions) {
    leftOf(X.condition(c), 'ExpressionError', `${what}: Expression.condition`)
    leftOf(X.keyCondition(c), 'ExpressionError', `${what}: Expression.keyCondition`)
    leftOf(X.request({ filter: c }), 'ExpressionError', `${what}: Expression.request`)
    leftOf(Evaluate.condition(c), 'ExpressionError', `${what}: Evaluate.condition`)
    leftOf(Dynamo.explain(Thing, c), 'ExpressionError', `${what}: explain`)
    leftOf(Dynamo.explain(Thing, C.and(C.eq(Thing.attrs.pk, 'a'), c)), 'ExpressionError', `${what}: explain of a key and it`)
    // the planner reads a few levels (each recursion bounded) and leaves the rest to the compiler
    const plan = Plan.make(Thing, c)
    assert.ok(E.isLeft(plan) || plan.right._tag === 'Scan', `${what}: Plan.make`)
    if (E.isRight(plan) && plan.right._tag === 'Scan') leftOf(Command.scan('things', plan.right), 'ExpressionError', `${what}: Command.scan of the plan`)
  }
})

test('a condition of thousands of nested nodes: every operation is a Left, nothing is sent', async () => {
  const { env, sent } = counting()
  for (const [what, c] of deepConditions) {
    const keyed = C.and(C.eq(Thing.attrs.pk, 'a'), c)
    leftOf(await settle(() => Dynamo.getOne(Thing, keyed), env), 'ExpressionError', `${what}: getOne`)
    leftOf(await settle(() => Dynamo.getMany(Thing, c), env), 'ExpressionError', `${what}: getMany`)
    leftOf(await settle(() => Dynamo.getMany(Thing, keyed), env), 'ExpressionError', `${what}: getMany of a key`)
    leftOf(await settle(() => Dynamo.deleteOne(Thing, keyed), env), 'ExpressionError', `${what}: deleteOne`)
    leftOf(await settle(() => Dynamo.deleteMany(Thing, c), env), 'ExpressionError', `${what}: deleteMany`)
    leftOf(await settle(() => Dynamo.updateOne(Thing, keyed, [U.set(n, 1)]), env), 'ExpressionError', `${what}: updateOne`)
    leftOf(await settle(() => Dynamo.saveOne(Thing, { pk: 'a', n: 1 }, { overwrite: c }), env), 'ExpressionError', `${what}: saveOne`)
    const many = await settle(() => Dynamo.saveMany(Thing, [{ pk: 'a', n: 1 }], { overwrite: c }), env)
    assert.ok(E.isLeft(many) || (many.right.success.length === 0 && many.right.failCount === 1), `${what}: saveMany`)
  }
  assert.is(sent.length, 0)
})

test('a very deep update: a Left from the compiler, Evaluate and updateOne, nothing sent', async () => {
  const { env, sent } = counting()
  let deep: unknown = 1
  for (let i = 0; i < 100_000; i++) deep = [deep]
  const Doc = Model.make({ table: 'docs', hashKey: 'pk', codec: t.type({ pk: t.string, doc: t.unknown, l: t.array(t.unknown) }) })
  const R: t.Type<unknown> = t.recursion('R', () => t.union([t.number, t.array(R)]) as t.Type<unknown>)
  const Rec = Model.make({ table: 'recs', hashKey: 'pk', codec: t.type({ pk: t.string, r: R }) })
  let ifs: U.SetOperand = { _tag: 'Value', value: 1, codec: undefined }
  for (let i = 0; i < 10_000; i++) ifs = { _tag: 'IfNotExists', path: P.of('doc'), value: ifs }
  const updates: ReadonlyArray<readonly [string, Model.Model<any, any, any, any>, U.Update]> = [
    ['a value 100,000 lists deep', Doc, [U.set(Doc.attrs.doc, deep)]],
    ['a value 100,000 lists deep in list_append', Doc, [U.set(Doc.attrs.l, U.listAppend(Doc.attrs.l, [deep]))]],
    ['a value 100,000 lists deep, through a recursive codec', Rec, [U.set(Rec.attrs.r, deep)]],
    ['10,000 nested if_not_exists', Doc, [{ _tag: 'Set', path: P.of('doc'), value: ifs }]],
  ]
  for (const [what, m, us] of updates) {
    const compiled = X.update(us)
    assert.ok(E.isLeft(compiled), `${what}: Expression.update`)
    assert.ok(E.isLeft(Evaluate.update(us)), `${what}: Evaluate.update`)
    assert.ok(E.isLeft(await settle(() => Dynamo.updateOne(m, 'a', us), env)), `${what}: updateOne`)
    assert.ok(E.isLeft(await settle(() => Dynamo.saveOne(m, { pk: 'a', doc: deep, l: [deep], r: deep }), env)), `${what}: saveOne`)
  }
  assert.is(sent.length, 0)
})

// -------------------------------------------------------------------------------------
// ASTs that are malformed or cast through any
// -------------------------------------------------------------------------------------

const cyclic = (): C.Condition => {
  const c: { _tag: 'And'; conditions: C.Condition[] } = { _tag: 'And', conditions: [] }
  c.conditions.push(C.eq(n, 1), c)
  return c
}

const throwingProxy = new Proxy({}, {
  get: () => {
    throw new Error('trap')
  },
})

const path = P.of('n')
const malformedConditions: ReadonlyArray<readonly [string, unknown]> = [
  ['an unknown _tag', { _tag: 'Like', path }],
  ['no _tag', { path }],
  ['null', null],
  ['a string', 'n = 1'],
  ['a Comparison without right', { _tag: 'Comparison', op: '=', left: path }],
  ['a Comparison with op "= :x OR"', { _tag: 'Comparison', op: '= 1 OR', left: path, right: { _tag: 'Value', value: 1, codec: undefined } }],
  ['a Comparison with a null operand', { _tag: 'Comparison', op: '=', left: null, right: path }],
  ['a Path with a boolean element', C.exists(A.path('n')) && { _tag: 'Exists', path: { _tag: 'Path', elements: ['n', true] } }],
  ['a Path with no elements', { _tag: 'Exists', path: { _tag: 'Path', elements: [] } }],
  ['a Path whose name is a number', { _tag: 'Exists', path: { _tag: 'Path', elements: [3] } }],
  ['a Path whose elements are a string', { _tag: 'Exists', path: { _tag: 'Path', elements: 'n' } }],
  ['an And of a non-list', { _tag: 'And', conditions: C.eq(n, 1) }],
  ['an And holding null', { _tag: 'And', conditions: [C.eq(n, 1), null] }],
  ['a Not of nothing', { _tag: 'Not' }],
  ['an In of a non-list', { _tag: 'In', operand: path, values: 5 }],
  ['a Value whose codec is garbage', { _tag: 'Comparison', op: '=', left: path, right: { _tag: 'Value', value: 1, codec: 42 } }],
  ['a Value whose codec has no is', { _tag: 'Comparison', op: '=', left: path, right: { _tag: 'Value', value: 1, codec: { encode: (x: unknown) => x } } }],
  ['an AttributeType of a made-up type', { _tag: 'AttributeType', path, type: 'X) OR (#n0' }],
  ['a Size where a condition belongs', { _tag: 'Size', path }],
  ['a cycle', cyclic()],
  ['a Proxy whose traps throw', throwingProxy],
  ['a Comparison whose left is a Proxy', { _tag: 'Comparison', op: '=', left: throwingProxy, right: path }],
]

test('malformed conditions: an ExpressionError everywhere, never a TypeError', async () => {
  const { env, sent } = counting()
  for (const [what, raw] of malformedConditions) {
    const c = raw as C.Condition
    leftOf(X.condition(c), 'ExpressionError', `${what}: Expression.condition`)
    leftOf(X.keyCondition(c), 'ExpressionError', `${what}: Expression.keyCondition`)
    leftOf(Evaluate.condition(c), 'ExpressionError', `${what}: Evaluate.condition`)
    const keyed = C.and(C.eq(Thing.attrs.pk, 'a'), c)
    leftOf(Dynamo.explain(Thing, keyed), 'ExpressionError', `${what}: explain`)
    for (const op of [
      () => Dynamo.getOne(Thing, keyed) as Dynamo.Op<unknown>,
      () => Dynamo.getMany(Thing, keyed),
      () => Dynamo.getMany(Thing, C.and(C.isIn(Thing.attrs.pk, ['a', 'b']), c)),
      () => Dynamo.deleteOne(Thing, keyed),
      () => Dynamo.deleteMany(Thing, C.and(C.gt(n, 1), c)),
      () => Dynamo.updateOne(Thing, keyed, [U.set(n, 2)]),
      () => Dynamo.saveOne(Thing, { pk: 'a', n: 1 }, { overwrite: c }),
    ]) {
      const r = await settle(op, env)
      assert.ok(E.isLeft(r), `${what}: ${JSON.stringify(r).slice(0, 200)}`)
    }
  }
  assert.is(sent.length, 0)
})

const v = (value: unknown): U.SetOperand => ({ _tag: 'Value', value, codec: undefined })
const malformedUpdates: ReadonlyArray<readonly [string, unknown]> = [
  ['not a list', U.set(n, 1)],
  ['null', null],
  ['a list holding null', [null]],
  ['an action of an unknown _tag', [{ _tag: 'Put', path, value: v(1) }]],
  ['a Set without value', [{ _tag: 'Set', path }]],
  ['a Set of a Size', [{ _tag: 'Set', path, value: { _tag: 'Size', path } }]],
  ['a Set whose path has a null element', [{ _tag: 'Set', path: { _tag: 'Path', elements: ['n', null] }, value: v(1) }]],
  ['an Arithmetic with op "* 2 +"', [{ _tag: 'Set', path, value: { _tag: 'Arithmetic', op: '* 2 +', left: path, right: v(1) } }]],
  ['an Arithmetic inside an Arithmetic', [{ _tag: 'Set', path, value: { _tag: 'Arithmetic', op: '+', left: { _tag: 'Arithmetic', op: '+', left: path, right: v(1) }, right: v(1) } }]],
  ['an Add of a Path', [{ _tag: 'Add', path, value: path }]],
  ['a Delete of a codec-less garbage codec', [{ _tag: 'Delete', path, value: { _tag: 'Value', value: new Set([1]), codec: 'x' } }]],
  ['a Proxy action', [throwingProxy]],
]

test('malformed updates: an ExpressionError from the compiler, Evaluate and updateOne, never a TypeError', async () => {
  const { env, sent } = counting()
  for (const [what, raw] of malformedUpdates) {
    const us = raw as U.Update
    leftOf(X.update(us), 'ExpressionError', `${what}: Expression.update`)
    leftOf(Evaluate.update(us), 'ExpressionError', `${what}: Evaluate.update`)
    // (updateOne checks values against the model's codecs: a value under a garbage codec is judged by the model's)
    const r = await settle(() => Dynamo.updateOne(Thing, 'a', us), env)
    assert.ok(E.isLeft(r) && (r.left._tag === 'ExpressionError' || r.left._tag === 'ValidationError'), `${what}: updateOne: ${JSON.stringify(r).slice(0, 200)}`)
  }
  leftOf(X.projection([P.of('a'), null as never]), 'ExpressionError', 'a projection holding null')
  assert.is(sent.length, 0)
})

// -------------------------------------------------------------------------------------
// updateFromDict with names of Object.prototype
// -------------------------------------------------------------------------------------

test('updateFromDict: keys such as constructor, toString, __proto__, hasOwnProperty are not fields', async () => {
  const { env, sent } = counting()
  for (const k of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', '__defineGetter__']) {
    const partial = JSON.parse(`{"pk": "a", ${JSON.stringify(k)}: 1}`) as { pk: string; n: number }
    const r = await settle(() => Dynamo.updateFromDict(Thing, partial), env)
    const e = leftOf(r, 'ValidationError', k)
    assert.match(e, 'is not a field', k)
  }
  assert.is(sent.length, 0)
})

// -------------------------------------------------------------------------------------
// null and non-object options
// -------------------------------------------------------------------------------------

test('null or non-object options: a ValidationError, nothing sent; undefined options are absent', async () => {
  const { env, sent } = counting()
  for (const o of [null, 5, 'overwrite', true]) {
    const opts = o as never
    leftOf(await settle(() => Dynamo.saveOne(Thing, { pk: 'a', n: 1 }, opts), env), 'ValidationError', `saveOne ${String(o)}`)
    leftOf(await settle(() => Dynamo.saveMany(Thing, [{ pk: 'a', n: 1 }], opts), env), 'ValidationError', `saveMany ${String(o)}`)
    leftOf(await settle(() => Dynamo.getMany(Thing, C.gt(n, 1), opts), env), 'ValidationError', `getMany ${String(o)}`)
    leftOf(await settle(() => Dynamo.getMany(Thing, ['a'], opts), env), 'ValidationError', `getMany of keys ${String(o)}`)
  }
  for (const o of [{ overwrite: 'yes' }, { overwrite: null }, { overwrite: 1 }]) {
    leftOf(await settle(() => Dynamo.saveOne(Thing, { pk: 'a', n: 1 }, o as never), env), 'ValidationError', `saveOne ${JSON.stringify(o)}`)
  }
  for (const o of [{ limit: null }, { descending: 'yes' }, { consistentRead: 1 }, { pageSize: '5' }]) {
    leftOf(await settle(() => Dynamo.getMany(Thing, C.gt(n, 1), o as never), env), 'ValidationError', `getMany ${JSON.stringify(o)}`)
  }
  assert.is(sent.length, 0)
  assert.ok(E.isRight(await settle(() => Dynamo.saveOne(Thing, { pk: 'a', n: 1 }, undefined), env)))
  assert.is(sent.length, 1)
})

// -------------------------------------------------------------------------------------
// the application's code throws: getters, Proxies, defaults, codecs
// -------------------------------------------------------------------------------------

const boom = (what: string) => () => {
  throw new Error(what)
}

test("the application's code throws (a getter, a Proxy, a default, a codec): a ValidationError naming it, nothing sent", async () => {
  const { env, sent } = counting()
  const getter = Object.defineProperty({ pk: 'a' }, 'n', { enumerable: true, get: boom('no n today') })
  const proxy = new Proxy({ pk: 'a', n: 1 }, { get: boom('no trap today'), has: boom('no trap today'), ownKeys: boom('no trap today') })
  const Defaulted = Model.make({ table: 'things', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number }), defaults: { n: boom('no default today') } })
  const codecOf = (part: 'is' | 'validate' | 'encode') =>
    new t.Type<number, number, unknown>(
      'Touchy',
      part === 'is' ? (boom('no is today') as never) : (u): u is number => typeof u === 'number',
      part === 'validate' ? boom('no validate today') : (u, c) => (typeof u === 'number' ? t.success(u) : t.failure(u, c)),
      part === 'encode' ? boom('no encode today') : (a) => a + 0,
    )
  const keyCodec = Object.assign(new t.Type<string, string, unknown>('TouchyKey', boom('no key codec today') as never, (u, c) => t.string.validate(u, c), (a) => a), { storedAs: 'S' })
  const touchyKey = Model.make({ table: 'touchy', hashKey: 'pk', codec: t.type({ pk: keyCodec }) })
  const touchy = (part: 'is' | 'validate' | 'encode') => Model.make({ table: 'touchy', hashKey: 'pk', codec: t.type({ pk: t.string, n: codecOf(part) }) })
  const cases: ReadonlyArray<readonly [string, () => Dynamo.Op<unknown>, RegExp]> = [
    ['saveOne of an item with a throwing getter', () => Dynamo.saveOne(Thing, getter as never), /no n today/],
    ['saveOne of a Proxy', () => Dynamo.saveOne(Thing, proxy), /no trap today/],
    ['saveOne with a default that throws', () => Dynamo.saveOne(Defaulted, { pk: 'a' } as never), /no default today/],
    ['saveOne through a codec whose is throws', () => Dynamo.saveOne(touchy('is'), { pk: 'a', n: 1 }), /no is today/],
    ['saveOne through a codec whose encode throws', () => Dynamo.saveOne(touchy('encode'), { pk: 'a', n: 1 }), /no encode today/],
    ['updateOne through a codec whose is throws', () => Dynamo.updateOne(touchy('is'), 'a', [U.set(touchy('is').attrs.n, 1)]), /no is today/],
    ['updateOne through a codec whose encode throws', () => Dynamo.updateOne(touchy('encode'), 'a', [U.set(touchy('encode').attrs.n, 1)]), /no encode today/],
    ['getOne of a key with a throwing getter', () => Dynamo.getOne(Thing, Object.defineProperty({}, 'pk', { enumerable: true, get: boom('no key today') }) as never), /no key today/],
    ['getOne of a Proxy key', () => Dynamo.getOne(Thing, proxy), /no trap today/],
    ['getMany of a Proxy key', () => Dynamo.getMany(Thing, [proxy]), /no trap today/],
    ['getMany of a Proxy list', () => Dynamo.getMany(Thing, new Proxy(['a'], { get: boom('no list today') }) as never), /no list today/],
    ['deleteMany of a Proxy key', () => Dynamo.deleteMany(Thing, [proxy]), /no trap today/],
    ['deleteOne of a Proxy key', () => Dynamo.deleteOne(Thing, proxy), /no trap today/],
    ['updateOne of a Proxy key', () => Dynamo.updateOne(Thing, proxy, [U.set(n, 1)]), /no trap today/],
    ['updateFromDict of a Proxy', () => Dynamo.updateFromDict(Thing, proxy), /no trap today/],
    ['getMany with Proxy options', () => Dynamo.getMany(Thing, C.gt(n, 1), proxy as never), /no trap today/],
    ['saveOne with Proxy options', () => Dynamo.saveOne(Thing, { pk: 'a', n: 1 }, proxy as never), /no trap today/],
    ['getOne of a key through a codec whose is throws', () => Dynamo.getOne(touchyKey, 'a'), /no key codec today/],
  ]
  for (const [what, op, why] of cases) {
    const e = leftOf(await settle(op, env), 'ValidationError', what)
    assert.match(e, why, what)
  }
  // saveMany: each such item in `fail` with its ValidationError
  const many: ReadonlyArray<readonly [string, () => Dynamo.Op<Dynamo.BatchResult<unknown>>, RegExp]> = [
    ['an item with a throwing getter', () => Dynamo.saveMany(Thing, [getter as never, { pk: 'b', n: 1 }], { overwrite: false }), /no n today/],
    ['a Proxy', () => Dynamo.saveMany(Thing, [proxy, { pk: 'b', n: 1 }], { overwrite: false }), /no trap today/],
    ['a default that throws', () => Dynamo.saveMany(Defaulted, [{ pk: 'a' } as never, { pk: 'b', n: 1 }], { overwrite: false }), /no default today/],
  ]
  for (const [what, op, why] of many) {
    const before = sent.length
    const r = await settle(op, env)
    assert.ok(E.isRight(r), `saveMany of ${what}`)
    const fail = (r as E.Right<Dynamo.BatchResult<unknown>>).right.fail
    assert.is(fail.length, 1, what)
    assert.is(fail[0]?.error._tag, 'ValidationError', what)
    assert.match(JSON.stringify(fail[0]?.error), why, what)
    assert.is(sent.length, before + 1, `${what}: only the good item is sent`)
    sent.length = before
  }
  assert.is(sent.length, 0)
})

test("a codec whose validate throws, on the way back: getOne and getMany are Lefts (the item was read)", async () => {
  const touchy = new t.Type<number, number, unknown>('Touchy', (u): u is number => typeof u === 'number', boom('no validate today'), (a) => a)
  const M = Model.make({ table: 'touchy', hashKey: 'pk', codec: t.type({ pk: t.string, n: touchy }) })
  const item = { pk: { S: 'a' }, n: { N: '1' } }
  const env = Env.make({
    client: { send: async () => ({ Item: item, Items: [item], Responses: { touchy: [item] }, $metadata: {} }) } as unknown as DynamoDBClient,
    sleep: async () => undefined,
  })
  for (const op of [() => Dynamo.getOne(M, 'a'), () => Dynamo.getMany(M, ['a']), () => Dynamo.getMany(M, C.gt(M.attrs.n, 0))]) {
    const e = leftOf(await settle(op as () => Dynamo.Op<unknown>, env), 'ValidationError', 'decode')
    assert.match(e, /no validate today/)
  }
})

test('transactions, table management, clearTable and send given garbage (null, undefined, entries and models cast through any, a Proxy whose every read throws): a Left, never a throw or a rejection, nothing sent', async () => {
  const M = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
  const trap = new Proxy({}, { get: () => { throw new Error('trap') } })
  const garbage: ReadonlyArray<unknown> = [null, undefined, [null], [undefined], [{}], [{ _tag: 'Put' }], [{ _tag: 'Get', model: null }], trap, [trap]]
  const ops: ReadonlyArray<readonly [string, (g: never) => Dynamo.Op<unknown>]> = [
    ['transactWrite', (g) => Dynamo.transactWrite(g)],
    ['transactWrite options', (g) => Dynamo.transactWrite([] as ReadonlyArray<T.Write>, g)],
    ['transactGet', (g) => Dynamo.transactGet(g)],
    ['transactGet options', (g) => Dynamo.transactGet([] as ReadonlyArray<T.Get>, g)],
    ['describeTable', (g) => Dynamo.describeTable(g)],
    ['planTable', (g) => Dynamo.planTable(g)],
    ['syncTable', (g) => Dynamo.syncTable(g)],
    ['clearTable options', (g) => Dynamo.clearTable(M, g)],
    ['send', (g) => Dynamo.send(g)],
  ]
  for (const [name, op] of ops) {
    for (const [i, g] of garbage.entries()) {
      if (name.endsWith('options') && g !== null && g !== trap) continue // undefined options are absent; an array is an object without options
      const { env, sent } = counting()
      const r = await settle(() => op(g as never), env)
      assert.ok(E.isLeft(r), `${name} of garbage ${i}: ${JSON.stringify(r)}`)
      assert.equal(sent, [], `${name} of garbage ${i}: nothing sent`)
    }
  }
})

test('load and dump given a null or throwing model or options: a Left, never a throw or a rejection, nothing sent', async () => {
  const M = Model.make({ table: 'users', hashKey: 'id', codec: t.type({ id: t.string, n: t.number }) })
  const trap = new Proxy({}, { get: () => { throw new Error('trap') } })
  const lines = async function* (): AsyncGenerator<string> {
    yield '{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}'
  }
  for (const g of [null, trap]) {
    const ops: ReadonlyArray<readonly [string, () => Dynamo.Op<unknown>]> = [
      ['load model', () => Dynamo.load(g as never, lines())],
      ['load options', () => Dynamo.load(M, lines(), g as never)],
      ['dump model', () => Dynamo.dump(g as never, new PassThrough())],
      ['dump options', () => Dynamo.dump(M, new PassThrough(), g as never)],
    ]
    for (const [name, op] of ops) {
      const { env, sent } = counting()
      const r = await settle(op, env)
      assert.ok(E.isLeft(r), `${name} of ${g === null ? 'null' : 'a trap'}: ${JSON.stringify(r)}`)
      assert.equal(sent, [], `${name}: nothing sent`)
    }
  }
})

test.run()
