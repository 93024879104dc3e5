/**
 * Type tests (compile-only) of a model made inline in a call: `Dynamo.saveOne(Model.make({ …,
 * version }), item)`, `Dynamo.collection({ orders: Model.make({ … }) }, …)`, takes its types
 * from its options alone, not from the call's parameter type (a `Model<any, …>`): its version
 * stays its own (its saves take no `overwrite`), its hash key is its own fields (a collection
 * asks for those as key values), its range key is known (a collection of models of different
 * key schemas does not compile) and its indexes are the declared ones. A model of unknown type
 * (`Model.Model<…>`) is still not known to be versioned.
 */
import * as t from 'io-ts'
import { Dynamo, Field, Model, Transaction as T } from 'dynamongo'
import type { Op } from 'dynamongo'
import { expect, type Equals } from './helpers.js'

const codec = t.type({ id: t.string, title: t.string, version: Field.int() })
const probe = <Mo extends Model.Model<any, any, any, any>>(m: Mo): Mo => m

export const inline = Dynamo.saveOne(Model.make({ table: 'docs', hashKey: 'id', codec, version: 'version' }), { id: 'a', title: 'T' })
export const inlineVersioned = probe(Model.make({ table: 'docs', hashKey: 'id', codec, version: 'version' }))
expect<Equals<Model.IsVersioned<typeof inlineVersioned>, true>>()
expect<Equals<Model.IsVersioned<Model.Model<{ id: string }>>, false>>()
expect<Equals<Model.IsVersioned<typeof plainInline>, false>>()
const plainInline = probe(Model.make({ table: 'plain', hashKey: 'id', codec }))

export const inlineOverwrite = Dynamo.saveOne(
  Model.make({ table: 'docs', hashKey: 'id', codec, version: 'version' }),
  { id: 'a', title: 'T' },
  // @ts-expect-error: a versioned model made inline takes no overwrite either
  { overwrite: true },
)
export const inlineManyOverwrite = Dynamo.saveMany(
  Model.make({ table: 'docs', hashKey: 'id', codec, version: 'version' }),
  [{ id: 'a', title: 'T' }],
  // @ts-expect-error: nor saveMany's
  { overwrite: false },
)
// @ts-expect-error: nor a transaction's put
export const inlinePut = T.put(Model.make({ table: 'docs', hashKey: 'id', codec, version: 'version' }), { id: 'a', title: 'T' }, { overwrite: false })
// a plain model made inline takes one
export const plainOverwrite = Dynamo.saveOne(Model.make({ table: 'plain', hashKey: 'id', codec }), { id: 'a', title: 'T', version: 1 }, { overwrite: true })

// -------------------------------------------------------------------------------------
// models made inline in a collection (or any call whose parameter is a model): the call's
// contextual type (a record of `Model<any, …>`) took part in inferring the model's key types
// -------------------------------------------------------------------------------------

const customer = Model.make({ table: 'shop', entity: 'customer', codec: t.type({ customerId: t.string, name: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}'), rangeKey: Model.key('sk', 'PROFILE') })
const plainCodec = t.type({ id: t.string, n: Field.int() })
// a plain model made inline: its hash key is the field named, not every required key field
const plainMade = probe(Model.make({ table: 'shop', entity: 'a', codec: plainCodec, hashKey: 'id' }))
expect<Equals<(typeof plainMade)['keyFields'], Model.KeyFields<readonly ['id'], undefined>>>()
expect<Equals<(typeof plainMade)['hashKey'], 'id'>>()
// a model made inline without a range key has none (not `any`), nor indexes (no name is an index)
const noteMade = probe(Model.make({ table: 'shop', entity: 'note', codec: t.type({ customerId: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}') }))
expect<Equals<(typeof noteMade)['rangeKey'], undefined>>()
expect<Equals<Model.IndexName<typeof noteMade>, never>>()
// in a collection: the key values are its hash key's field alone (they asked for n too)
export const inlineCollection = Dynamo.collection({ a: Model.make({ table: 'shop', entity: 'a', codec: plainCodec, hashKey: 'id' }) }, { id: 'x' })
expect<Equals<typeof inlineCollection, Op<{ readonly a: ReadonlyArray<t.TypeOf<typeof plainCodec>> }>>>()
// @ts-expect-error: a model made inline without the range key of the others is refused as a declared one is
Dynamo.collection({ customer, note: Model.make({ table: 'shop', entity: 'note', codec: t.type({ customerId: t.string }), hashKey: Model.key('pk', 'CUSTOMER#{customerId}') }) }, { customerId: 'c' })
// a plain model made inline reads by its hash key scalar
export const inlineGet = Dynamo.getOne(Model.make({ table: 'plain', hashKey: 'id', codec: plainCodec }), 'x')
expect<Equals<typeof inlineGet, Op<t.TypeOf<typeof plainCodec>>>>()
// a versioned model made inline: its version is the field named (not widened to the codec's integer fields, nor a misuse)
expect<Equals<(typeof inlineVersioned)['version'], 'version'>>()
