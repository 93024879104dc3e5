/**
 * Property: every function exported from the package root, called with hostile arguments
 * (spec/arb/garbage.ts: any JS value, loose and malformed ASTs, cycles, trees thousands deep,
 * throwing getters and Proxies; a real model, a forged one, a handle), answers by its contract
 * and never throws (DESIGN §1). The table below says, for each export, which
 * contract it has:
 *
 * | contract      | what is asserted                                                                        |
 * | ------------- | --------------------------------------------------------------------------------------- |
 * | `either`      | returns an Either; a Left is a DynamoError; a forged model is a Left naming the model    |
 * | `op`          | the call returns; run with an Env, the task resolves to an Either (never rejects)        |
 * | `string`      | returns a string (a printer for people: a malformed input is described, not thrown)      |
 * | `boolean`     | returns a boolean (a predicate: garbage is `false`, never a throw)                       |
 * | `total`       | returns (a builder of an AST node or an SDK input: what is malformed in it, the compiler |
 * |               | refuses later, saying where; `Command`'s condition builders and `Model.keysIn` answer    |
 * |               | what is no model with a node every interpreter refuses naming it: the last test)         |
 * | `declaration` | a static declaration (DESIGN §1): it may throw a `SchemaException` and nothing else (what |
 * |               | reading its input threw, a getter's, a Proxy's, is quoted in one); never a TypeError     |
 * | `fold`        | `match(handlers)` returns a fold; the fold runs the caller's handlers on a value of its  |
 * |               | union (its answer is the handlers'); it is not called with garbage here                  |
 * | `class`       | a class (`new` only): constructing one with garbage is a declaration's contract          |
 * | `sdk`         | the AWS SDK's own class, re-exported (`Field.NumberValue`): its contract is the SDK's    |
 *
 * The table must hold every function of the root: a new export without a row fails the spec.
 */
import { ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as Root from '../../lib/index.js'
import { SchemaException } from '../../lib/DynamoError.js'
import { codecOfPath } from '../../lib/ast/nodes.js'
import { isModel as isModelOf } from '../../lib/model/isModel.js'
import * as G from '../arb/garbage.js'
import { counting } from '../harness/counting.js'

type Contract = 'either' | 'op' | 'string' | 'boolean' | 'total' | 'declaration' | 'fold' | 'class' | 'sdk'

const contracts: Readonly<Record<string, Readonly<Record<string, Contract>>>> = {
  Attr: { path: 'total' },
  Command: {
    absentCondition: 'total', batchable: 'either', checkCondition: 'total', createTable: 'either', deleteCondition: 'total', deleteFound: 'either', deleteIf: 'either',
    deleteItem: 'either', enableTtl: 'either', existsCondition: 'total', expiredCondition: 'total', getItem: 'either', isExpired: 'boolean',
    liveCondition: 'total', livePlan: 'total', page: 'total', putCondition: 'either', putItem: 'either', query: 'either', restoreItem: 'either',
    saveCondition: 'total', scan: 'either', stamp: 'either', updateItem: 'either', updateParts: 'either', updatesOf: 'either',
  },
  Condition: {
    and: 'total', attributeType: 'total', beginsWith: 'total', between: 'total', contains: 'total', eq: 'total', exists: 'total', gt: 'total', gte: 'total',
    isIn: 'total', lt: 'total', lte: 'total', match: 'fold', ne: 'total', not: 'total', notExists: 'total', or: 'total', size: 'total', value: 'total',
  },
  Dynamo: {
    clearTable: 'op', collection: 'op', count: 'op', createTable: 'op', deleteMany: 'op', deleteOne: 'op', deleteTable: 'op', describeTable: 'op', dump: 'op',
    explain: 'either', getMany: 'op', getOne: 'op', load: 'op', page: 'op', pages: 'op', planTable: 'op', reduce: 'op', saveMany: 'op', saveOne: 'op', send: 'op',
    syncTable: 'op', transactGet: 'op', transactWrite: 'op', updateFromDict: 'op', updateOne: 'op',
  },
  DynamoError: {
    SchemaException: 'class', awsError: 'total', conditionalCheckFailed: 'total', configError: 'total', draw: 'string', expressionError: 'total',
    isDynamoError: 'boolean', itemTooLarge: 'total', match: 'fold', notFound: 'total', schemaError: 'total', show: 'string', transactionCanceled: 'total',
    validationError: 'total',
  },
  Env: { fromEnv: 'either', make: 'total', show: 'string', tableName: 'string', withBatch: 'total' },
  Evaluate: { condition: 'either', saveOne: 'either', update: 'either', updateOne: 'either' },
  Expression: { condition: 'either', keyCondition: 'either', projection: 'either', request: 'either', show: 'string', showUpdate: 'string', update: 'either' },
  Field: { NumberValue: 'sdk', float: 'declaration', int: 'declaration', list: 'declaration', make: 'declaration', map: 'declaration', string: 'declaration' },
  Item: {
    decode: 'either', decodeValue: 'either', encode: 'either', marshall: 'either', marshallValue: 'either', size: 'total', unmarshall: 'either', unmarshallValue: 'either',
  },
  Model: { attrsOf: 'total', decode: 'either', encode: 'either', globalIndex: 'declaration', key: 'declaration', keysIn: 'total', localIndex: 'declaration', make: 'declaration' },
  Path: { equals: 'boolean', index: 'total', isPath: 'boolean', key: 'total', name: 'total', of: 'total', show: 'string' },
  Plan: { fromCondition: 'either', fromKeys: 'either', fromSelection: 'either', make: 'either', match: 'fold', show: 'string' },
  Strategy: { fromCondition: 'either', fromValues: 'either', match: 'fold', parse: 'either', parseList: 'either', parseSelection: 'either', parseWrite: 'either' },
  Table: { diff: 'total', shapeOf: 'either' },
  TablePlan: { createTable: 'either', isEmpty: 'boolean', request: 'either', show: 'string', unfixable: 'total', updateTimeToLive: 'total' },
  Transaction: { check: 'total', delete: 'total', get: 'total', put: 'total', toGetInput: 'either', toWriteInput: 'either', update: 'total' },
  Update: {
    add: 'total', append: 'total', decrement: 'total', deleteFrom: 'total', ifNotExists: 'total', increment: 'total', listAppend: 'total', match: 'fold',
    minus: 'total', plus: 'total', prepend: 'total', remove: 'total', set: 'total', setIfNotExists: 'total',
  },
}

type Fn = (...args: ReadonlyArray<unknown>) => unknown
const exported: ReadonlyArray<readonly [string, Fn, Contract]> = Object.entries(Root as unknown as Record<string, Record<string, unknown>>).flatMap(([ns, mod]) =>
  Object.entries(mod)
    .filter((e): e is [string, Fn] => typeof e[1] === 'function')
    .map(([k, f]) => [`${ns}.${k}`, f, contracts[ns]?.[k] as Contract] as const),
)

const Thing = Root.Model.make({ table: 'things', hashKey: 'pk', codec: t.type({ pk: t.string, n: t.number, s: t.array(t.string) }) })
const Pair = Root.Model.make({ table: 'pairs', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number, exp: Root.Field.epochSeconds }), ttl: 'exp' })

/** Prototypes of the language, recorded by name and not walked. */
const builtins = new Map<unknown, string>(
  [Object, Array, Function, Date, Map, Set, WeakMap, WeakSet, RegExp, Error, Promise, Uint8Array, ArrayBuffer, Number, String, Boolean, Symbol, BigInt].map((c) => [c.prototype, c.name]),
)

/**
 * Everything reachable from `roots`, as lines: each object met (numbered in the order met), its
 * prototype, whether it is extensible, each own property (symbols, and what is not enumerable,
 * included) with its value or, for an accessor, what its getter answers, a path node's codec
 * (`codecOfPath`, a table outside the node), a Map's or Set's entries. A function's identity is
 * its number, its own properties walked too. Two snapshots are equal when nothing reachable
 * was changed, added or taken away, and no object was replaced by another.
 */
