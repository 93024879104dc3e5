/** The assertion of a model definition refused: a `SchemaException` thrown, its error a `SchemaError` whose message matches. */
import * as assert from 'uvu/assert'
import { SchemaException } from '../../lib/DynamoError.js'

/** `f` throws a `SchemaException` of a `SchemaError` whose message matches `re`. */
export const throwsSchema = (f: () => unknown, re: RegExp): void => {
  try {
    f()
  } catch (e) {
    assert.instance(e, SchemaException)
    assert.is((e as SchemaException).error._tag, 'SchemaError')
    assert.match((e as SchemaException).message, re, (e as SchemaException).message)
    return
  }
  assert.unreachable('expected a SchemaError')
}
