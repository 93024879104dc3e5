/**
 * An index named `__proto__` (a name DynamoDB takes: 3 to 255 of its characters) cannot be held
 * by the objects a model keeps its indexes in: `Model.make` dropped it unsaid (the model had no
 * index, and `Table.diff` then refused the model for a key type no index of it declared). It is
 * a `SchemaError` naming it, as any index name refused; `constructor` and `toString`, own keys of
 * those objects, stay indexes.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'

const codec = t.type({ id: t.string, a: t.string })

test('an index named __proto__ is a SchemaError naming it, never dropped; constructor and toString are indexes', () => {
  const make = (name: string) => Model.make({ table: 'things', hashKey: 'id', codec, indexes: { [name]: Model.globalIndex({ hashKey: 'a' }) } as never })
  try {
    const m = make('__proto__')
    assert.unreachable(`made, with the indexes ${JSON.stringify(Object.keys(m.indexes))}`)
  } catch (e) {
    assert.ok(e instanceof DE.SchemaException && /__proto__/.test(e.message), String(e))
  }
  for (const name of ['constructor', 'toString']) assert.equal(Object.keys(make(name).indexes), [name])
})

test.run()
