/**
 * Type tests: generic code over models, as a user writes a helper or a repository. It
 * constrains its model with `Model.Any` and takes what the operations take as the model's own
 * types (`Model.Strategy`, `Model.KeyValue`, `Model.InputOf`, `ConditionType`, `UpdateType`),
 * which it forwards; its callers are checked against the model they pass.
 */
import { Attr, Condition as C, Dynamo, Evaluate, Model, Transaction as T, Update as U } from 'dynamongo'
import type { BatchResult, ConditionType, Env, Op, Page, UpdateType } from 'dynamongo'
import type * as O from 'fp-ts/lib/Option.js'
import { expect, type Equals } from './helpers.js'
import { Contacts, Shadow, User, type User as Item, c, u, user } from './models.js'

const byKey = <M extends Model.Any>(m: M, key: Model.KeyValue<M>): Op<Model.TypeOf<M>> => Dynamo.getOne(m, key)
const find = <M extends Model.Any>(m: M, s: Model.Strategy<M>) => Dynamo.getOne(m, s)
const where = <M extends Model.Any>(m: M, cond: ConditionType<M>) => Dynamo.getMany(m, cond)
const save = <M extends Model.Any>(m: M, item: Model.InputOf<M>) => Dynamo.saveOne(m, item)
const whereOne = <M extends Model.Any>(m: M, cond: ConditionType<M>) => Dynamo.getOne(m, cond)
const change = <M extends Model.Any>(m: M, s: Model.Strategy<M>, us: UpdateType<M>) => Dynamo.updateOne(m, s, us)
const remove = <M extends Model.Any>(m: M, s: Model.Strategy<M>) => Dynamo.deleteOne(m, s)
const inMemory = <M extends Model.Any>(m: M, item: Model.InputOf<M>) => Evaluate.saveOne(m, item, new Date())
const repository = <M extends Model.Any>(m: M) => ({
  get: (s: Model.Strategy<M>) => Dynamo.getOne(m, s),
  list: (cond: ConditionType<M>) => Dynamo.getMany(m, cond),
  count: (cond: ConditionType<M>) => Dynamo.count(m, cond),
  save: (item: Model.InputOf<M>) => Dynamo.saveOne(m, item),
  saveAll: (items: ReadonlyArray<Model.InputOf<M>>) => Dynamo.saveMany(m, items),
  update: (s: Model.Strategy<M>, us: UpdateType<M>) => Dynamo.updateOne(m, s, us),
  delete: (s: Model.Strategy<M>) => Dynamo.deleteOne(m, s),
  deleteAll: (keys: ReadonlyArray<Model.KeyValue<M>>) => Dynamo.deleteMany(m, keys),
  put: (item: Model.InputOf<M>) => T.put(m, item),
  check: (cond: ConditionType<M>) => T.check(m, cond),
})

const users = repository(User)
export const used = [
  byKey(User, 'a@b.c'),
  byKey(Contacts, ['a@b.c', 'n']),
  find(User, C.and(C.eq(u.email, 'a@b.c'), C.exists(u.nick))),
  where(Contacts, C.eq(c.email, 'a@b.c')),
  save(User, user),
  whereOne(User, C.and(C.eq(u.email, 'a@b.c'), C.exists(u.nick))),
  change(User, 'a@b.c', [U.set(u.name, 'x')]),
  remove(Contacts, ['a@b.c', 'n']),
  inMemory(User, user),
  users.get('a@b.c'),
  users.update('a@b.c', [U.increment(u.age, 1)]),
  users.put(user),
]
const got = users.get('a@b.c')
expect<Equals<typeof got, Op<Item>>>()
const deleted = remove(User, 'a@b.c')
expect<Equals<typeof deleted, Op<O.Option<Item>>>>()