const reachable = (roots: ReadonlyArray<unknown>): ReadonlyArray<string> => {
  const ids = new Map<unknown, number>()
  const out: string[] = []
  const queue: unknown[] = []
  const ref = (v: unknown): string => {
    if (typeof v === 'string') return JSON.stringify(v)
    if (typeof v === 'symbol') return v.toString()
    if (typeof v === 'bigint') return `${v}n`
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) return Object.is(v, -0) ? '-0' : String(v)
    const builtin = builtins.get(v)
    if (builtin !== undefined) return `<${builtin}.prototype>`
    let id = ids.get(v)
    if (id === undefined) {
      id = ids.size
      ids.set(v, id)
      queue.push(v)
    }
    return `#${id}`
  }
  for (const r of roots) ref(r)
  for (let i = 0; i < queue.length; i++) {
    const o = queue[i] as object
    const at = `#${i}`
    out.push(`${at} ${typeof o} proto ${ref(Object.getPrototypeOf(o))}${Object.isExtensible(o) ? '' : ' closed'}${Object.isFrozen(o) ? ' frozen' : ''}`)
    for (const k of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, k) as PropertyDescriptor
      const flags = `${d.enumerable === true ? 'e' : '-'}${d.configurable === true ? 'c' : '-'}${d.writable === true ? 'w' : '-'}`
      if ('value' in d) out.push(`${at}.${String(k)} ${flags} = ${ref(d.value)}`)
      else {
        let got: string
        try {
          got = ref(Reflect.get(o, k))
        } catch (e) {
          got = `threw ${String(e)}`
        }
        out.push(`${at}.${String(k)} ${flags} get ${ref(d.get)} set ${ref(d.set)} -> ${got}`)
      }
    }
    const codec = codecOfPath(o as never)
    if (codec !== undefined) out.push(`${at} codecOfPath ${ref(codec)}`)
    if (o instanceof Map) for (const [k, v] of o) out.push(`${at} map ${ref(k)} -> ${ref(v)}`)
    if (o instanceof Set) for (const v of o) out.push(`${at} set ${ref(v)}`)
  }
  return out
}

/**
 * What is reachable from the shared models, taken before any property runs (each handle of
 * theirs made, by reading it): each property below gives them, their handles and shallow
 * copies of them to every function, none of which may write into what it is given (DESIGN §1).
 */
const sharedBefore = reachable([Thing, Pair])

/** Fails unless what is reachable from the shared models is as it was, showing the first line that differs (`after`: what ran). */
const sharedUnchanged = (after: string): void => {
  const now = reachable([Thing, Pair])
  if (now.length === sharedBefore.length && now.every((l, i) => l === sharedBefore[i])) return
  // the first line that differs (the objects are numbered in the order met: later lines shift)
  let i = 0
  while (now[i] === sharedBefore[i]) i++
  let h = Math.min(i, sharedBefore.length - 1)
  while (h > 0 && !/^#\d+ /.test(sharedBefore[h] as string)) h--
  const object = sharedBefore[h]
  assert.unreachable(`after ${after}, what is reachable from Thing and Pair changed, first in ${object}:\nwas ${sharedBefore[i] ?? '(nothing)'}\nnow ${now[i] ?? '(nothing)'}`)
}

/** A model's shape that `Model.make` did not build: a real one with parts replaced, or changed after. */
const forgedModel: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>({ ...Thing, table: 1 }, { ...Pair, ttl: 'nope' }, { ...Pair, attrs: {} }, { ...Thing, keyFields: null }, { _tag: 'Model' }, { ...Pair, entity: 'e' }),
  fc
    .dictionary(fc.constantFrom('table', 'hashKey', 'rangeKey', 'attrs', 'ttl', 'version', 'timestamps', 'entity', 'keyFields', 'keyTypes', 'codec', 'indexes', 'throughput'), fc.oneof(fc.anything({ maxDepth: 1 }), G.hostile), { minKeys: 1, maxKeys: 3 })
    .map((d) => ({ ...(d.table === undefined ? Pair : Thing), ...d })),
)

