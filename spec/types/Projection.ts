/**
 * Type tests of what a read gives back (DESIGN §5.1): `select` lists at least one field (no
 * field is no projection; the run refuses it too, `ValidationError`), and a read through an
 * index gives what that index projects: a global index that projects its keys only, or its
 * keys and some fields, is read with a `select` of what it holds (the run refuses a read of
 * more, `ExpressionError`); a local index, or one that projects everything, gives the item.
 */
import { Condition as C, Dynamo } from 'dynamongo'
import type { Op } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { User, u } from './models.js'

const named = C.eq(u.name, 'n')

// -------------------------------------------------------------------------------------
// select
// -------------------------------------------------------------------------------------

// @ts-expect-error select of no field: getMany
Dynamo.getMany(User, named, { select: [] })
// @ts-expect-error select of no field: page
Dynamo.page(User, named, { select: [] })
// @ts-expect-error select of no field: pages
Dynamo.pages(User, named, { select: [] })
// @ts-expect-error select of no field: reduce
Dynamo.reduce(User, named, 0, (n) => n, { select: [] })
// @ts-expect-error select of no field: getOne
Dynamo.getOne(User, 'a@b.c', { select: [] })
// @ts-expect-error select of no field: explain
Dynamo.explain(User, named, { select: [] })
// @ts-expect-error select of no field, as const
Dynamo.getMany(User, named, { select: [] as const })
// a list built at run time, of the model's fields: the fields it may hold (the run refuses it empty)
declare const chosen: ReadonlyArray<'name' | 'age'>
const some = Dynamo.getMany(User, named, { select: chosen })
expect<Equals<typeof some, Op<ReadonlyArray<Pick<User, 'email' | 'name' | 'age'>>>>>()
const one = Dynamo.getOne(User, 'a@b.c', { select: ['nick'] })
expect<Equals<typeof one, Op<Pick<User, 'email' | 'nick'>>>>()
const whole = Dynamo.getMany(User, named)
expect<Equals<typeof whole, Op<ReadonlyArray<User>>>>()
export const explained = Dynamo.explain(User, named, { select: ['age'] })
