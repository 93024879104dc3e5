/**
 * Type tests: read options that contradict one another, or the selection they read, do not
 * compile where the types tell it (a misuse that says why), as the run refuses them: `segments`
 * and `segment` together; either with `descending: true`; a key list or tuple with `segments`,
 * `segment` or `index`; a key list with `descending: true`. A `boolean` or a `number`, or an
 * option that may be absent (options typed apart from the read), is the run's to check, and
 * compiles. Options that are a union are checked member by member.
 */
import { Condition as C, Dynamo } from 'dynamongo'
import type { PageOptions, ReadOptions } from 'dynamongo'
import { Contacts, Indexed, User, c, u } from './models.js'

declare const flag: boolean
declare const n: number
const named = C.exists(u.name)

// @ts-expect-error segments and segment cannot both be given
Dynamo.getMany(User, named, { segments: 4, segment: { index: 0, total: 4 } })
// @ts-expect-error nor in a count
Dynamo.count(User, named, { segments: 4, segment: { index: 0, total: 4 } })
// @ts-expect-error descending orders a Query; segments split a Scan
Dynamo.getMany(User, named, { segments: 4, descending: true })
// @ts-expect-error nor segment
Dynamo.pages(User, named, { segment: { index: 0, total: 2 }, descending: true })
// @ts-expect-error nor segments of a variable's number
Dynamo.page(User, named, { descending: true, segments: n })
// @ts-expect-error a key list is read by BatchGetItem: no order
Dynamo.getMany(User, ['a@b.c', 'b@c.d'], { descending: true })
// @ts-expect-error nor in reduce
Dynamo.reduce(User, ['a@b.c'], 0, (k) => k + 1, { descending: true })
// @ts-expect-error a key list takes no segments
Dynamo.page(User, ['a@b.c'], { segments: 2 })
// @ts-expect-error nor a key tuple (a GetItem)
Dynamo.getMany(Contacts, ['a@b.c', 'n'], { segments: 2 })
// @ts-expect-error nor a count of keys
Dynamo.count(User, ['a@b.c'], { segments: 2 })

// @ts-expect-error nor where one member of a union of options contradicts itself
Dynamo.getMany(User, named, flag ? { descending: true, segments: 4 } : {})

// @ts-expect-error a key list is read from the table: no index
Dynamo.getMany(Indexed, [['a@b.c', 'n']], { index: 'all' })
// @ts-expect-error nor a key tuple (a GetItem)
Dynamo.page(Indexed, ['a@b.c', 'n'], { index: 'byAge' })
// @ts-expect-error nor a count of keys
Dynamo.count(Indexed, [['a@b.c', 'n']], { index: 'local' })
// @ts-expect-error nor where one member of a union of options names an index
Dynamo.reduce(Indexed, [['a@b.c', 'n']], 0, (k) => k + 1, flag ? { index: 'all' } : {})
// @ts-expect-error a key list takes no segment (of a Scan)
Dynamo.getMany(User, ['a@b.c'], { segment: { index: 0, total: 2 } })
// @ts-expect-error nor a key tuple
Dynamo.pages(Contacts, ['a@b.c', 'n'], { segment: { index: 0, total: 2 } })
// @ts-expect-error nor a count of keys
Dynamo.count(User, ['a@b.c'], { segment: { index: 0, total: 2 } })
// @ts-expect-error a key list is read in its keys' order, whichever member of the options is given
Dynamo.getMany(User, ['a@b.c', 'b@c.d'], flag ? { descending: true } : {})
// @ts-expect-error nor where the other member says false
Dynamo.getMany(User, ['a@b.c', 'b@c.d'], flag ? { descending: true } : { descending: false })

// what the run may take compiles
declare const options: ReadOptions<typeof User>
declare const paged: PageOptions<typeof Indexed>
export const fine = [
  Dynamo.getMany(User, named, { segments: 4 }),
  Dynamo.getMany(User, named, { segment: { index: 1, total: 4 }, descending: false }),
  Dynamo.getMany(Contacts, C.eq(c.email, 'a@b.c'), { descending: true }),
  // a key tuple is one GetItem, its one item in either order
  Dynamo.getMany(Contacts, ['a@b.c', 'n'], { descending: true }),
  Dynamo.getMany(User, ['a@b.c', 'b@c.d'], { descending: flag }),
  Dynamo.getMany(User, ['a@b.c'], { descending: false, consistentRead: true }),
  Dynamo.getMany(User, ['a@b.c'], { segments: n }),
  Dynamo.getMany(User, ['a@b.c'], options),
  Dynamo.page(Indexed, [['a@b.c', 'n']], paged),
  Dynamo.count(User, named, { segments: 2 }),
  Dynamo.getMany(Indexed, C.eq(Indexed.attrs.nick, 'x'), { index: 'all', descending: true }),
  Dynamo.getMany<typeof User>(User, named, { segments: 2 }),
  Dynamo.getMany<typeof User>(User, named, { segment: { index: 0, total: 2 } }),
  // a union of options is checked member by member: each of these is a read the run takes
  Dynamo.getMany(Contacts, C.eq(c.email, 'x'), flag ? { descending: true } : { segments: 4 }),
  Dynamo.getMany(User, named, flag ? { segments: 4 } : { segment: { index: 0, total: 4 } }),
  Dynamo.count(User, named, flag ? { segments: 4 } : { segment: { index: 0, total: 4 } }),
  // keys with options of which no member surely gives index or segment, nor descending: true
  Dynamo.getMany(Indexed, [['a@b.c', 'n']], { index: flag ? 'all' : undefined }),
  Dynamo.getMany(Indexed, [['a@b.c', 'n']], { segment: undefined, index: undefined }),
  Dynamo.getMany(User, ['a@b.c', 'b@c.d'], flag ? { descending: false } : { consistentRead: true }),
  Dynamo.getMany(User, ['a@b.c', 'b@c.d'], flag ? { limit: 1 } : {}),
  // a key tuple is one GetItem, in either order; a condition may be a Query
  Dynamo.getMany(Contacts, ['a@b.c', 'n'], flag ? { descending: true } : {}),
  Dynamo.getMany(Contacts, C.eq(c.email, 'a@b.c'), flag ? { descending: true } : {}),
  // a condition through an index, or in a segment
  Dynamo.getMany(Indexed, C.eq(Indexed.attrs.nick, 'x'), { index: 'all' }),
  Dynamo.count(Indexed, C.eq(Indexed.attrs.nick, 'x'), flag ? { index: 'all' } : {}),
  Dynamo.pages(User, named, { segment: { index: 0, total: 2 } }),
]