/** An argument: garbage, a hostile value, a real model or handle, a forged model. */
const argument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: G.garbage },
  { weight: 2, arbitrary: G.hostile },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(Thing, Pair, Thing.attrs.n, Pair.attrs.exp, 'things', new Date(0)) },
  { weight: 2, arbitrary: forgedModel },
)
const args = fc.array(argument, { minLength: 4, maxLength: 4 })

/** A client that counts nothing and refuses each request (a non-retryable AwsError): nothing goes past a request. */
const env = Root.Env.make({
  client: { send: () => Promise.reject(new ResourceNotFoundException({ message: 'no table here', $metadata: {} })) } as unknown as DynamoDBClient,
  sleep: async () => undefined,
})

const isEither = (r: unknown): boolean => {
  const x = r as { _tag?: unknown; left?: { _tag?: unknown; message?: unknown } } | null
  if (typeof x !== 'object' || x === null) return false
  if (x._tag === 'Right') return true
  return x._tag === 'Left' && Root.DynamoError.isDynamoError(x.left) && Root.DynamoError.show(x.left) !== ''
}

/** Why `r`, the answer of `f` of contract `c`, breaks the contract; `undefined` when it holds. */
const broken = async (c: Contract, f: Fn, a: ReadonlyArray<unknown>): Promise<string | undefined> => {
  // the SDK's class: its contract is the SDK's, not called here
  if (c === 'sdk') return undefined
  let r: unknown
  try {
    r = c === 'class' ? new (f as unknown as new (...xs: ReadonlyArray<unknown>) => unknown)(...a) : f(...a)
  } catch (e) {
    if ((c === 'declaration' || c === 'class') && e instanceof SchemaException) return undefined
    return `threw ${String(e).slice(0, 200)}`
  }
  switch (c) {
    case 'either':
      return isEither(r) ? undefined : `answered no Either: ${String(r).slice(0, 100)}`
    case 'string':
      return typeof r === 'string' ? undefined : `answered no string: ${typeof r}`
    case 'boolean':
      return typeof r === 'boolean' ? undefined : `answered no boolean: ${typeof r}`
    case 'fold':
      return typeof r === 'function' ? undefined : 'answered no function'
    case 'op': {
      if (typeof r !== 'function') return 'answered no function of an Env'
      let run: unknown
      try {
        run = (r as (e: unknown) => unknown)(env)
      } catch (e) {
        return `threw when given the Env: ${String(e).slice(0, 200)}`
      }
      try {
        if (typeof run === 'function') {
          const out = await (run as () => Promise<unknown>)()
          return isEither(out) ? undefined : 'resolved to no Either'
        }
        // pages: an async iterable of Eithers
        for await (const p of run as AsyncIterable<unknown>) if (!isEither(p)) return 'gave a page that is no Either'
        return undefined
      } catch (e) {
        return `rejected: ${String(e).slice(0, 200)}`
      }
    }
    default:
      return undefined
  }
}

test('the table holds every function exported from the root, and only those', () => {
  const missing = exported.filter(([, , c]) => c === undefined).map(([n]) => n)
  assert.equal(missing, [], `exports without a contract: ${missing.join(', ')}`)
  const names = new Set(exported.map(([n]) => n))
  const stale = Object.entries(contracts).flatMap(([ns, fs]) => Object.keys(fs).map((k) => `${ns}.${k}`)).filter((n) => !names.has(n))
  assert.equal(stale, [], `rows of no export: ${stale.join(', ')}`)
  assert.is(exported.length, 173)
})

/** Runs of each namespace's property, all counted (the report's figure). */
const RUNS_EACH = 150