// a key taken as Model.KeyValue<M> (the README's repository) types the results as M's, not any:
// the key is read against the model, never used to infer it
const byKeys = <M extends Model.Any>(m: M) => ({
  get: (k: Model.KeyValue<M>) => Dynamo.getOne(m, k),
  delete: (k: Model.KeyValue<M>) => Dynamo.deleteOne(m, k),
  update: (k: Model.KeyValue<M>, us: UpdateType<M>) => Dynamo.updateOne(m, k, us),
  many: (ks: ReadonlyArray<Model.KeyValue<M>>) => Dynamo.getMany(m, ks),
  page: (ks: ReadonlyArray<Model.KeyValue<M>>) => Dynamo.page(m, ks),
  deleteAll: (ks: ReadonlyArray<Model.KeyValue<M>>) => Dynamo.deleteMany(m, ks),
  fields: (k: Model.KeyValue<M>) => Dynamo.updateFromDict(m, { ...(k as Model.KeyOf<M>) }),
  tget: (k: Model.KeyValue<M>) => T.get(m, k),
  tdelete: (k: Model.KeyValue<M>) => T.delete(m, k),
})
const keyed = byKeys(User)
expect<Equals<ReturnType<typeof keyed.get>, Op<Item>>>()
expect<Equals<ReturnType<typeof keyed.delete>, Op<O.Option<Item>>>>()
expect<Equals<ReturnType<typeof keyed.update>, Op<Item>>>()
expect<Equals<ReturnType<typeof keyed.many>, Op<ReadonlyArray<Item>>>>()
expect<Equals<ReturnType<typeof keyed.page>, Op<Page<Item>>>>()
expect<Equals<ReturnType<typeof keyed.deleteAll>, Op<BatchResult<Model.KeyOf<typeof User>, unknown>>>>()
expect<Equals<ReturnType<typeof keyed.fields>, Op<Item>>>()
expect<Equals<ReturnType<typeof keyed.tget>, T.Get<typeof User>>>()
expect<Equals<ReturnType<typeof keyed.tdelete>, T.Delete<typeof User>>>()
// @ts-expect-error still a key of that model
keyed.get(['a@b.c', 'n'])

// the callers are checked against the model they pass
// @ts-expect-error a hash+range model's key is a pair
byKey(Contacts, 'a@b.c')
// @ts-expect-error a condition of another model
where(User, C.eq(c.email, 'a@b.c'))
// @ts-expect-error an update of another model
users.update('a@b.c', [U.set(c.name, 'x')])
// @ts-expect-error a required field missing
users.save({ email: 'a@b.c' })
// @ts-expect-error no key field
users.get({ name: 'x' })
// an overwrite in generic code: the model may be versioned, whose saves take none
// @ts-expect-error whether M takes an overwrite is M's to say
export const saveNew = <M extends Model.Any>(m: M, item: Model.InputOf<M>, cond: ConditionType<M>) => Dynamo.saveOne(m, item, { overwrite: cond })
// inside, the model's types are the model's: a key is no condition of a model in general
// @ts-expect-error a string is a key of some models only
export const anyKey = <M extends Model.Any>(m: M) => Dynamo.getOne(m, 'a')

// a helper builds with its model's own handles: Model.attrsOf(m), tied to M (m.attrs there are a
// model's known only by its type, which go with no model)
type Users = Model.Model<Item, any, any, any>
export const own = [
  <M extends Model.Any>(m: M) => Dynamo.getMany(m, C.exists(Model.attrsOf(m)['x']!)),
  <M extends Users>(m: M) => Dynamo.getMany(m, C.eq(Model.attrsOf(m).name, 'x')),
  <M extends Users>(m: M) => T.check(m, C.and(C.eq(Model.attrsOf(m).address.city, 'x'), C.gt(Model.attrsOf(m).age, 1))),
  <M extends Users>(m: M, s: Model.Strategy<M>) => Dynamo.updateOne(m, s, [U.set(Model.attrsOf(m).name, 'x'), U.remove(Model.attrsOf(m).nick)]),
  Dynamo.getMany(User, C.eq(Model.attrsOf(User).name, 'x')),
]
const named = <M extends Users>(m: M) => C.eq(Model.attrsOf(m).name, 'x')
export const passed = [Dynamo.getMany(User, named(User)), Dynamo.getMany(Contacts, named(Contacts))]
// @ts-expect-error a helper's condition of one model in another's operation
Dynamo.getMany(Contacts, named(User))
// @ts-expect-error the handles of the helper's model in another model's operation
export const elsewhere = <M extends Users>(m: M) => Dynamo.getMany(User, C.eq(Model.attrsOf(m).name, 'x'))
// @ts-expect-error another model's handles in the helper's model's operation
export const intruder = <M extends Users>(m: M) => Dynamo.getMany(m, C.eq(u.name, 'x'))
// @ts-expect-error another model's handles in the helper's model's updates
export const intruding = <M extends Users>(m: M, s: Model.Strategy<M>) => Dynamo.updateOne(m, s, [U.set(c.age, 1)])
// @ts-expect-error one made model's handles in another's operation, through attrsOf too
Dynamo.getMany(Shadow, C.eq(Model.attrsOf(User).name, 'x'))
// @ts-expect-error no field of the constraint's item
export const stray = <M extends Users>(m: M) => Model.attrsOf(m).stray
// m.attrs of a model known only by its type go with no model, not even that one
// @ts-expect-error m.attrs of a type parameter
export const byType = <M extends Users>(m: M) => T.check(m, C.eq(m.attrs.name, 'x'))
// @ts-expect-error m.attrs of Model.Any
export const ofAny = (m: Model.Any) => Dynamo.getMany(m, C.exists(m.attrs['x']!))
// @ts-expect-error m.attrs of a model of an item type, not a made model
export const ofItem = (m: Users) => Dynamo.getMany(m, C.eq(m.attrs.name, 'x'))
// @ts-expect-error m.attrs of a type parameter in an update
export const byTypeUpdate = <M extends Users>(m: M, s: Model.Strategy<M>) => Dynamo.updateOne(m, s, [U.set(m.attrs.name, 'x')])
// a made model's own handles are untouched: m.attrs of a model known by its value
export const madeOwn = [Dynamo.getMany(User, C.eq(User.attrs.name, 'x')), Dynamo.updateOne(Contacts, ['a@b.c', 'n'], [U.set(Contacts.attrs.age, 1)])]

