/**
 * Type tests: conditions, updates and strategies are tied to their model. A handle of another
 * model — even one whose items have every field of this one, or the same field name and
 * type — does not compile in any operation of this model (it would write a stray attribute
 * into the item, or test one it does not have).
 */
import { Attr, Condition as C, Dynamo, Evaluate, Model, Plan, Strategy, Transaction as T, Update as U } from 'dynamongo'
import type { ConditionType, UpdateType } from 'dynamongo'
import { Contacts, Shadow, User, c, codec, s, u, user } from './models.js'

// the same handles of User's own model compile everywhere
export const own = [
  Dynamo.updateOne(User, 'a@b.c', [U.set(u.name, 'x')]),
  Dynamo.updateOne(User, C.and(C.eq(u.email, 'a@b.c'), C.gt(u.age, 1)), [U.increment(u.age, 1)]),
  Dynamo.getOne(User, C.eq(u.email, 'a@b.c')),
  Dynamo.getMany(User, C.eq(u.name, 'x')),
  Dynamo.deleteMany(User, C.eq(u.name, 'x')),
  Dynamo.saveOne(User, user, { overwrite: C.lt(u.age, 10) }),
  Dynamo.saveMany(User, [user], { overwrite: C.exists(u.nick) }),
  Dynamo.explain(User, C.eq(u.name, 'x')),
  T.put(User, user, { overwrite: C.lt(u.age, 10) }),
  T.update(User, C.and(C.eq(u.email, 'a@b.c'), C.exists(u.nick)), [U.remove(u.nick)]),
]
export const evaluated = [
  Evaluate.saveOne(User, user, new Date(), C.lt(u.age, 10)),
  Evaluate.updateOne(User, C.and(C.eq(u.email, 'a@b.c'), C.exists(u.nick)), [U.remove(u.nick)], new Date()),
  Plan.fromCondition(User, C.eq(u.name, 'x')),
  Strategy.fromCondition(User, C.eq(u.email, 'a@b.c')),
]

// untyped handles go with every model, alone or next to the model's own
export const untyped = [
  Dynamo.updateOne(User, 'a@b.c', [U.set(Attr.path('extra'), 1), U.set(u.name, 'x')]),
  Dynamo.getMany(User, C.and(C.eq(u.name, 'x'), C.exists(Attr.path('legacy')))),
  Dynamo.getMany(Shadow, C.exists(Attr.path('legacy'))),
]

