/**
 * Type tests (compile-only) of a model made inline in a call: `Dynamo.saveOne(Model.make({ …,
 * version }), item)`. The call's contextual type widened the model's version type to
 * `'version' | undefined`, and such a model was not known to be versioned (its saves took an
 * `overwrite`). A model of unknown type (`Model.Model<…>`) is still not known to be.
 */
import * as t from 'io-ts'
import { Dynamo, Field, Model, Transaction as T } from 'dynamongo'
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
