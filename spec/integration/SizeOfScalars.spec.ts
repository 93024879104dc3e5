/**
 * `size()` of a number, a boolean or a null, which DynamoDB's `size` does not apply to
 * (strings, binaries, sets, lists and maps only) and which `C.size` refuses at compile time:
 * through a cast, the compiled condition goes to DynamoDB as it is, and `Evaluate.condition`
 * must give DynamoDB Local's verdict, as a Scan's filter and as a PutItem's condition.
 */
import { PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../lib/ast/Attr.js'
import * as C from '../../lib/ast/Condition.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as X from '../../lib/compile/Expression.js'
import { createRawTable, local, uniqueTable } from '../harness/local.js'

type Item = Record<string, AttributeValue>

const items: ReadonlyArray<Item> = [
  { pk: { S: 'n3' }, a: { N: '123' } },
  { pk: { S: 'n1' }, a: { N: '7' } },
  { pk: { S: 'bool' }, a: { BOOL: true } },
  { pk: { S: 'null' }, a: { NULL: true } },
  { pk: { S: 's3' }, a: { S: 'abc' } },
  { pk: { S: 'none' } },
]

// the handle as a cast would give it (a number attribute): C.size's types refuse it
const a = A.path('a')
const conditions: ReadonlyArray<C.Condition> = [
  C.eq(C.size(a), 3),
  C.ne(C.size(a), 3),
  C.not(C.eq(C.size(a), 3)),
  C.gt(C.size(a), 0),
  C.lte(C.size(a), 100),
  C.between(C.size(a), 0, 100),
  C.isIn(C.size(a), [1, 3]),
  C.eq(a, C.size(a)),
]

test('size of a number, boolean or null: Evaluate.condition gives the verdicts of a DynamoDB Scan and of a conditional PutItem', async () => {
  const db = await local()
  const TableName = uniqueTable('size_scalars')
  await createRawTable(db.client, TableName)
  for (const Item of items) await db.client.send(new PutItemCommand({ TableName, Item }))
  for (const c of conditions) {
    const filter = X.request({ filter: c })
    const ev = Evaluate.condition(c)
    assert.ok(E.isRight(filter), X.show(c))
    assert.ok(E.isRight(ev), X.show(c))
    if (E.isLeft(filter) || E.isLeft(ev)) continue
    const scanned = await db.client.send(new ScanCommand({ TableName, ConsistentRead: true, ...filter.right }))
    const kept = new Set((scanned.Items ?? []).map((i) => i['pk']?.S))
    for (const item of items) {
      const pk = item['pk']?.S
      assert.is(ev.right(item), kept.has(pk), `${X.show(c)} on ${pk}: the Scan`)
      const compiled = X.request({ condition: c })
      assert.ok(E.isRight(compiled), X.show(c))
      if (E.isLeft(compiled)) continue
      const written = await db.client.send(new PutItemCommand({ TableName, Item: item, ...compiled.right })).then(
        () => true,
        (e: unknown) => {
          if (e instanceof Error && e.name === 'ConditionalCheckFailedException') return false
          throw e
        },
      )
      assert.is(ev.right(item), written, `${X.show(c)} on ${pk}: the PutItem`)
    }
  }
})

test.run()