for (const [ns] of Object.entries(contracts)) {
  test(`${ns}: every export, called with hostile arguments, answers by its contract and never throws`, async () => {
    const fns = exported.filter(([n]) => n.startsWith(`${ns}.`))
    // what broke, by function: collected, not asserted inside the property (fast-check cannot
    // print a hostile value: its getters throw), then every broken function named at once
    const broke = new Map<string, string>()
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fns), args, async ([name, f, c], a) => {
        const why = await broken(c, f, a)
        if (why !== undefined && !broke.has(name)) broke.set(name, `${name} (${c}): ${why}`)
      }),
      { numRuns: ns === 'Dynamo' ? 4 * RUNS_EACH : fns.length * RUNS_EACH },
    )
    assert.equal([...broke.values()], [])
    sharedUnchanged(`${ns}'s property`)
  })
}

test('a Proxy whose every trap throws, in every place: each export answering an Either or an Op answers a Left naming what is wrong', async () => {
  const boom = (): never => {
    throw new Error('garbage says no')
  }
  const proxy = (): unknown => new Proxy({}, { get: (t, k) => (typeof k === 'symbol' ? Reflect.get(t, k) : boom()), has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom })
  const said: string[] = []
  for (const [name, f, c] of exported) {
    if (c !== 'either' && c !== 'op') continue
    let r: unknown
    try {
      r = f(proxy(), proxy(), proxy(), proxy())
      if (c === 'op') {
        const run = (r as (e: unknown) => unknown)(env)
        r = typeof run === 'function' ? await (run as () => Promise<unknown>)() : (await (run as AsyncIterable<unknown>)[Symbol.asyncIterator]().next()).value
      }
    } catch (e) {
      said.push(`${name}: threw or rejected ${String(e)}`)
      continue
    }
    const left = (r as { _tag?: string; left?: Root.DynamoErrorType }).left
    if ((r as { _tag?: string })._tag !== 'Left' || left === undefined) said.push(`${name}: no Left`)
    // what is wrong: the Proxy's own error quoted, or what was expected in its place
    else if (!/garbage says no|expected|a list of/.test(Root.DynamoError.show(left))) said.push(`${name}: ${Root.DynamoError.show(left)}`)
  }
  assert.equal(said, [])
})

test('Expression.request of no parts (null, a number): the ExpressionError naming the parts', () => {
  for (const parts of [null, undefined, 1]) {
    const r = Root.Expression.request(parts as never)
    assert.ok(r._tag === 'Left', String(parts))
    assert.is(Root.DynamoError.show(r.left), `ExpressionError: the request: expected its parts (keyCondition, filter, condition, projection, update), got ${String(parts)}`)
  }
})

test('a forged model, in the model place of every export that takes one and answers an Either: a Left naming the model', async () => {
  const takesModel: ReadonlyArray<readonly [string, (m: unknown, x: unknown) => unknown]> = [
    ...(['batchable', 'deleteFound', 'deleteIf', 'deleteItem', 'putCondition', 'putItem', 'restoreItem', 'stamp', 'updateItem', 'updateParts', 'updatesOf'] as const).map(
      (k) => [`Command.${k}`, (m: unknown, x: unknown) => (Root.Command[k] as Fn)(m, x, x, x, new Date(0))] as const,
    ),
    ['Evaluate.saveOne', (m, x) => Root.Evaluate.saveOne(m as never, x as never, new Date(0))],
    ['Evaluate.updateOne', (m, x) => Root.Evaluate.updateOne(m as never, x as never, [], new Date(0))],
    ['Model.encode', (m, x) => Root.Model.encode(m as never, x as never)],
    ['Model.decode', (m, x) => Root.Model.decode(m as never, x as never)],
    ['Plan.make', (m, x) => Root.Plan.make(m as never, x)],
    ['Strategy.parse', (m, x) => Root.Strategy.parse(m as never, x)],
    ['Dynamo.explain', (m, x) => Root.Dynamo.explain(m as never, x as never)],
    ['Command.createTable', (m) => Root.Command.createTable('things', m as never)],
    ['Command.enableTtl', (m) => Root.Command.enableTtl('things', m as never)],
    ['Table.shapeOf', (m) => Root.Table.shapeOf(m as never)],
  ]
  const broke = new Map<string, string>()
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...takesModel), fc.oneof(forgedModel, fc.constantFrom<unknown>(null, undefined, {}, 'things', [Thing])), G.garbage, async ([name, f], m, x) => {
      if (isModelOf(m) || broke.has(name)) return
      let r: unknown
      try {
        r = f(m, x)
      } catch (e) {
        broke.set(name, `${name}: threw ${String(e).slice(0, 200)}`)
        return
      }
      const left = (r as { _tag: string; left?: Root.DynamoErrorType }).left
      if ((r as { _tag: string })._tag !== 'Left' || left === undefined) broke.set(name, `${name}: answered a forged model with a Right`)
      else if (!Root.DynamoError.show(left).includes('model')) broke.set(name, `${name}: the Left does not name the model: ${Root.DynamoError.show(left)}`)
    }),
    { numRuns: 1500 },
  )
  assert.equal([...broke.values()], [])
  sharedUnchanged('the forged models property')
})

