/**
 * A user's module, built with `declaration: true` by spec/unit/Types.spec.ts against the
 * built package (as an application would install it): every export's inferred type must be
 * nameable from `dynamongo`'s root (no TS2742 "cannot be named without a reference to
 * …/dist/…"). It imports only some of the namespaces, as applications do.
 */
import * as t from 'io-ts'
import { pipe } from 'fp-ts/lib/function.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Attr, Condition as C, Dynamo, Field, Model, Update as U } from 'dynamongo'

export const codec = t.intersection([
  t.type({ email: Field.email, name: Field.string({ minLength: 1 }) }),
  t.partial({ year_of_birth: Field.int({ min: 1900 }), cities: Field.list(t.string), created: Field.dateTime, roles: Field.stringSet }),
])

export const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec,
  defaults: { created: () => new Date(), cities: () => [] },
  indexes: { byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'year_of_birth', projection: ['cities'] }) },
})
export type User = Model.TypeOf<typeof User>

// handles
export const u = User.attrs
export const email = u.email
export const firstCity = u.cities.at(0)
export const legacy = Attr.path('legacy', 'flag')

// conditions and updates
export const young = C.and(C.gt(u.year_of_birth, 2000), C.exists(u.name))
export const inCity = C.contains(u.cities, 'Lima')
export const rename = (name: string) => [U.set(u.name, name), U.increment(u.year_of_birth, 0)]
export const sizes = C.gt(C.size(u.cities), 1)
export const appended = U.set(u.cities, U.listAppend(u.cities, ['x']))

// piped queries
export const nameOf = (email: string) =>
  pipe(
    Dynamo.getOne(User, email),
    RTE.map((user) => user.name),
  )
export const youngNames = pipe(
  Dynamo.getMany(User, young, { limit: 10 }),
  RTE.map((users) => users.map((x) => x.name)),
)
export const renameOrCreate = (user: User) =>
  pipe(
    Dynamo.updateOne(User, user.email, rename(user.name)),
    RTE.orElse(() => Dynamo.saveOne(User, user, { overwrite: false })),
  )
export const removeAll = pipe(
  Dynamo.deleteMany(User, inCity),
  RTE.map((r) => r.success.map((k) => k.email)),
)
export const deleted = Dynamo.deleteOne(User, 'a@b.c')
export const savedMany = Dynamo.saveMany(User, [])
export const fromDict = Dynamo.updateFromDict(User, { email: 'a@b.c', name: 'B' })
export const created = Dynamo.createTable(User)
export const plan = Dynamo.explain(User, C.eq(u.name, 'x'))
export const keys = Model.keysIn(User, ['a@b.c'])
export const run = (env: Parameters<typeof created>[0]) => pipe(nameOf('a@b.c')(env), TE.mapLeft((e) => e._tag))