// @ts-expect-error a foreign handle in the updates
Dynamo.updateOne(User, 'a@b.c', [U.set(s.stray, 'x')])
// @ts-expect-error a foreign handle of the same name and type in the updates
Dynamo.updateOne(User, 'a@b.c', [U.set(u.name, 'x'), U.set(s.name, 'y')])
// @ts-expect-error a foreign handle in an update's right-hand side
Dynamo.updateOne(User, 'a@b.c', [U.set(u.age, U.plus(s.age, 1))])
// @ts-expect-error a foreign handle in the strategy's condition
Dynamo.updateOne(User, C.and(C.eq(u.email, 'a@b.c'), C.eq(s.stray, 'x')), [U.set(u.name, 'x')])
// @ts-expect-error a foreign key condition
Dynamo.getOne(User, C.eq(s.email, 'a@b.c'))
// @ts-expect-error a foreign condition in getMany
Dynamo.getMany(User, C.eq(s.stray, 'x'))
// @ts-expect-error a foreign condition in a list of strategies
Dynamo.getMany(User, ['a@b.c', C.eq(s.email, 'b@c.d')])
// @ts-expect-error a foreign condition in deleteMany
Dynamo.deleteMany(User, C.exists(s.stray))
// @ts-expect-error a foreign condition in deleteOne
Dynamo.deleteOne(User, C.eq(s.email, 'a@b.c'))
// @ts-expect-error a foreign overwrite condition in saveOne
Dynamo.saveOne(User, user, { overwrite: C.eq(s.stray, 'x') })
// @ts-expect-error a foreign overwrite condition in saveMany
Dynamo.saveMany(User, [user], { overwrite: C.eq(s.stray, 'x') })
// @ts-expect-error a foreign overwrite condition in a transaction's put
T.put(User, user, { overwrite: C.eq(s.stray, 'x') })
// @ts-expect-error a foreign condition in a transaction's update
T.update(User, C.and(C.eq(u.email, 'a@b.c'), C.eq(s.stray, 'x')), [U.set(u.name, 'x')])
// @ts-expect-error a foreign overwrite condition in Evaluate.saveOne
Evaluate.saveOne(User, user, new Date(), C.eq(s.stray, 'x'))
// @ts-expect-error a foreign handle in Evaluate.updateOne's updates
Evaluate.updateOne(User, 'a@b.c', [U.set(s.stray, 'x')], new Date())
// @ts-expect-error a foreign condition planned
Plan.fromCondition(User, C.eq(s.stray, 'x'))
// @ts-expect-error a foreign key condition parsed
Strategy.fromCondition(User, C.eq(s.email, 'a@b.c'))
// @ts-expect-error a foreign condition in explain
Dynamo.explain(User, C.eq(s.stray, 'x'))
// @ts-expect-error keysIn of another model (same codec, another key)
Dynamo.getMany(User, Model.keysIn(Contacts, [['a', 'b']]))
// @ts-expect-error a condition of the model with the same codec and another key
Dynamo.getMany(User, C.eq(c.name, 'x'))

// combinators unify the model of their parts
// @ts-expect-error and of two models' conditions
C.and(C.eq(u.name, 'x'), C.eq(s.stray, 'y'))
// @ts-expect-error or of two models' conditions
C.or(C.eq(u.name, 'x'), C.eq(s.name, 'y'))
// @ts-expect-error comparing the attributes of two models
C.eq(u.name, s.name)
// @ts-expect-error plus of two models' attributes
U.plus(u.age, s.age)
// @ts-expect-error ifNotExists of one model's attribute with another's
U.ifNotExists(u.nick, s.stray)

// a model of the same codec and keys stored in another table (an archive) is another model: its
// conditions are built with its own handles (a function of the handles, or of the model: Generic.ts, shares one between them)
const Archive = Model.make({ table: 'users-archive', hashKey: 'email', codec })
// @ts-expect-error a condition of User's handles on its archive twin
Dynamo.getMany(Archive, C.eq(u.name, 'x'))
const named = <M>(name: Attr.Attr<string, M>) => C.eq(name, 'x')
export const twins = [Dynamo.getMany(User, named(u.name)), Dynamo.getMany(Archive, named(Archive.attrs.name))]

// a model spread into an object of its own, with more properties or a narrowed one, keeps the
// type of its items (it is never read as a model of any item)
const Users = { ...User, label: 'users' }
const Renamed = { ...User, table: 'other' as const }
export const spread = [
  Dynamo.saveOne(Users, user),
  Dynamo.saveOne(Renamed, user),
  // @ts-expect-error an item of no User
  Dynamo.saveOne(Users, { anything: 1 }),
  // @ts-expect-error an item of no User
  Dynamo.saveOne(Renamed, { anything: 1 }),
]

