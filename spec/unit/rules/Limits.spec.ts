/**
 * DynamoDB's rules, written once (lib/rules): every reader of a rule agrees with the others
 * (the compiler and the evaluator, the encoder and the runner).
 */
import { DynamoDBServiceException, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Limits from '../../../lib/rules/limits.js'
import { classify } from '../../../lib/run/send.js'
import { counting } from '../../harness/counting.js'
import { Customer } from '../../harness/shop.js'
import { Customer as ExpiringCustomer } from '../../harness/expiring.js'
import { Plain, Session } from '../../harness/ttl.js'

const sizeError = new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', message: 'Item size has exceeded the maximum allowed size', $metadata: {} })

test('the size of an item: run/send (an ItemTooLarge from DynamoDB) and Item count every number alike', () => {
  const numbers = ['-1', '1', '0', '-0.5', '-12345678901234567890', '1E+125', '-9.9999999999999999999999999999999999999E+125', '1E-130', '-1E-130', '100', '-100.001']
  for (const n of numbers) {
    const item: Record<string, AttributeValue> = { pk: { S: 'a' }, n: { N: n }, ns: { NS: [n, '7'] }, l: { L: [{ N: n }] }, m: { M: { k: { N: n } } } }
    const e = classify(sizeError, { input: { Item: item } })
    assert.equal(e, { _tag: 'ItemTooLarge', size: Item.size(item), limit: Limits.ITEM_BYTES }, n)
  }
})

const a = A.path<number>('a')
const eqs = (k: number) => C.and(...Array.from({ length: k }, (_, i) => C.eq(a, i)))

test('300 operators: compiled and evaluated; 301: refused by both, with one message', () => {
  assert.ok(E.isRight(X.condition(eqs(150))))
  assert.ok(E.isRight(Evaluate.condition(eqs(150))))
  for (const c of [eqs(151), C.not(C.not(eqs(150))), C.and(...Array.from({ length: 101 }, () => C.not(C.eq(C.size(A.path('a')), 1))))]) {
    const compiled = X.condition(c)
    const evaluated = Evaluate.condition(c)
    assert.ok(E.isLeft(compiled) && compiled.left._tag === 'ExpressionError', 'the compiler refuses it')
    assert.equal(evaluated, compiled, 'Evaluate refuses it as the compiler does')
  }
})

test('an update of 301 operators (and over 4,096 bytes): refused by the compiler and by Evaluate alike', () => {
  const n = A.path<number>('n')
  const over = [...Array.from({ length: 150 }, (_, i) => U.set(A.path<number>(`x${i}`), U.plus(U.ifNotExists(n, 0), 1))), U.set(A.path<number>('y'), U.plus(n, 1))]
  const compiled = X.update(over)
  assert.ok(E.isLeft(compiled) && compiled.left._tag === 'ExpressionError')
  assert.equal(Evaluate.update(over), compiled)
})

test('a condition that fits alone but not with the checks dynamongo adds (an entity\'s, the key\'s existence): refused before any request, the message saying the added operators are counted', async () => {
  const { env, sent } = counting()
  const cu = Customer.attrs
  // 149 comparisons OR-ed: 297 operators, which DynamoDB takes alone
  const fits = C.or(...Array.from({ length: 149 }, (_, i) => C.eq(cu.name, `n${i}`)))
  assert.ok(E.isRight(X.condition(fits)))
  const item = { customerId: 'c1', name: 'Ann' }
  const says = (r: E.Either<unknown, unknown>, ops: number, added: number) => {
    assert.ok(E.isLeft(r), 'refused')
    const e = r.left as { _tag: string; message: string }
    assert.is(e._tag, 'ExpressionError')
    assert.match(e.message, `has ${ops} operators, more than DynamoDB's 300: the condition given has 297, and DynamoDB counts the ${added} of the checks dynamongo adds to it`)
  }
  // saveOne: attribute_not_exists(pk) OR (_et = :entity AND (…)): 4 more
  says(await Dynamo.saveOne(Customer, item, { overwrite: fits })(env)(), 301, 4)
  // updateOne and deleteOne with checks: the same rule, their own additions
  says(await Dynamo.updateOne(Customer, C.and(C.eq(cu.customerId, 'c1'), fits), [U.set(cu.tier, 'gold')])(env)(), 301, 4)
  says(await Dynamo.deleteOne(Customer, C.and(C.eq(cu.customerId, 'c1'), fits))(env)(), 301, 4)
  // a read's filter: _et = :entity AND (…), 2 more (299 of the condition)
  const fitsRead = C.or(fits, C.eq(cu.name, 'x'))
  const read = await Dynamo.getMany(Customer, fitsRead)(env)()
  assert.ok(E.isLeft(read) && /has 301 operators, more than DynamoDB's 300: the condition given has 299, and DynamoDB counts the 2 of the checks dynamongo adds to it/.test(DE.show(read.left)), JSON.stringify(read))
  // a transaction's check of the entity's item: _et = :entity AND (…), 2 more
  const check = await Dynamo.transactWrite([T.check(Customer, C.and(C.eq(cu.customerId, 'c1'), fitsRead))])(env)()
  assert.ok(E.isLeft(check) && /has 301 operators, more than DynamoDB's 300: the condition given has 299, and DynamoDB counts the 2 of the checks dynamongo adds to it/.test(DE.show(check.left)), JSON.stringify(check))
  assert.is(sent.length, 0, 'no request')
  // a condition over the limit by itself, or one to which nothing is added, says what it always did
  const over = C.or(fits, C.eq(cu.name, 'x'), C.eq(cu.name, 'y'))
  const alone = await Dynamo.saveOne(Customer, item, { overwrite: over })(env)()
  assert.ok(E.isLeft(alone) && alone.left._tag === 'ExpressionError' && /has 305 operators, more than DynamoDB's 300$/.test(alone.left.message), JSON.stringify(alone))
  const plain = X.condition(over)
  assert.ok(E.isLeft(plain) && /has 301 operators, more than DynamoDB's 300$/.test(DE.show(plain.left)))
})

test('a filter evaluated in memory (a GetItem\'s, a BatchGetItem\'s: getMany, deleteMany by keys) on a model with ttl or an entity: the message says the added operators are counted', async () => {
  const { env, sent } = counting()
  const s = Session.attrs
  // 150 comparisons AND-ed: 299 operators, which DynamoDB takes alone; the expiry check adds 3
  const fits = C.and(...Array.from({ length: 150 }, (_, i) => C.eq(s.user, `u${i}`)))
  assert.ok(E.isRight(X.condition(fits)))
  const told = (r: E.Either<DE.DynamoError, unknown>, name: string, ops: number, added: number) =>
    assert.ok(
      E.isLeft(r) && r.left._tag === 'ExpressionError' && r.left.message.includes(`has ${ops} operators, more than DynamoDB's 300: the condition given has 299, and DynamoDB counts the ${added} of the checks dynamongo adds to it`),
      `${name}: ${JSON.stringify(r)}`,
    )
  const byKeys = C.and(C.isIn(s.id, ['a', 'b']), fits)
  told(await Dynamo.getMany(Session, byKeys)(env)(), 'getMany (BatchGetItem)', 302, 3)
  told(await Dynamo.deleteMany(Session, byKeys)(env)(), 'deleteMany (BatchGetItem)', 302, 3)
  told(await Dynamo.getMany(Session, C.and(C.eq(s.id, 'a'), fits))(env)(), 'getMany (GetItem)', 302, 3)
  // an entity's check: _et = :entity AND (…), 2 more (299 of the condition)
  const cu = ExpiringCustomer.attrs
  const fitsCu = C.and(...Array.from({ length: 150 }, (_, i) => C.eq(cu.name, `n${i}`)))
  told(await Dynamo.getMany(ExpiringCustomer, C.and(C.isIn(cu.customerId, ['a', 'b']), fitsCu))(env)(), 'getMany (BatchGetItem, an entity)', 301, 2)
  assert.is(sent.length, 0, 'no request')
  // without ttl or entity nothing is added: 299 operators read
  assert.ok(E.isRight(await Dynamo.getMany(Plain, C.and(C.isIn(Plain.attrs.id, ['a', 'b']), C.and(...Array.from({ length: 150 }, (_, i) => C.eq(Plain.attrs.user, `u${i}`)))))(env)()))
})

test('a count stopped at a wide AND/OR over the limit says "at least", and names no number of added operators it does not know', async () => {
  const { env, sent } = counting()
  const cu = Customer.attrs
  // 148 comparisons AND-ed with an OR of two: 299 operators; with saveOne's 4 added, the count
  // passes 300 at the inner OR, which is refused before its conditions are read
  const given = C.and(...Array.from({ length: 148 }, (_, i) => C.eq(cu.name, `n${i}`)), C.or(C.eq(cu.tier, 'a'), C.eq(cu.tier, 'b')))
  assert.ok(E.isRight(X.condition(given)))
  const r = await Dynamo.saveOne(Customer, { customerId: 'c1', name: 'Ann' }, { overwrite: given })(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError', JSON.stringify(r))
  assert.match(r.left.message, /has at least 301 operators, more than DynamoDB's 300: the condition given has 299, and DynamoDB counts the operators of the checks dynamongo adds to it/)
  // a wide OR alone: a lower bound too
  const wide = X.condition(C.or(...Array.from({ length: 400 }, (_, i) => C.eq(cu.name, `n${i}`))))
  assert.ok(E.isLeft(wide) && /has at least 399 operators, more than DynamoDB's 300$/.test(DE.show(wide.left)), JSON.stringify(wide))
  assert.is(sent.length, 0, 'no request')
})

test('IN: the same limit in the compiler and in Evaluate', () => {
  const inOf = (k: number) => C.isIn(a, Array.from({ length: k }, (_, i) => i))
  assert.is(Limits.IN_VALUES, 99)
  assert.ok(E.isRight(X.condition(inOf(Limits.IN_VALUES))))
  assert.ok(E.isRight(Evaluate.condition(inOf(Limits.IN_VALUES))))
  for (const k of [0, Limits.IN_VALUES + 1]) {
    const compiled = X.condition(inOf(k))
    assert.ok(E.isLeft(compiled), `${k} values: the compiler refuses`)
    assert.equal(Evaluate.condition(inOf(k)), compiled, `${k} values: Evaluate refuses alike`)
  }
})

test('getMany with a batch-get filter (evaluated in memory) of 301 operators: a Left, and no request', async () => {
  const M = Model.make({ table: 'things', hashKey: 'pk', codec: t.type({ pk: t.string, a: t.number }) })
  const { env, sent } = counting()
  const strategy = C.and(C.isIn(M.attrs.pk, ['x', 'y']), ...Array.from({ length: 151 }, (_, i) => C.eq(M.attrs.a, i)))
  const plan = Plan.make(M, strategy)
  assert.ok(E.isRight(plan) && plan.right._tag === 'BatchGetItem', 'planned as a batch get with a filter')
  const r = await Dynamo.getMany(M, strategy)(env)()
  assert.ok(E.isLeft(r) && r.left._tag === 'ExpressionError' && /301 operators, more than DynamoDB's 300/.test(r.left.message), JSON.stringify(r))
  assert.is(sent.length, 0)
  assert.equal(Dynamo.explain(M, strategy), r, 'explain refuses it alike')
  const d = await Dynamo.deleteMany(M, strategy)(env)()
  assert.ok(E.isLeft(d) && d.left._tag === 'ExpressionError', JSON.stringify(d))
  assert.is(sent.length, 0)
})

test('transactionEntryBytes: each use of a placeholder counts its name or value once, a placeholder never taken for the start of a longer one (#n1 in #n10, :v1 in :v12)', () => {
  const names: Record<string, string> = {}
  const values: Record<string, AttributeValue> = {}
  for (let i = 0; i < 13; i++) {
    names[`#n${i}`] = `name${'x'.repeat(i)}`
    values[`:v${i}`] = { S: 'v'.repeat(10 * i + 1) }
  }
  const condition = Array.from({ length: 13 }, (_, i) => `#n${i} = :v${i}`).join(' AND ') + ' AND #n1 < :v1'
  const key = { pk: { S: 'k' } }
  let expected = Limits.transactionEntryBytes({ Key: key }) + Buffer.byteLength(condition)
  for (let i = 0; i < 13; i++) expected += (i === 1 ? 2 : 1) * (Buffer.byteLength(names[`#n${i}`] as string) + 10 * i + 1)
  assert.is(Limits.transactionEntryBytes({ Key: key, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values }), expected)
  // a name or value no expression uses counts nothing
  assert.is(Limits.transactionEntryBytes({ Key: key, ConditionExpression: '#n2 = :v2', ExpressionAttributeNames: names, ExpressionAttributeValues: values }), Limits.transactionEntryBytes({ Key: key }) + 9 + 6 + 21)
})

test('transactionEntryBound bounds transactionEntryBytes from above (nearly met: each term of the bound is needed): many-byte and lone surrogate units, numbers of every text, sets, nested maps and lists, a placeholder used many times', () => {
  const strings = ['', 'a', 'é', '€', '😀', '\ud800', 'x\udc00y', 'ascii only text']
  const numbers = ['0', '-1', '1E+125', '-1E-130', '12345678901234567890123456789012345678', '-0.00000000000000000000000000000000000000012345678901234567890123456789012345678', '00012.5000', 'not a number']
  const value: AttributeValue = {
    M: {
      é: { L: [...strings.map((S) => ({ S })), ...numbers.map((N) => ({ N })), { BOOL: true }, { NULL: true }, { B: new Uint8Array(7) }] },
      '😀': { SS: strings.slice(1) },
      n: { NS: numbers },
      b: { BS: [new Uint8Array(3), new Uint8Array(0)] },
    },
  }
  const names = { '#a': 'é😀', '#b': 'b', '#ab': '€€€€' }
  const values: Record<string, AttributeValue> = { ':v': value, ':w': { N: numbers[5] as string }, ':vw': { S: '€'.repeat(50) } }
  const entries: Limits.TransactionEntryParts[] = [
    { Item: { pk: { S: 'é' }, data: value, '😀': { N: numbers[4] as string } } },
    { Key: { pk: { N: numbers[5] as string } } },
    // bounds met (nearly): 3 bytes a unit, a number of 60 digits (unchecked text: 31 bytes), a placeholder in every 2 units
    { Item: { '€': { S: '€€€' } } },
    { Item: { n: { N: '1'.repeat(60) } } },
    { Key: {}, ConditionExpression: '#a#a#a#a', ExpressionAttributeNames: { '#a': '€€€€' } },
    { Key: { pk: { S: 'k' } }, ConditionExpression: Array.from({ length: 40 }, () => '#ab = :vw').join(' OR '), ExpressionAttributeNames: names, ExpressionAttributeValues: values },
    { Key: { pk: { S: 'k' } }, UpdateExpression: 'SET #a=:v,#b=:w,#ab=:vw', ConditionExpression: '#a<>:v AND #a<>:v AND #b<:w', ExpressionAttributeNames: names, ExpressionAttributeValues: values },
  ]
  for (const e of entries) {
    const exact = Limits.transactionEntryBytes(e)
    assert.ok(Limits.transactionEntryBound(e) >= exact, `${Limits.transactionEntryBound(e)} < ${exact} for ${JSON.stringify(e)}`)
  }
})

test.run()
