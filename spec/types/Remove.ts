/**
 * Type tests: `remove` takes what an item may be without (an optional field at any depth, a
 * list's element, a dictionary's entry, a field whose codec takes `undefined`); a field the
 * codec requires does not compile, its message saying why (the run refuses it too, through an
 * untyped handle: spec/unit/compile/UpdateRefusals.spec.ts).
 */
import * as t from 'io-ts'
import { Attr, Dynamo, Field, Model, Transaction as T, Update as U } from 'dynamongo'

const Profile = Model.make({
  table: 'profiles',
  hashKey: 'id',
  codec: t.intersection([
    t.type({
      id: t.string,
      name: t.string,
      maybe: t.union([t.string, t.undefined]),
      anything: t.unknown,
      address: t.type({ city: t.string, zip: t.union([t.number, t.undefined]) }),
      tags: Field.list(t.string),
      pair: t.tuple([t.string, t.number]),
      counts: t.record(t.string, t.number),
      people: t.array(t.type({ name: t.string, nick: t.union([t.string, t.undefined]) })),
    }),
    t.partial({ nick: t.string, extra: t.type({ note: t.string }), loose: t.partial({ note: t.string }) }),
  ]),
})
const p = Profile.attrs

export const removals = Dynamo.updateOne(Profile, 'a', [
  U.remove(p.nick),
  U.remove(p.maybe),
  U.remove(p.anything),
  U.remove(p.address.zip),
  U.remove(p.tags.at(0)),
  U.remove(p.people.at(0)),
  U.remove(p.people.at(0).nick),
  U.remove(p.extra),
  U.remove(p.loose.note),
  U.remove(Attr.path('name')),
])

// a dictionary's entry (a handle the index signature may not hold: noUncheckedIndexedAccess)
const entry = p.counts.x
export const removedEntry = entry === undefined ? [] : [U.remove(entry)]

// @ts-expect-error a required field: the item would no longer decode
U.remove(p.name)
// @ts-expect-error a required map
U.remove(p.address)
// @ts-expect-error a required field of a required map
U.remove(p.address.city)
// @ts-expect-error a required field of an optional map
U.remove(p.extra.note)
// @ts-expect-error a required field of a list's element
U.remove(p.people.at(0).name)
// @ts-expect-error a tuple's element (the later ones would move down a place)
U.remove(p.pair.at(1))
// @ts-expect-error in a transaction too
T.update(Profile, 'a', [U.remove(p.tags)])

// a handle that may be either, or a list mixing both: the required one keeps it from compiling
declare const flag: boolean
// @ts-expect-error one of a union is required
U.remove(flag ? p.nick : p.name)
// @ts-expect-error a list of handles of which one is required
export const mixed = [p.nick, p.name].map(U.remove)
// @ts-expect-error typed as what remove takes, a list with a required one
export const removable: ReadonlyArray<Attr.Removable<typeof Profile>> = [p.nick, p.name]
export const allOptional: ReadonlyArray<Attr.Removable<typeof Profile>> = [p.nick, p.maybe, p.tags.at(0)]