// every other position that takes a model's conditions or updates: transaction entries, the reads
// page by page, count and reduce, and Evaluate's strategy
// @ts-expect-error a foreign handle in a transaction update's updates
T.update(User, 'a@b.c', [U.set(s.stray, 'x')])
// @ts-expect-error a foreign key condition in a transaction's update
T.update(User, C.eq(s.email, 'a@b.c'), [U.set(u.name, 'x')])
// @ts-expect-error a foreign check in a transaction's delete
T.delete(User, C.and(C.eq(u.email, 'a@b.c'), C.exists(s.stray)))
// @ts-expect-error a foreign check in a transaction's check
T.check(User, C.and(C.eq(u.email, 'a@b.c'), C.exists(s.stray)))
// @ts-expect-error a foreign key condition in a transaction's get
T.get(User, C.eq(s.email, 'a@b.c'))
// @ts-expect-error a foreign condition in page
Dynamo.page(User, C.eq(s.stray, 'x'))
// @ts-expect-error a foreign condition in pages
Dynamo.pages(User, C.eq(s.stray, 'x'))
// @ts-expect-error a foreign condition in count
Dynamo.count(User, C.eq(s.stray, 'x'))
// @ts-expect-error a foreign condition in reduce
Dynamo.reduce(User, C.eq(s.stray, 'x'), 0, (n) => n + 1)
// @ts-expect-error a foreign key condition in Evaluate.updateOne's strategy
Evaluate.updateOne(User, C.eq(s.email, 'a@b.c'), [U.set(u.name, 'x')], new Date())

// the same values built apart, stored, and passed later
const foreignKey = C.eq(s.email, 'a@b.c')
// @ts-expect-error a stored foreign key condition
Dynamo.getOne(User, foreignKey)
const foreignTyped: ConditionType<typeof Shadow> = C.eq(s.stray, 'x')
// @ts-expect-error a condition stored under its model's type
Dynamo.getMany(User, foreignTyped)
const mixedUpdates = [U.set(u.name, 'x'), U.set(s.name, 'y')]
// @ts-expect-error a stored list of updates of two models
Dynamo.updateOne(User, 'a@b.c', mixedUpdates)
const foreignUpdates = [U.set(s.stray, 'x')] as const
// @ts-expect-error an `as const` tuple of foreign updates
T.update(User, 'a@b.c', foreignUpdates)
const handles = [u.name, s.name] as const
// @ts-expect-error updates mapped over an `as const` list of handles of two models
Dynamo.updateOne(User, 'a@b.c', handles.map((h) => U.set(h, 'x')))
// @ts-expect-error a nested handle of another model
Dynamo.getMany(Contacts, C.eq(u.address.city, 'x'))
// @ts-expect-error a stored and of two models' conditions (same codec)
export const twoModels = C.and(C.eq(u.name, 'x'), C.eq(c.name, 'y'))
// `Condition` alone is any condition (an explicit escape, as `Attr.path` is)
const loose: ConditionType = C.eq(s.stray, 'x')
export const escaped = Dynamo.getMany(User, loose)