// the strategy of Model.Any is a key or a condition that goes with every model, never one
// model's condition: a value typed Model.Any, or Model.Any written as the type argument, takes
// no model's handles, in getOne as in getMany (the strategy is `NoInfer`: read from the model)
declare const anyModel: Model.Any
export const unknownModel = [
  Dynamo.getOne(anyModel, 'a@b.c'),
  Dynamo.getOne(anyModel, ['a@b.c', 'n']),
  Dynamo.getOne(anyModel, { email: 'a@b.c', created: new Date(0) }),
  Dynamo.deleteOne(anyModel, C.eq(Attr.path('email'), 'a@b.c')),
  Dynamo.getMany(anyModel, ['a@b.c', C.eq(Attr.path('email'), 'b@c.d')]),
  T.get(anyModel, 'a@b.c'),
]
// @ts-expect-error a condition of User's handles on a model not known
Dynamo.getOne(anyModel, C.eq(u.email, 'a@b.c'))
// @ts-expect-error a condition of Contacts' handles on a model not known
Dynamo.deleteOne(anyModel, C.eq(c.email, 'a@b.c'))
// @ts-expect-error nor in a list of strategies
Dynamo.deleteMany(anyModel, [C.eq(c.email, 'a@b.c')])
// @ts-expect-error nor in a transaction's entry
T.check(anyModel, C.eq(u.email, 'a@b.c'))
// @ts-expect-error Model.Any as the type argument: a made model's operation keeps its condition tied
Dynamo.getOne<Model.Any>(User, C.eq(Shadow.attrs.email, 'a@b.c'))
// @ts-expect-error nor the strategy of updateOne
Dynamo.updateOne<Model.Any>(User, C.eq(Shadow.attrs.email, 'a@b.c'), [U.set(Attr.path('name'), 'x')])
// @ts-expect-error nor T.get's
T.get<Model.Any>(User, C.eq(Shadow.attrs.stray, 'x'))
// @ts-expect-error a parameter typed Model.Strategy<Model.Any> takes no model's condition
export const anyStrategy: Model.Strategy<Model.Any> = C.eq(u.email, 'a@b.c')
// a generic helper keeps its model where it is called; `bind` erases its model to Model.Any,
// whose strategy is no model's (a function keeps it)
const fetch = <M extends Model.Any>(m: M, s: Model.Strategy<M>) => Dynamo.getOne(m, s)
export const bound = [['a@b.c', 'b@c.d'].map((k) => fetch(User, k)), [['a@b.c', 'n'] as const].map((k) => fetch(Contacts, k)), ['a@b.c'].map((k) => remove(User, k))]
// as the library's own: an entry or an operation of one item bound with `bind` (a function keeps the model)
// @ts-expect-error T.get bound
export const boundGet = ['a@b.c'].map(T.get.bind(null, User))
// @ts-expect-error T.delete bound
export const boundDelete = T.delete.bind(null, User)
// @ts-expect-error Dynamo.getOne bound
export const boundGetOne = Dynamo.getOne.bind(null, User)
export const mappedGet = ['a@b.c'].map((k) => T.get(User, k))

