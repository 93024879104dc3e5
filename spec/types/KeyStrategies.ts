/**
 * Type tests of key strategies: a strategy that selects one item holds every key field, each
 * of its type, and nothing the item does not have; a tuple holds both keys of a hash+range
 * model. The same in every operation that takes one (single requests, transaction entries,
 * lists of keys).
 */
import { Condition as C, Dynamo, Model, Transaction as T } from 'dynamongo'
import { Contacts, Order, User } from './models.js'

// what compiles: a scalar, a tuple, an object of the key fields (other item fields beside them), a composed key's fields
export const keys = [
  Dynamo.getOne(User, 'a@b.c'),
  Dynamo.getOne(User, { email: 'a@b.c', name: 'A' }),
  Dynamo.getOne(Contacts, ['a@b.c', 'A']),
  Dynamo.getOne(Contacts, { email: 'a@b.c', name: 'A' }),
  Dynamo.getOne(Order, { customerId: 'c', orderId: 'o', createdAt: new Date(0) }),
  T.get(Contacts, { email: 'a@b.c', name: 'A' }),
  Dynamo.deleteMany(Contacts, [['a@b.c', 'A']]),
]

// a hash+range model's key, partial
// @ts-expect-error the hash key only, as an object
Dynamo.getOne(Contacts, { email: 'a@b.c' })
// @ts-expect-error the range key only, as an object
Dynamo.getOne(Contacts, { name: 'A' })
// @ts-expect-error the range key and another field
Dynamo.getOne(Contacts, { name: 'A', age: 3 })
// @ts-expect-error a one-element tuple
Dynamo.getOne(Contacts, ['a@b.c'])
// @ts-expect-error the hash key only, as a scalar
Dynamo.deleteOne(Contacts, 'a@b.c')
// @ts-expect-error the hash key only in a transaction's get
T.get(Contacts, { email: 'a@b.c' })
// @ts-expect-error the hash key only in a transaction's check
T.check(Contacts, { email: 'a@b.c' })
// @ts-expect-error the hash key only in keysIn
Model.keysIn(Contacts, [{ email: 'a@b.c' }])
// @ts-expect-error a composed key without one of its templates' fields
Dynamo.getOne(Order, { customerId: 'c', orderId: 'o' })

// many items are selected by a list of whole keys or a condition (a misuse says which)
// @ts-expect-error one object of the hash key, not in a list
Dynamo.getMany(Contacts, { email: 'a@b.c' })
// @ts-expect-error nor a whole key
Dynamo.getMany(Contacts, { email: 'a@b.c', name: 'A' })
// @ts-expect-error a list of keys each without its range key
Dynamo.getMany(Contacts, [{ email: 'a@b.c' }])
// @ts-expect-error a composed key's hash fields only
Dynamo.page(Order, { customerId: 'c' })
// @ts-expect-error nor in a list
Dynamo.count(Order, [{ customerId: 'c' }])
// @ts-expect-error an unknown field beside the key in a key list
Dynamo.getMany(User, [{ email: 'a@b.c', bogus: 1 }])
// what it says to give compiles: whole keys in a list, or a condition on the hash key (a Query)
export const many = [
  Dynamo.getMany(Contacts, [{ email: 'a@b.c', name: 'A' }]),
  Dynamo.getMany(Contacts, [['a@b.c', 'A']]),
  Dynamo.getMany(Contacts, C.eq(Contacts.attrs.email, 'a@b.c')),
  Dynamo.page(Order, C.eq(Order.attrs.customerId, 'c')),
  Dynamo.count(Order, [{ customerId: 'c', orderId: 'o', createdAt: new Date(0) }]),
]
// a selection typed as getMany's is explained (the misuse in its type is no value's)
declare const selection: Parameters<typeof Dynamo.getMany<typeof User>>[1]
export const explainedSelection = Dynamo.explain(User, selection)

// a key field of the wrong type
// @ts-expect-error a number for a string hash key
Dynamo.getOne(User, 1)
// @ts-expect-error a number for a string hash key, as an object
Dynamo.getOne(User, { email: 1 })
// @ts-expect-error a number for a string range key in a tuple
Dynamo.getOne(Contacts, ['a@b.c', 1])
// @ts-expect-error a number for a string range key in a list of tuples
Dynamo.deleteMany(Contacts, [['a@b.c', 1]])
// @ts-expect-error numbers for string keys in a list
Dynamo.getMany(User, [1, 2])
// @ts-expect-error a number for a date-time key field
Dynamo.getOne(Order, { customerId: 'c', orderId: 'o', createdAt: 3 })
// @ts-expect-error an ISO string for a date-time key field (the field's type is Date)
Dynamo.getOne(Order, { customerId: 'c', orderId: 'o', createdAt: '2026-01-01T00:00:00Z' })

// fields the item does not have
// @ts-expect-error an unknown field beside the key
Dynamo.getOne(User, { email: 'a@b.c', bogus: 1 })
// @ts-expect-error an unknown field beside the key of a delete
Dynamo.deleteOne(User, { email: 'a@b.c', bogus: 1 })
// @ts-expect-error an unknown field beside the key of a transaction's delete
T.delete(Contacts, { email: 'a@b.c', name: 'A', bogus: 1 })

// no key at all, or another field in its place, in every operation that takes a strategy
// @ts-expect-error an empty object in a transaction's get
T.get(User, {})
// @ts-expect-error another field in a transaction's delete
T.delete(User, { name: 'x' })
// @ts-expect-error an empty object in a transaction's check
T.check(User, {})
// @ts-expect-error an empty object in a transaction's update
T.update(User, {}, [])
// @ts-expect-error updateFromDict of no key
Dynamo.updateFromDict(User, {})
// @ts-expect-error an empty object in a key list
Dynamo.getMany(User, [{}])
// @ts-expect-error another field in a deleteMany key list
Dynamo.deleteMany(User, [{ name: 'x' }])
// @ts-expect-error an empty object explained
Dynamo.explain(User, {})
// @ts-expect-error null
Dynamo.getOne(User, null)
// @ts-expect-error undefined
Dynamo.getOne(User, undefined)
// @ts-expect-error the key field given as undefined
Dynamo.getOne(User, { email: undefined })
// @ts-expect-error a composed key's field given as undefined
Dynamo.getOne(Order, { customerId: 'c', orderId: 'o', createdAt: undefined })
declare const maybe: Partial<{ email: string }>
// @ts-expect-error an object whose key field may be absent
Dynamo.getOne(User, maybe)
declare const either: { email: string } | { name: string }
// @ts-expect-error a union of which one member holds no key
Dynamo.getOne(User, either)
// @ts-expect-error the stored key attributes of a composed key, not its fields
Dynamo.getOne(Order, { pk: 'CUSTOMER#c', sk: 'ORDER#x' })
// @ts-expect-error a tuple on a hash-only model
Dynamo.getOne(User, ['a@b.c', 'x'])
// @ts-expect-error a three-element tuple
Dynamo.getOne(Contacts, ['a@b.c', 'A', 'x'])
// @ts-expect-error keysIn of empty objects
Model.keysIn(User, [{}])
// @ts-expect-error keysIn of another field
Model.keysIn(User, [{ name: 'x' }])
// @ts-expect-error keysIn of hash keys alone on a hash+range model
Model.keysIn(Contacts, ['a@b.c'])
// @ts-expect-error keysIn of a composed key's hash field alone
Model.keysIn(Order, [{ customerId: 'c' }])