// a union of models is one of them, not yet known: what goes with it goes with each (only
// untyped handles, or a value of every member's), and a value of one member is none of the
// union's. A value of a union (or of `Model.Any`) does not carry a model's handles past the
// check. Handles of each member, under a function generic in its model, go with each (Generic.ts).
type Either = typeof User | typeof Shadow
declare const either: Either
export const withEither = [
  Dynamo.getMany(either, C.exists(Attr.path('legacy'))),
  Dynamo.updateOne(either, 'a@b.c', [U.set(Attr.path('extra'), 1)]),
  T.check(either, C.and(C.eq(Attr.path('email'), 'a@b.c'), C.exists(Attr.path('name')))),
]
// @ts-expect-error a handle of one member in a read of the union
Dynamo.getMany(either, C.eq(s.stray, 'x'))
// @ts-expect-error a handle of one member in an update of the union
Dynamo.updateOne(either, 'a@b.c', [U.set(s.stray, 'x')])
// @ts-expect-error a condition of one member in a transaction's check of the union
T.check(either, C.and(C.eq(s.email, 'a@b.c'), C.exists(s.stray)))
// @ts-expect-error the union's model written out, a foreign condition
Dynamo.getMany<Either>(User, C.eq(s.stray, 'x'))
// @ts-expect-error the union's model written out, a foreign update
Dynamo.updateOne<Either>(User, 'a@b.c', [U.set(s.stray, 'x')])
// @ts-expect-error the union's model written out in a combinator
C.and<Either>(C.eq(u.name, 'x'), C.eq(s.stray, 'y'))
// @ts-expect-error the union's model written out in an update
U.set<string, Either>(s.stray, 'x')
const whereAny = <M extends Model.Any>(m: M, cond: ConditionType<M>) => Dynamo.getMany(m, cond)
// @ts-expect-error a generic helper given the union's model, a foreign condition
whereAny<Either>(User, C.eq(s.stray, 'x'))
// @ts-expect-error a condition of one member stored under the union's type
export const wideCondition: ConditionType<Either> = C.eq(s.stray, 'x')
// @ts-expect-error updates of one member stored under the union's type
export const wideUpdates: UpdateType<Either> = [U.set(s.stray, 'x')]
// @ts-expect-error a strategy of one member stored under the union's type
export const wideStrategy: Model.Strategy<Either> = C.eq(s.email, 'a@b.c')
// @ts-expect-error a handle of one member stored under the union's type
export const wideHandle: Attr.Attr<string, Either> = s.stray
// @ts-expect-error a handle of one member stored under any model's type
export const anyModelHandle: Attr.Attr<string, Model.Any> = s.stray
// @ts-expect-error a condition of one member stored under any model's type
export const anyModelCondition: ConditionType<Model.Any> = C.eq(s.stray, 'x')
// @ts-expect-error the handles of two members, picked at run time
export const picked = C.eq(Math.random() < 0.5 ? u.name : s.name, 'x')
// a value of the union's goes with each member; a function generic in its model takes each member with its own handles
declare const ofEither: ConditionType<Either>
declare const updatesOfEither: UpdateType<Either>
export const eachMember = [Dynamo.getMany(User, ofEither), Dynamo.getMany(Shadow, ofEither), Dynamo.updateOne(Shadow, 'a@b.c', updatesOfEither)]
const byName = <M extends Model.Any>(m: M, name: Attr.Attr<string, M>) => Dynamo.getMany(m, C.eq(name, 'x'))
export const generic = [byName(User, u.name), byName(Shadow, s.name), byName(User, Attr.path('name'))]
// @ts-expect-error a function generic in its model, given another model's handle
byName(User, s.name)

// a transaction entry written by hand is checked against the model its type names
export const byHand: ReadonlyArray<T.Write> = [
  { _tag: 'Update', model: User, strategy: 'a@b.c', updates: [U.set(u.name, 'x')] } satisfies T.Update<typeof User>,
  { _tag: 'Check', model: User, strategy: C.eq(u.email, 'a@b.c') } satisfies T.Check<typeof User>,
  { _tag: 'Delete', model: Contacts, strategy: ['a@b.c', 'x'] } satisfies T.Delete<typeof Contacts>,
  T.update(User, 'a@b.c', [U.set(u.name, 'x')]),
  T.check(Contacts, ['a@b.c', 'x']),
]
const gotByHand: T.Get<typeof User> = { _tag: 'Get', model: User, strategy: C.eq(u.email, 'a@b.c') }
export const gets: ReadonlyArray<T.Get> = [gotByHand, T.get(User, 'a@b.c'), T.get(Contacts, ['a@b.c', 'x']), ...['a@b.c', 'b@c.d'].map((k) => T.get(User, k))]
// entries typed over a union of models: each member's entry, and a hand-built one of either
export const getsOfEither: ReadonlyArray<T.Get<typeof User | typeof Contacts>> = [T.get(User, 'a@b.c'), T.get(Contacts, ['a@b.c', 'x'])]
export const checksOfEither: ReadonlyArray<T.Check<typeof User | typeof Contacts>> = [T.check(User, 'a@b.c'), { _tag: 'Check', model: Contacts, strategy: C.eq(c.email, 'x') }]
export const genericEntries = <M extends Model.Any>(m: M, k: Model.KeyValue<M>) => [Dynamo.transactGet([T.get(m, k), T.get(User, 'a@b.c')]), Dynamo.transactWrite([T.check(m, k), T.delete(m, k)])]
// @ts-expect-error a foreign handle in a Get's strategy
export const strayGet: T.Get<typeof User> = { _tag: 'Get', model: User, strategy: C.eq(s.stray, 'x') }
// @ts-expect-error a foreign handle in a Check's strategy
export const strayCheck: T.Check<typeof User> = { _tag: 'Check', model: User, strategy: C.eq(c.email, 'x') }
// @ts-expect-error a foreign handle in a Delete's strategy
export const strayDelete: T.Delete<typeof User> = { _tag: 'Delete', model: User, strategy: C.eq(c.email, 'x') }
// @ts-expect-error a foreign handle in an Update's strategy
export const strayUpdate: T.Update<typeof User> = { _tag: 'Update', model: User, strategy: C.eq(c.email, 'x'), updates: [] }
// @ts-expect-error a foreign handle in an Update's updates
export const strayUpdates: T.Update<typeof User> = { _tag: 'Update', model: User, strategy: 'a@b.c', updates: [U.set(c.age, 1)] }

