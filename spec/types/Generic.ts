/**
 * Type tests: code generic over models. The handles of a model given as a type parameter
 * (`m.attrs`) are tied to that parameter, so a helper over several models (a model and its
 * archive twin in another table, or any model) builds its conditions and updates from them;
 * a handle of a model it was not given still does not compile there.
 */
import { Condition as C, Dynamo, Model, Update as U } from 'dynamongo'
import { expect, type Equals } from './helpers.js'
import { Contacts, User, codec, u, type User as UserItem } from './models.js'

type AnyModel = Model.Model<any, any, any, any>
/** `User` and its twins: models of the same items in other tables. */
type Users = Model.Model<UserItem, any, any, any>
const Archive = Model.make({ table: 'users-archive', hashKey: 'email', codec })

/** The young users of a model of users. */
export const young = <M extends Users>(m: M) => Dynamo.getMany(m, C.and(C.exists(m.attrs.name), C.lt(m.attrs.age, 18)))
/** Renames a user of a model of users. */
export const rename = <M extends Users>(m: M, key: Model.Strategy<M>, name: string) => Dynamo.updateOne(m, key, [U.set(m.attrs.name, name), U.increment(m.attrs.age, 1), U.remove(m.attrs.address.city)])
/** A condition of the model of users given. */
export const named = <M extends Users>(m: M, name: string): C.Condition<M> => C.eq(m.attrs.name, name)
/** The items of any model whose `name` exists (a field the type of `AnyModel` does not tell). */
export const anyNamed = <M extends AnyModel>(m: M) => Dynamo.page(m, C.exists(m.attrs['name']!), { descending: true })

export const both = [young(User), young(Archive), rename(Archive, 'a@b.c', 'x'), Dynamo.getMany(Archive, named(Archive, 'x')), anyNamed(Contacts)]
expect<Equals<ReturnType<typeof young<typeof Archive>>, Dynamo.Op<ReadonlyArray<UserItem>>>>()

// @ts-expect-error a handle of User in a helper over its twins
export const foreign = <M extends Users>(m: M) => Dynamo.getMany(m, C.eq(u.name, 'x'))
// @ts-expect-error a helper's condition of the archive given to User
Dynamo.getMany(User, named(Archive, 'x'))
