/**
 * A long name or text in a message is cut by code points (internal/show's `shortened`): never
 * between the two halves of a pair, which would leave a lone surrogate (written `\ud83d` by
 * JSON) in the message. A refused table name, quoted through `clipped`, scrubbed first.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as Model from '../../../lib/model/Model.js'
import { SchemaException } from '../../../lib/DynamoError.js'
import { clipped } from '../../../lib/internal/scrub.js'

const messageOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    assert.instance(e, SchemaException)
    return (e as SchemaException).message
  }
  assert.unreachable('expected a SchemaError')
  return ''
}

// an escaped half of a pair, as JSON.stringify writes a lone surrogate, or one left as it is
const halfPair = /\\ud[89a-f][0-9a-f]{2}|[\uD800-\uDFFF](?![\uDC00-\uDFFF])(?<![\uD800-\uDBFF][\uDC00-\uDFFF])/i

test("a table name of '😀' x 40 is quoted whole, 40 code points, no half of a pair", () => {
  const m = messageOf(() => Model.make({ table: '😀'.repeat(40), hashKey: 'id', codec: t.type({ id: t.string }) } as never))
  assert.match(m, /a table name is/)
  assert.not.match(m, halfPair)
  assert.ok(m.includes(JSON.stringify('😀'.repeat(40))), m)
})

test("a table name of '😀' x 70 is quoted by its first 60 code points", () => {
  const m = messageOf(() => Model.make({ table: '😀'.repeat(70), hashKey: 'id', codec: t.type({ id: t.string }) } as never))
  assert.not.match(m, halfPair)
  assert.ok(m.includes(JSON.stringify(`${'😀'.repeat(60)}…`)), m)
})

test('clipped cuts by code points, after the scrub', () => {
  assert.is(clipped(`a${'😀'.repeat(70)}`, 60), `a${'😀'.repeat(59)}…`)
  assert.is(clipped('😀'.repeat(10), 60), '😀'.repeat(10))
  // scrubbed before it is cut: the password goes with its '@', wherever the cut would fall
  assert.is(clipped(`http://admin:${'p'.repeat(80)}@db:8000`, 60), 'http://***@db:8000')
})

test.run()