// ConditionType<Model.Any> goes with every model: only untyped handles build one
export const everyModel: ConditionType<Model.Any> = C.exists(Attr.path('legacy'))
export const oneModel: ConditionType<typeof User> = C.and(C.eq(u.name, 'x'), C.exists(Attr.path('legacy')))
export const takenByEach = [Dynamo.getMany(User, everyModel), Dynamo.getMany(Shadow, everyModel), Dynamo.getMany(User, oneModel)]
// @ts-expect-error a condition of one model is none of every model
export const notEvery: ConditionType<Model.Any> = C.eq(u.name, 'x')
// @ts-expect-error a value typed Model.Any takes no model's handles
export const ofAnyValue = (m: Model.Any) => Dynamo.getMany(m, C.eq(u.name, 'x'))

// an entry of a model known by its item type (`Model.Model<Item>`: no `Model.Any`, no union)
// takes that model's own handles (attrsOf); another model's it takes too (an entry of a made
// model is one of `Model.Model<Item>`, below, which no type of strategy allows while refusing
// other models' handles): they are checked against the model when the transaction is compiled
type Users = Model.Model<Model.TypeOf<typeof User>, any, any, any>
declare const users: Users
const ofUsers = Model.attrsOf(users)
export const itemEntries = [
  { _tag: 'Get', model: users, strategy: C.eq(ofUsers.email, 'a@b.c') } satisfies T.Get<Users>,
  { _tag: 'Update', model: users, strategy: C.eq(ofUsers.email, 'a@b.c'), updates: [U.set(ofUsers.name, 'x')] } satisfies T.Update<Users>,
  { _tag: 'Check', model: users, strategy: C.exists(Attr.path('legacy')) } satisfies T.Check<Users>,
]

// the entries of a made model are entries of a model known only by its item type (a list typed
// `T.Get<Model.Model<Item>>` takes `T.get(User, …)`)
export const wideGet: T.Get<Users> = T.get(User, 'a@b.c')
export const wideCheck: T.Check<Users> = T.check(User, 'a@b.c')
export const wideUpdate: T.Update<Users> = T.update(User, 'a', [U.set(User.attrs.name, 'x')])
const readAll = (es: ReadonlyArray<T.Get<Users>>) => Dynamo.transactGet(es)
export const wideRead = readAll([T.get(User, 'a@b.c')])