test("a forged model given to Command's condition builders and Model.keysIn: a condition every interpreter refuses, naming the model", async () => {
  const now = new Date(0)
  const builders: ReadonlyArray<readonly [string, (m: unknown, x: unknown) => unknown]> = [
    ['Command.absentCondition', (m) => Root.Command.absentCondition(m as never, now)],
    ['Command.expiredCondition', (m) => Root.Command.expiredCondition(m as never, now)],
    ['Command.liveCondition', (m) => Root.Command.liveCondition(m as never, now)],
    ['Command.saveCondition', (m, x) => Root.Command.saveCondition(m as never, x === undefined ? false : (x as never), now)],
    ['Command.existsCondition', (m, x) => Root.Command.existsCondition(m as never, x as never, now)],
    ['Command.deleteCondition', (m, x) => Root.Command.deleteCondition(m as never, x as never, now)],
    ['Command.checkCondition', (m, x) => Root.Command.checkCondition(m as never, x as never, now)],
    ['Model.keysIn', (m, x) => Root.Model.keysIn(m as never, [x] as never)],
  ]
  const broke = new Map<string, string>()
  fc.assert(
    fc.property(fc.constantFrom(...builders), fc.oneof(forgedModel, fc.constantFrom<unknown>(null, undefined, {}, 'things', [Thing])), fc.constantFrom<unknown>(undefined, false, Root.Condition.exists(Thing.attrs.n), 'a'), ([name, f], m, x) => {
      if (isModelOf(m) || broke.has(name)) return
      let c: unknown
      try {
        c = f(m, x)
      } catch (e) {
        broke.set(name, `${name}: threw ${String(e).slice(0, 200)}`)
        return
      }
      for (const [by, r] of [
        ['Expression.condition', Root.Expression.condition(c as never)],
        ['Evaluate.condition', Root.Evaluate.condition(c as never)],
      ] as const) {
        if (r._tag !== 'Left') broke.set(name, `${name}: ${by} took the condition of a forged model`)
        else if (!Root.DynamoError.show(r.left).includes('expected a model (made by Model.make)')) broke.set(name, `${name}: ${by} does not name the model: ${Root.DynamoError.show(r.left)}`)
      }
    }),
    { numRuns: 1000 },
  )
  assert.equal([...broke.values()], [])
  sharedUnchanged("the condition builders' property")
  // (expiredCondition and liveCondition of a model without ttl are no condition: undefined)
  assert.is(Root.Command.expiredCondition(Thing, now), undefined)
  assert.ok(Root.Command.absentCondition(Thing, now)._tag === 'NotExists')

  // each builder's refusal, bare and inside And, Or and Not, is a condition to every reader of a
  // strategy or selection (never a key object: on a model keyed `why`, its text would be the
  // key), refused naming its reason; an operation given one sends nothing
  const Note = Root.Model.make({ table: 'notes', hashKey: 'why', codec: t.type({ why: t.string, text: t.string }) })
  const refusals: ReadonlyArray<readonly [string, unknown]> = [
    ...builders.flatMap(([name, f]) => [null, 'things', { ...Thing, table: 1 }].map((m) => [`${name} of ${JSON.stringify(m)?.slice(0, 20)}`, f(m, Root.Condition.exists(Thing.attrs.n))] as const)),
    ["Model.keysIn(Note, 'n1')", Root.Model.keysIn(Note, 'n1' as never)],
    ['Model.keysIn(Note, a Set)', Root.Model.keysIn(Note, new Set(['n1', 'n2']) as never)],
    ['Model.keysIn(Thing, a Set)', Root.Model.keysIn(Thing, new Set(['n1']) as never)],
  ]
  const said: string[] = []
  const { env: recording, sent } = counting()
  const runs: Array<Promise<void>> = []
  for (const [name, r] of refusals) {
    const why = (r as { why?: unknown }).why
    if ((r as { _tag?: unknown })._tag !== 'Refused' || typeof why !== 'string') {
      said.push(`${name}: no refusal`)
      continue
    }
    for (const [m, key] of [
      [Note, Note.attrs.why],
      [Thing, Thing.attrs.pk],
    ] as const) {
      const eq = Root.Condition.eq(key as never, 'x')
      const shapes: ReadonlyArray<readonly [string, unknown, boolean]> = [
        ['bare', r, true],
        ['in And', Root.Condition.and(eq, r as never), true],
        ['in Or', Root.Condition.or(eq, r as never), false],
        ['in Not', Root.Condition.not(r as never), false],
      ]
      for (const [shape, c, planned] of shapes) {
        const at = `${name}, ${shape}, on ${m.table}`
        const refusedHere = (by: string, e: E.Either<Root.DynamoErrorType, unknown>): void => {
          if (e._tag !== 'Left') said.push(`${at}: ${by} took it`)
          else if (!Root.DynamoError.show(e.left).includes(why)) said.push(`${at}: ${by} lost the reason: ${Root.DynamoError.show(e.left)}`)
        }
        refusedHere('Dynamo.explain', Root.Dynamo.explain(m as never, c as never))
        refusedHere('Strategy.parse', Root.Strategy.parse(m as never, c))
        // the planner refuses the condition or a conjunct; deeper, the filter it plans, drawn refused, which the compiler refuses
        for (const [by, plan] of [
          ['Plan.make', Root.Plan.make(m as never, c)],
          ['Plan.fromSelection', E.chain((sel: Root.Selection) => Root.Plan.fromSelection(m as never, sel))(Root.Strategy.parseSelection(m as never, c))],
        ] as const) {
          if (planned || plan._tag === 'Left') refusedHere(by, plan)
          else if (!Root.Plan.show(plan.right).includes(`(refused: ${why})`)) said.push(`${at}: Plan.show does not draw the refusal: ${Root.Plan.show(plan.right)}`)
          else refusedHere(`${by}, compiled`, Root.Expression.condition((plan.right as { filter: Root.Condition.Condition }).filter))
        }
        for (const [op, run] of [
          ['Dynamo.getOne', Root.Dynamo.getOne(m as never, c as never)],
          ['Dynamo.deleteOne', Root.Dynamo.deleteOne(m as never, c as never)],
          ['Dynamo.getMany', Root.Dynamo.getMany(m as never, c as never)],
          ['Dynamo.deleteMany', Root.Dynamo.deleteMany(m as never, c as never)],
          ['Dynamo.count', Root.Dynamo.count(m as never, c as never)],
        ] as const) {
          runs.push((run as (e: Root.Env.Env) => () => Promise<E.Either<Root.DynamoErrorType, unknown>>)(recording)().then((e) => refusedHere(op, e)))
        }
      }
    }
  }
  await Promise.all(runs)
  assert.equal(said, [])
  assert.equal(sent, [], 'nothing is sent')
  assert.is(Root.Expression.show(Root.Condition.not(Root.Model.keysIn(Note, 'n1' as never))), 'NOT (refused: ValidationError: keys: Model.keysIn: expected a list of keys, got "n1")')
})

test.run()
