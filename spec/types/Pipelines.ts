/**
 * Type tests: the operations in fp-ts pipelines, as a user composes them: partially applied
 * through an arrow (`A.map((k) => Dynamo.getOne(User, k))`), passed whole to `flow` (generic,
 * or with its model as a type argument), traversed, chained into a write. Each keeps its
 * model: the results are typed, and another model's handles are still refused.
 */
import { Condition as C, Dynamo, Transaction as T, Update as U } from 'dynamongo'
import type { Op } from 'dynamongo'
import * as A from 'fp-ts/lib/Array.js'
import { flow, pipe } from 'fp-ts/lib/function.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import * as RTE from 'fp-ts/lib/ReaderTaskEither.js'
import { expect, type Equals } from './helpers.js'
import { Contacts, User, c, u, type User as Item } from './models.js'

const names = flow((k: string) => Dynamo.getOne(User, k), RTE.map((x) => x.name))
expect<Equals<ReturnType<typeof names>, Op<string>>>()
const typed = flow(Dynamo.getOne<typeof User>, RTE.map((x) => x.age))
expect<Equals<ReturnType<typeof typed>, Op<number>>>()
const each = pipe(['a@b.c', 'b@c.d'], A.map((k) => Dynamo.getOne(User, k)))
expect<Equals<typeof each, Array<Op<Item>>>>()
const all = pipe(['a@b.c'], RA.traverse(RTE.ApplicativePar)((k) => Dynamo.getOne(User, k)))
expect<Equals<typeof all, Op<ReadonlyArray<Item>>>>()
const traversed = RTE.traverseArray((k: readonly [string, string]) => Dynamo.deleteOne(Contacts, k))
expect<Equals<ReturnType<typeof traversed>, Op<ReadonlyArray<O.Option<Item>>>>>()
export const chained = pipe(
  Dynamo.getOne(User, 'a@b.c'),
  RTE.chain((x) => Dynamo.updateOne(User, x.email, [U.set(u.name, x.name.toUpperCase())])),
  RTE.chainW((x) => Dynamo.saveOne(User, { ...x, age: x.age + 1 })),
)
const entries = pipe(['a@b.c'], RA.map((k) => T.get(User, k)))
export const got = Dynamo.transactGet(entries)
export const pages = pipe(
  Dynamo.page(User, C.exists(u.name), { pageSize: 10 }),
  RTE.map((p) => p.items.map((x) => x.email)),
)
// @ts-expect-error another model's handles, inside a pipeline
export const intruder = pipe(['a@b.c'], A.map((k) => Dynamo.updateOne(User, k, [U.set(c.age, 1)])))
// @ts-expect-error a field the model has not, read in a pipeline
export const stray = pipe(Dynamo.getOne(User, 'a@b.c'), RTE.map((x) => x.stray))