// every combinator carries its model: each action, right-hand side and condition of Shadow's
// handles (a model whose items have every field of User's) in an operation of User
// @ts-expect-error remove of a foreign handle
Dynamo.updateOne(User, 'a@b.c', [U.remove(s.nick)])
// @ts-expect-error add to a foreign set
Dynamo.updateOne(User, 'a@b.c', [U.add(s.lucky, new Set([1]))])
// @ts-expect-error deleteFrom a foreign set
Dynamo.updateOne(User, 'a@b.c', [U.deleteFrom(s.roles, new Set(['x']))])
// @ts-expect-error prepend to a foreign list
Dynamo.updateOne(User, 'a@b.c', [U.prepend(s.tags, ['x'])])
// @ts-expect-error increment of a foreign number
Dynamo.updateOne(User, 'a@b.c', [U.increment(s.age, 1)])
// @ts-expect-error a foreign list element
Dynamo.updateOne(User, 'a@b.c', [U.set(s.tags.at(0), 'x')])
// @ts-expect-error a foreign nested map field
Dynamo.updateOne(User, 'a@b.c', [U.set(s.address.city, 'x')])
// @ts-expect-error listAppend of a foreign list
Dynamo.updateOne(User, 'a@b.c', [U.set(u.tags, U.listAppend(s.tags, ['x']))])
// @ts-expect-error listAppend of a value and a foreign list
Dynamo.updateOne(User, 'a@b.c', [U.set(u.tags, U.listAppend(['x'], s.tags))])
// @ts-expect-error minus of a foreign number
Dynamo.updateOne(User, 'a@b.c', [U.set(u.age, U.minus(s.age, 1))])
// @ts-expect-error a foreign attribute as the value set
Dynamo.updateOne(User, 'a@b.c', [U.set(u.nick, s.nick)])
// @ts-expect-error between on a foreign attribute
Dynamo.getMany(User, C.between(s.age, 1, 2))
// @ts-expect-error beginsWith on a foreign attribute
Dynamo.getMany(User, C.beginsWith(s.name, 'x'))
// @ts-expect-error notExists of a foreign attribute
Dynamo.getMany(User, C.notExists(s.nick))
// @ts-expect-error attributeType of a foreign attribute
Dynamo.getMany(User, C.attributeType(s.nick, 'S'))
// @ts-expect-error size of a foreign attribute
Dynamo.getMany(User, C.gt(C.size(s.tags), 1))
// @ts-expect-error size of a foreign attribute as the right-hand side
Dynamo.getMany(User, C.eq(u.age, C.size(s.tags)))
// @ts-expect-error not of a foreign condition
Dynamo.getMany(User, C.not(C.eq(s.name, 'x')))
// @ts-expect-error a foreign condition under an or under an and
Dynamo.getOne(User, C.and(C.eq(u.email, 'a@b.c'), C.or(C.eq(u.name, 'x'), C.exists(s.stray))))
// @ts-expect-error a foreign list element in a condition
Dynamo.getMany(User, C.eq(s.scores.at(0), 1))
// @ts-expect-error keysIn of a model with the same key field and type
Dynamo.getMany(User, Model.keysIn(Shadow, ['a@b.c']))
// @ts-expect-error keysIn of another model in deleteMany
Dynamo.deleteMany(User, Model.keysIn(Shadow, ['a@b.c']))
// @ts-expect-error keysIn of another model in explain
Dynamo.explain(User, Model.keysIn(Shadow, ['a@b.c']))
// @ts-expect-error keysIn of another model in count
Dynamo.count(User, Model.keysIn(Shadow, ['a@b.c']))
// @ts-expect-error keysIn of another model in pages
Dynamo.pages(User, Model.keysIn(Shadow, ['a@b.c']))
// @ts-expect-error conditions of two models spread into one and
Dynamo.getMany(User, C.and(...[C.eq(u.name, 'x'), C.eq(s.name, 'y')]))
// @ts-expect-error a foreign key condition in a transaction's get, in transactGet
Dynamo.transactGet([T.get(User, C.eq(s.email, 'a@b.c'))])
// @ts-expect-error a foreign update in a transaction's update, in transactWrite
Dynamo.transactWrite([T.update(User, 'a@b.c', [U.set(s.stray, 'x')])])
// @ts-expect-error a foreign key condition in a transaction's delete
T.delete(User, C.eq(s.email, 'a@b.c'))
