/**
 * What is no transaction entry (given through a cast: a `T.get` in `transactWrite`, a
 * `T.put` in `transactGet`, a hole, `null`, an entry without its model, an object that is no
 * entry) is refused by the compiler as a `ValidationError` naming the entry's index and what
 * the operation takes, before any request: never an exception (which `Dynamo` would report as
 * the application's code having thrown), nor read as a key. A put's `overwrite` is checked as
 * `saveOne` checks it.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Field from '../../../lib/codec/Field.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import { User } from '../../harness/transaction.js'

const table = (m: { readonly table: string }): string => `p-${m.table}`
const NOW = new Date('2030-01-01T00:00:00.000Z')
const put = T.put(User, { email: 'a@x.io', name: 'A', year: 1990 })

const refused = (r: E.Either<DE.DynamoError, unknown>, index: number, takes: RegExp): void => {
  assert.ok(E.isLeft(r), 'expected a Left')
  const e = (r as E.Left<DE.DynamoError>).left
  if (e._tag !== 'ValidationError') return assert.unreachable(`expected a ValidationError, got ${DE.show(e)}`)
  assert.match(e.message, new RegExp(`entry ${index}\\b`))
  assert.match(e.message, takes)
}

test('transactWrite: a get, a hole, null, a string, an entry without its model or of an unknown kind: a ValidationError naming the entry', () => {
  const nots: ReadonlyArray<unknown> = [T.get(User, 'a@x.io'), undefined, null, 'put', { _tag: 'Put', item: { email: 'a@x.io', name: 'A', year: 1990 } }, { _tag: 'Upsert', model: User }]
  for (const x of nots) {
    const entries = [put, x] as unknown as ReadonlyArray<T.Write>
    refused(T.toWriteInput(entries, table, 'tok', NOW), 1, /T\.put, T\.update, T\.delete or T\.check/)
  }
  // a hole of a sparse array too
  const sparse: Array<T.Write> = []
  sparse[1] = put
  refused(T.toWriteInput(sparse, table, 'tok', NOW), 0, /T\.put, T\.update, T\.delete or T\.check/)
})

test('transactGet: a put, a hole, null, an entry without its model: a ValidationError naming the entry, not a key read from it', () => {
  const get = T.get(User, 'a@x.io')
  const nots: ReadonlyArray<unknown> = [put, T.check(User, 'a@x.io'), undefined, null, { _tag: 'Get', strategy: 'a@x.io' }]
  for (const x of nots) {
    const entries = [get, x] as unknown as ReadonlyArray<T.Get>
    refused(T.toGetInput(entries, table), 1, /T\.get/)
  }
})

test("T.put's overwrite is validated as saveOne's: neither a boolean nor a condition is the same ValidationError (on a versioned model too)", async () => {
  const Versioned = Model.make({ table: 'versioned', hashKey: 'email', version: 'v', codec: t.intersection([t.type({ email: t.string }), t.partial({ v: Field.int() })]) })
  // no request is made: every call below is refused first
  const env = Env.make({ region: 'us-east-2', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 })
  for (const [m, item] of [[User, { email: 'a@x.io', name: 'A', year: 1990 }], [Versioned, { email: 'a@x.io' }]] as const) {
    for (const overwrite of ['yes', null, 5]) {
      const single = await Dynamo.saveOne(m as typeof User, item as never, { overwrite } as never)(env)()
      const entry = T.toWriteInput([T.put(m as typeof User, item as never, { overwrite } as never)], table, 'tok', NOW)
      assert.ok(E.isLeft(single) && single.left._tag === 'ValidationError', JSON.stringify(single))
      assert.ok(E.isLeft(entry) && entry.left._tag === 'ValidationError', JSON.stringify(entry))
      const issues = (r: E.Either<DE.DynamoError, unknown>) => (E.isLeft(r) && r.left._tag === 'ValidationError' ? r.left.issues : [])
      assert.equal(issues(entry), issues(single))
      assert.equal(issues(single), [{ path: 'overwrite', message: `expected a boolean or a condition, got ${overwrite === null ? 'null' : typeof overwrite}` }])
    }
  }
})

test("every entry's options are checked as its single operation's: an option it does not take, null or a non-object is a Left of transactWrite and transactGet naming the entry, nothing sent; the constructors never throw", async () => {
  const sent: string[] = []
  const env = Env.make({ client: { send: (c: object) => (sent.push(c.constructor.name), Promise.resolve({ $metadata: {} })) } as never })
  const item = { email: 'a@x.io', name: 'A', year: 1990 }
  const condition = C.eq(User.attrs.year, 1990)
  // built through casts, as a JavaScript caller would: none of these throws
  const writes: ReadonlyArray<readonly [T.Write, string, RegExp]> = [
    [T.put(User, item, { condition } as never), 'entries[1].options.condition', /^is no option of this operation \(it takes overwrite\)$/],
    [T.put(User, item, null as never), 'entries[1].options', /^expected an object of options or undefined, got null$/],
    [T.put(User, item, 'no overwrite' as never), 'entries[1].options', /got string$/],
    [(T.update as (...a: unknown[]) => T.Write)(User, 'a@x.io', [U.set(User.attrs.name, 'B')], { condition }), 'entries[1].options.condition', /it takes none/],
    [(T.delete as (...a: unknown[]) => T.Write)(User, 'a@x.io', { condition }), 'entries[1].options.condition', /it takes none/],
  ]
  const other = T.check(User, 'b@x.io')
  for (const [entry, path, message] of writes) {
    sent.length = 0
    const r = await Dynamo.transactWrite([other, entry])(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${path}: ${E.isLeft(r) ? DE.show(r.left) : 'a Right'}`)
    const e = (r as E.Left<DE.ValidationError>).left
    assert.is(e.issues[0]?.path, path)
    assert.match(e.issues[0]?.message ?? '', message)
    assert.match(e.message, /^entry 1 \((put|update|delete|check) on users\)/)
    assert.equal(sent, [])
  }
  sent.length = 0
  const got = await Dynamo.transactGet([T.get(User, 'b@x.io'), (T.get as (...a: unknown[]) => T.Get)(User, 'a@x.io', { consistentRead: true })])(env)()
  assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError' && got.left.issues[0]?.path === 'entries[1].options.consistentRead', E.isLeft(got) ? DE.show(got.left) : 'a Right')
  assert.equal(sent, [])
  // a list of keys mapped to entries through a function (`bind` erases the model: Model.Strategy)
  sent.length = 0
  const mapped = await Dynamo.transactGet(['a@x.io', 'b@x.io'].map((k) => T.get(User, k)))(env)()
  assert.ok(sent.includes('TransactGetItemsCommand'), E.isLeft(mapped) ? DE.show(mapped.left) : 'sent')
  // what an untyped caller adds after the arguments (map's index and list, from JavaScript) is ignored, as a function ignores extra arguments
  sent.length = 0
  const untyped = T.get as (...a: unknown[]) => T.Get
  const extra = await Dynamo.transactGet(['a@x.io', 'b@x.io'].map((k, i, all) => untyped(User, k, i, all)))(env)()
  assert.ok(sent.includes('TransactGetItemsCommand'), E.isLeft(extra) ? DE.show(extra.left) : 'sent')
  // what each takes, absent or undefined, compiles
  const ok = T.toWriteInput(
    [T.put(User, item, { overwrite: false }), T.put(User, { ...item, email: 'c@x.io' }, {}), T.put(User, { ...item, email: 'd@x.io' }, { condition: undefined } as never), (T.delete as (...a: unknown[]) => T.Write)(User, 'e@x.io', undefined)],
    table,
    'tok',
    NOW,
  )
  assert.ok(E.isRight(ok), E.isLeft(ok) ? DE.show(ok.left) : '')
  assert.is(E.isRight(ok) ? ok.right.TransactItems?.[0]?.Put?.ConditionExpression : '', 'attribute_not_exists(#n0)')
})

test("a put's overwrite given on the entry (one built or spread by hand) is never dropped for its options: taken where the options give none, refused where they give one too", () => {
  const item = { email: 'a@x.io', name: 'A', year: 1990 }
  const conditionOf = (r: E.Either<DE.DynamoError, { readonly TransactItems?: ReadonlyArray<{ readonly Put?: { readonly ConditionExpression?: string } }> }>): string | undefined =>
    E.isRight(r) ? r.right.TransactItems?.[0]?.Put?.ConditionExpression : `refused: ${DE.show(r.left)}`
  // the options give no overwrite: the entry's is the put's (a create only)
  for (const options of [{}, { overwrite: undefined }]) {
    const spread: T.Write = { ...T.put(User, item, options), overwrite: false }
    assert.is(conditionOf(T.toWriteInput([spread], table, 'tok', NOW)), 'attribute_not_exists(#n0)')
  }
  // both give one (even the same): which one was meant cannot be told, and nothing is sent
  for (const [inOptions, onEntry] of [[true, false], [false, true], [false, false], [C.eq(User.attrs.year, 1990), false]] as const) {
    const both: T.Write = { ...T.put(User, item, { overwrite: inOptions }), overwrite: onEntry }
    const r = T.toWriteInput([T.check(User, 'b@x.io'), both], table, 'tok', NOW)
    refused(r, 1, /overwrite/)
    assert.equal((r as E.Left<DE.ValidationError>).left.issues.map((i) => i.path), ['entries[1].overwrite'])
  }
})

test('a list given after the arguments of an entry that takes no options (a condition or updates given as a list, through a cast) is refused as its options, never dropped', () => {
  const untyped = <X>(f: unknown) => f as (...a: unknown[]) => X
  const check = C.gt(User.attrs.year, 2000)
  const entries: ReadonlyArray<T.Write> = [
    untyped<T.Write>(T.check)(User, 'a@x.io', [check]),
    untyped<T.Write>(T.delete)(User, 'a@x.io', [check]),
    untyped<T.Write>(T.update)(User, 'a@x.io', [U.set(User.attrs.name, 'B')], [U.set(User.attrs.year, 2001)]),
  ]
  for (const entry of entries) {
    const r = T.toWriteInput([T.check(User, 'b@x.io'), entry], table, 'tok', NOW)
    refused(r, 1, /expected an object of options or undefined, got/)
    assert.equal((r as E.Left<DE.ValidationError>).left.issues.map((i) => i.path), ['entries[1].options'])
  }
  const get = T.toGetInput([untyped<T.Get>(T.get)(User, 'a@x.io', [check])], table)
  refused(get, 0, /expected an object of options or undefined, got/)
})

test("a field an entry of its kind does not have (a condition beside a hand-built entry's strategy: the types refuse it too, spec/types/HandBuilt) is refused naming it, never dropped: nothing sent", async () => {
  const sent: string[] = []
  const env = Env.make({ client: { send: (c: object) => (sent.push(c.constructor.name), Promise.resolve({ $metadata: {} })) } as never })
  const condition = C.eq(User.attrs.year, 1990)
  const item = { email: 'a@x.io', name: 'A', year: 1990 }
  const writes: ReadonlyArray<readonly [string, () => Dynamo.Op<void>]> = [
    // @ts-expect-error a field no delete entry has (spec/types/HandBuilt)
    ['delete', () => Dynamo.transactWrite([T.check(User, 'b@x.io'), { _tag: 'Delete', model: User, strategy: 'a@x.io', condition }])],
    // @ts-expect-error a field no update entry has (spec/types/HandBuilt)
    ['update', () => Dynamo.transactWrite([T.check(User, 'b@x.io'), { ...T.update(User, 'a@x.io', [U.set(User.attrs.name, 'B')]), condition }])],
    // @ts-expect-error a field no check entry has (spec/types/HandBuilt)
    ['check', () => Dynamo.transactWrite([T.check(User, 'b@x.io'), { _tag: 'Check', model: User, strategy: 'a@x.io', condition }])],
    // @ts-expect-error a field no put entry has (spec/types/HandBuilt)
    ['put', () => Dynamo.transactWrite([T.check(User, 'b@x.io'), { _tag: 'Put', model: User, item, condition }])],
  ]
  for (const [kind, op] of writes) {
    const r = await op()(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', `${kind}: ${E.isLeft(r) ? DE.show(r.left) : 'a Right'}`)
    const e = (r as E.Left<DE.ValidationError>).left
    assert.equal(e.issues.map((i) => i.path), ['entries[1].condition'], kind)
    assert.match(e.message, new RegExp(`^entry 1 \\(${kind} on users\\): `))
    assert.equal(sent, [], kind)
  }
  // @ts-expect-error a field no get entry has
  const got = await Dynamo.transactGet([{ _tag: 'Get', model: User, strategy: 'a@x.io', condition }])(env)()
  assert.ok(E.isLeft(got) && got.left._tag === 'ValidationError' && got.left.issues[0]?.path === 'entries[0].condition', E.isLeft(got) ? DE.show(got.left) : 'a Right')
  assert.equal(sent, [])
  // compiled apart, the same
  refused(T.toWriteInput([{ _tag: 'Delete', model: User, strategy: 'a@x.io', condition } as T.Write], table, 'tok', NOW), 0, /condition/)
  // what the constructors build, and what they are given through a cast, still compiles: no field of their own is refused
  const ok = T.toWriteInput([T.put(User, item, { overwrite: false }), T.update(User, 'b@x.io', [U.set(User.attrs.name, 'B')]), T.delete(User, 'c@x.io'), T.check(User, 'd@x.io')], table, 'tok', NOW)
  assert.ok(E.isRight(ok), E.isLeft(ok) ? DE.show(ok.left) : '')
})

test('an entry built by a class (a method on its prototype, no own field but its kind\'s): it compiles, and is sent, as the run reads own fields only', async () => {
  class Del {
    readonly _tag = 'Delete' as const
    readonly model = User
    constructor(readonly strategy: string) {}
    describe(): string {
      return `delete ${this.strategy}`
    }
  }
  const sent: string[] = []
  const env = Env.make({ client: { send: (c: object) => (sent.push(c.constructor.name), Promise.resolve({ $metadata: {} })) } as never })
  const r = await Dynamo.transactWrite([new Del('a@x.io'), T.check(User, 'b@x.io')])(env)()
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.equal(sent, ['TransactWriteItemsCommand'])
})

test('a field an entry of its kind does not have, reading undefined, is absent (as a known field reading undefined, and options { condition: undefined }): taken', () => {
  const item = { email: 'd@x.io', name: 'A', year: 1990 }
  const entries = [
    { ...T.delete(User, 'a@x.io'), condition: undefined },
    { ...T.update(User, 'b@x.io', [U.set(User.attrs.name, 'B')]), condition: undefined },
    { ...T.check(User, 'c@x.io'), condition: undefined },
    { ...T.put(User, item), condition: undefined },
  ] as unknown as ReadonlyArray<T.Write>
  const r = T.toWriteInput(entries, table, 'tok', NOW)
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  const plain = T.toWriteInput([T.delete(User, 'a@x.io'), T.update(User, 'b@x.io', [U.set(User.attrs.name, 'B')]), T.check(User, 'c@x.io'), T.put(User, item)], table, 'tok', NOW)
  assert.equal(r, plain)
  const got = T.toGetInput([{ ...T.get(User, 'a@x.io'), condition: undefined } as T.Get], table)
  assert.equal(got, T.toGetInput([T.get(User, 'a@x.io')], table))
  // an extra field with a value is still refused
  refused(T.toWriteInput([{ ...T.delete(User, 'a@x.io'), condition: C.eq(User.attrs.year, 1990) } as T.Write], table, 'tok', NOW), 0, /condition/)
})

test("map's index and list after a constructor's arguments are ignored by every constructor, T.put's too (items.map(T.put.bind(null, User))); a put's options that are no object are still refused", () => {
  const items = [
    { email: 'a@x.io', name: 'A', year: 1990 },
    { email: 'b@x.io', name: 'B', year: 1991 },
  ]
  const untyped = <X>(f: unknown) => f as (...a: unknown[]) => X
  const mapped = items.map(untyped<T.Write>(T.put).bind(null, User))
  const r = T.toWriteInput(mapped, table, 'tok', NOW)
  assert.ok(E.isRight(r), E.isLeft(r) ? DE.show(r.left) : '')
  assert.equal(r, T.toWriteInput([T.put(User, items[0] as never), T.put(User, items[1] as never)], table, 'tok', NOW))
  // as the others: T.delete, T.check, T.update, T.get
  const keys = ['a@x.io', 'b@x.io']
  assert.ok(E.isRight(T.toWriteInput(keys.map(untyped<T.Write>(T.delete).bind(null, User)), table, 'tok', NOW)))
  assert.ok(E.isRight(T.toGetInput(keys.map(untyped<T.Get>(T.get).bind(null, User)), table)))
  // options that are neither an object nor map's index: refused, as before
  for (const options of [null, 'x', true]) {
    refused(T.toWriteInput([untyped<T.Write>(T.put)(User, items[0], options)], table, 'tok', NOW), 0, /options/)
  }
})

test.run()