// the item of a model whose item type is not known is no `any`: of Model.Any, and in code generic
// in <M extends Model.Any>, a read's fields are `unknown` until narrowed, and a save takes objects only
// @ts-expect-error a field of an item of Model.Any is unknown
export const readsUnknown = (m: Model.Any, k: string) => Dynamo.getOne(m, k)(undefined as never)().then((e) => (e._tag === 'Right' ? e.right['name'].length : 0))
// @ts-expect-error nor in a helper generic in its model
export const readsGeneric = <M extends Model.Any>(m: M, k: Model.KeyValue<M>) => Dynamo.getOne(m, k)(undefined as never)().then((e) => (e._tag === 'Right' ? e.right['name'].length : 0))
// @ts-expect-error nor a selected field
export const selectsGeneric = <M extends Model.Any>(m: M, ks: ReadonlyArray<Model.KeyValue<M>>) => Dynamo.getMany(m, ks, { select: ['name'] })(undefined as never)().then((e) => (e._tag === 'Right' ? e.right[0]?.name.length : 0))
// @ts-expect-error a scalar is no item
export const savesScalar = (m: Model.Any) => Dynamo.saveOne(m, 42)
// @ts-expect-error null is no item
export const savesNull = (m: Model.Any) => Dynamo.saveMany(m, [null])
// @ts-expect-error TypeOf<Model.Any> is an object of unknown fields
export const anyItem: Model.TypeOf<Model.Any> = 'x'
expect<Equals<Model.TypeOf<Model.Any>, Model.UnknownItem>>()
expect<Equals<Model.InputOf<Model.Any>, Model.UnknownInput>>()
// nor is its key (KeyOf): an object of unknown fields, as deleteMany's success gives them
expect<Equals<Model.KeyOf<Model.Any>, Model.UnknownItem>>()
// @ts-expect-error a key field of Model.Any is unknown
export const keyUnknown = (k: Model.KeyOf<Model.Any>) => k['email'].length
// @ts-expect-error a scalar is no object of key fields
export const anyKeyObject: Model.KeyOf<Model.Any> = 'x'
// @ts-expect-error the keys deleteMany of Model.Any gives are of unknown fields
export const deletedUnknown = (m: Model.Any, ks: ReadonlyArray<string>) => Dynamo.deleteMany(m, ks)(undefined as never)().then((e) => (e._tag === 'Right' ? e.right.success[0]?.['email'].length : 0))
export const deletedNarrowed = (m: Model.Any, ks: ReadonlyArray<string>) =>
  Dynamo.deleteMany(m, ks)(undefined as never)().then((e) => (e._tag === 'Right' ? e.right.success.map((k) => (typeof k['email'] === 'string' ? k['email'] : '')) : []))
export const anyKeysIn = (m: Model.Any) => Model.keysIn(m, [{ email: 'a@b.c' }, 'b@c.d'])
export const anyFromDict = (m: Model.Any, k: Model.KeyOf<Model.Any>) => Dynamo.updateFromDict(m, { ...k, name: 'x' })
// what generic code writes still compiles: a field narrowed, an item read then saved, an item of an interface
interface Named {
  readonly email: string
}
export const narrowed = (m: Model.Any, k: string) => Dynamo.getOne(m, k)(undefined as never)().then((e) => (e._tag === 'Right' && typeof e.right['name'] === 'string' ? e.right['name'].length : 0))
export const readThenSave = <M extends Model.Any>(m: M, k: Model.KeyValue<M>) => (env: Env.Env) =>
  Dynamo.getOne(m, k)(env)().then((e) => (e._tag === 'Right' ? Dynamo.saveOne(m, e.right)(env)() : e))
export const putRead = <M extends Model.Any>(m: M, item: Model.TypeOf<M>) => [T.put(m, item), Evaluate.saveOne(m, item, new Date())]
export const savesMany = <M extends Model.Any>(m: M, items: ReadonlyArray<Model.TypeOf<M>>) => Dynamo.saveMany(m, items)
export const savesInterface = (m: Model.Any, item: Named) => Dynamo.saveOne(m, item)
// a helper's return type written as the model's items: the read names no index (`I` is not inferred from it)
export const annotated = <M extends Model.Any>(m: M, ks: ReadonlyArray<Model.KeyValue<M>>): Op<ReadonlyArray<Model.TypeOf<M>>> => Dynamo.getMany(m, ks)
export const annotatedPage = <M extends Model.Any>(m: M, ks: ReadonlyArray<Model.KeyValue<M>>): Op<Page<Model.TypeOf<M>>> => Dynamo.page(m, ks)
