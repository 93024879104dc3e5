/**
 * DESIGN §5.2's refusals before any request, against DynamoDB Local as the oracle (not a
 * defect found: pinned). A `ClientRequestToken` of 1 to 36 characters is counted as DynamoDB
 * counts it, in UTF-16 code units (18 emoji taken, 19 refused; 36 non-ASCII letters taken,
 * 37 refused), by dynamongo before any request and by Local on the raw request alike. Two
 * puts whose number keys are one number in other spellings (1, 1.0, 1e0, 10e-1, -0, +1,
 * 1E2, .5, 38 digits and their exponent form) are one item to Local ("multiple operations on
 * one item") and to dynamongo (an ExpressionError naming both entries, nothing sent); numbers
 * that differ in value are two items to both. (Local's own check of duplicates compares the
 * Key of a check or a delete as written: two checks of 1 and 1.0 pass it, though a put of 1
 * and a check of 1.0 in one transaction meet one item. Puts are the oracle here.)
 */
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Field from '../../lib/codec/Field.js'
import * as T from '../../lib/compile/Transaction.js'
import * as Model from '../../lib/model/Model.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import { fixture, ok, scanAll } from '../harness/models.js'

const Ref = Model.make({ table: 'refs', hashKey: 'id', codec: t.type({ id: t.string }) })
/** A number key given as text (Field.decimal), so that every spelling is sent as written. */
const Num = Model.make({ table: 'nums', hashKey: 'id', codec: t.type({ id: Field.decimal }) })

/** What Local answers a raw transaction: 'accepted', or its error's name and message. */
const onLocal = (send: () => Promise<unknown>): Promise<string> =>
  send().then(
    () => 'accepted',
    (e: Error) => `${e.name}: ${e.message}`,
  )

test('a token of 36 UTF-16 code units is taken and one of more refused, by dynamongo before any request and by Local alike', async () => {
  const f = await fixture('txtoken')
  await ok(f.env, Dynamo.createTable(Ref))
  const tokens: ReadonlyArray<readonly [string, boolean]> = [
    ['😀'.repeat(18), true],
    ['😀'.repeat(19), false],
    ['é'.repeat(36), true],
    ['é'.repeat(37), false],
    ['x'.repeat(36), true],
    ['x'.repeat(37), false],
  ]
  for (const [i, [token, taken]] of tokens.entries()) {
    const local = await onLocal(() => f.client.send(new TransactWriteItemsCommand({ ClientRequestToken: token, TransactItems: [{ Put: { TableName: f.table(Ref), Item: { id: { S: `raw-${i}` } } } }] })))
    // another token of the same length: the same one with other parameters would be a mismatch
    const ours = await Dynamo.transactWrite([T.put(Ref, { id: `ours-${i}` })], { token: token.replace(/😀/gu, '😁').replace(/é/g, 'è').replace(/x/g, 'y') })(f.env)()
    assert.is(local === 'accepted', taken, `Local, ${token.length} code units: ${local}`)
    assert.is(E.isRight(ours), taken, `dynamongo, ${token.length} code units: ${JSON.stringify(ours)}`)
    if (!taken) assert.ok(E.isLeft(ours) && ours.left._tag === 'ValidationError' && /token/.test(ours.left.message), JSON.stringify(ours))
  }
  const stored = (await scanAll(f.client, f.table(Ref))).map((x) => x['id']?.S).sort()
  assert.equal(stored, ['ours-0', 'ours-2', 'ours-4', 'raw-0', 'raw-2', 'raw-4'])
})

test('two entries on one number in other spellings are one item to Local and to dynamongo (refused before any request); other numbers are two items to both', async () => {
  const f = await fixture('txnumbers')
  await ok(f.env, Dynamo.createTable(Num))
  const pairs: ReadonlyArray<readonly [string, string, boolean]> = [
    ['1', '1.0', true],
    ['1', '1e0', true],
    ['1', '10e-1', true],
    ['0', '-0', true],
    ['0', '0.000', true],
    ['1', '+1', true],
    ['100', '1E2', true],
    ['0.5', '.5', true],
    ['12345678901234567890123456789012345678', '1.2345678901234567890123456789012345678e37', true],
    ['1', '1.0000000000000000000000000000000000001', false],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345679', false],
    ['-1', '1', false],
  ]
  for (const [a, b, same] of pairs) {
    const local = await onLocal(() => f.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: f.table(Num), Item: { id: { N: a } } } }, { Put: { TableName: f.table(Num), Item: { id: { N: b } } } }] })))
    assert.is(/multiple operations on one item/.test(local), same, `Local, ${a} and ${b}: ${local}`)
    const ours = await Dynamo.transactWrite([T.put(Num, { id: a }), T.put(Num, { id: b })])(f.env)()
    if (same) assert.ok(E.isLeft(ours) && ours.left._tag === 'ExpressionError' && /entry 1 \(put on .*\): it names the same item as entry 0/.test(ours.left.message), `dynamongo, ${a} and ${b}: ${JSON.stringify(ours)}`)
    else assert.ok(E.isRight(ours), `dynamongo, ${a} and ${b}: ${JSON.stringify(ours)}`)
  }
})

test.run()
