/**
 * The numbers and strings an update computes or copies stay within what the target's codec
 * reads (compile/updateGuard, model/stored): a bounded `Field.int` within the safe integers
 * it reads, a `Field.bigint` holding integers only, an increment of a nullable number guarded
 * against a NULL (DynamoDB adds no number to NULL), and a string copied into a format
 * (`Field.email`, `Field.dateTime`, a brand) only from the same format. Goldens of
 * `Command.updateItem`, verdicts of `Evaluate.updateOne` on stored items; DynamoDB Local's
 * answers: spec/integration/UpdateDomains.
 */
import type { AttributeValue, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as U from '../../../lib/ast/Update.js'
import * as Command from '../../../lib/compile/Command.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as S from '../../../lib/model/Strategy.js'
import { Domains } from '../../harness/domains.js'

const d = Domains.attrs
const NOW = new Date(0)

const input = (updates: U.Update<typeof Domains>) => E.flatMap(S.parseWrite(Domains, 'a'), (s) => Command.updateItem(Domains, 'domains', s, updates, NOW))

const parts = (updates: U.Update<typeof Domains>) => {
  const x = input(updates)
  if (E.isLeft(x)) assert.unreachable(DE.show(x.left))
  const { UpdateExpression, ConditionExpression, ExpressionAttributeValues } = (x as E.Right<UpdateItemCommandInput>).right
  return { UpdateExpression, ConditionExpression, ExpressionAttributeValues }
}

/** The error of `updates` refused before any request, shown (its tag first). */
const refused = (updates: U.Update<typeof Domains>): string => {
  const x = input(updates)
  if (E.isRight(x)) assert.unreachable(`expected a refusal, got ${x.right.UpdateExpression} | ${x.right.ConditionExpression}`)
  return DE.show((x as E.Left<DE.DynamoError>).left)
}

/** `updates` on the stored `item` as DynamoDB would: the new item, or the error's tag. */
const on = (updates: U.Update<typeof Domains>, item: Record<string, AttributeValue>) =>
  E.flatMap(Evaluate.updateOne(Domains, 'a', updates, NOW), (w) => w({ id: { S: 'a' }, ...item }))
const tagOf = (r: ReturnType<typeof on>): string => (E.isLeft(r) ? r.left._tag : 'Right')

const MAX = String(Number.MAX_SAFE_INTEGER)

test('a bounded Field.int is read within the safe integers: a declared bound past them is guarded at them', () => {
  // max 1e20: the codec refuses past 2^53 - 1, so a guard at 1e20 - 1 let unreadable counts through
  assert.equal(parts([U.increment(d.huge, 1)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v1) + :v2',
    ConditionExpression: 'attribute_exists(#n0) AND NOT #n1 > :v0',
    ExpressionAttributeValues: { ':v0': { N: '9007199254740990' }, ':v1': { N: '0' }, ':v2': { N: '1' } },
  })
  assert.equal(parts([U.decrement(d.huge, 1)]).ExpressionAttributeValues?.[':v0'], { N: '-9007199254740990' })
  assert.is(tagOf(on([U.increment(d.huge, 1)], { huge: { N: MAX } })), 'ConditionalCheckFailed')
  assert.is(tagOf(on([U.increment(d.huge, 1)], { huge: { N: '9007199254740990' } })), 'Right')
})

test('an unbounded Field.int counter is bounded by the safe integers it reads: guarded at them, as a declared bound is', () => {
  // past 2^53 - 1 the write succeeded and left an item no read decodes
  assert.equal(parts([U.increment(d.count, 1)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v1) + :v2',
    ConditionExpression: 'attribute_exists(#n0) AND NOT #n1 > :v0',
    ExpressionAttributeValues: { ':v0': { N: '9007199254740990' }, ':v1': { N: '0' }, ':v2': { N: '1' } },
  })
  assert.is(parts([U.add(d.count, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.equal(parts([U.decrement(d.count, 1)]).ExpressionAttributeValues?.[':v0'], { N: '-9007199254740990' })
  assert.is(parts([U.set(d.count, U.plus(d.count, 1))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.is(tagOf(on([U.increment(d.count, 1)], { count: { N: MAX } })), 'ConditionalCheckFailed')
  assert.is(tagOf(on([U.add(d.count, 1)], { count: { N: MAX } })), 'ConditionalCheckFailed')
  assert.equal(on([U.increment(d.count, 1)], { count: { N: '9007199254740990' } }), E.right({ id: { S: 'a' }, count: { N: MAX } }))
  // infinite bounds declare none: the safe integers bound it the same way
  assert.is(parts([U.increment(d.endless, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.is(parts([U.decrement(d.endless, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 < :v0')
  // a copy of another safe int needs none: it holds the same integers
  assert.is(parts([U.set(d.count, d.counts.at(0))]).ConditionExpression, 'attribute_exists(#n0)')
})

test('a sum of two reads into an unbounded int gets no guard (no condition compares a sum), as a declared bound would refuse it', () => {
  // the safe integers are an unbounded int's implicit bound: where no condition can say it, no guard, never a refusal
  assert.equal(parts([U.set(d.count, U.plus(d.count, d.counts.at(0)))]), {
    UpdateExpression: 'SET #n1 = #n1 + #n2[0]',
    ConditionExpression: 'attribute_exists(#n0)',
    ExpressionAttributeValues: undefined,
  })
  assert.equal(parts([U.set(d.count, U.minus(d.count, d.counts.at(0)))]).UpdateExpression, 'SET #n1 = #n1 - #n2[0]')
  assert.equal(parts([U.set(d.count, U.minus(d.count, d.counts.at(0)))]).ConditionExpression, 'attribute_exists(#n0)')
  assert.equal(parts([U.set(d.count, U.plus(d.counts.at(0), d.counts.at(1)))]), {
    UpdateExpression: 'SET #n1 = #n2[0] + #n2[1]',
    ConditionExpression: 'attribute_exists(#n0)',
    ExpressionAttributeValues: undefined,
  })
  // a declared bound keeps its refusal: no condition keeps the sum within it
  assert.match(refused([U.set(d.huge, U.plus(d.huge, d.counts.at(0)))]), /^ValidationError: huge: .*never a sum/)
})

test('a number that may pass the safe integers (a bigint read, a step past them) into an unbounded int is guarded at them', () => {
  assert.equal(parts([U.set(d.count, d.big as never)]), {
    UpdateExpression: 'SET #n2 = #n1',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 BETWEEN :v0 AND :v1',
    ExpressionAttributeValues: { ':v0': { N: '-9007199254740991' }, ':v1': { N: MAX } },
  })
  assert.is(parts([U.set(d.count, U.plus(d.big, 1n) as never)]).ConditionExpression, 'attribute_exists(#n0) AND #n1 BETWEEN :v0 AND :v1')
  // a step past them: no safe count takes it (refused before any request); one within them is guarded at the far end
  assert.match(refused([U.increment(d.count, 2 ** 60)]), /^ValidationError: count: .*cannot fit: count holds integers at least -9007199254740991 and at most 9007199254740991/)
  const step = parts([U.increment(d.count, 2 ** 52)])
  assert.is(step.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.equal(step.ExpressionAttributeValues?.[':v0'], { N: String(BigInt(MAX) - 2n ** 52n) })
  assert.is(tagOf(on([U.set(d.count, d.big as never)], { big: { N: '9007199254740992' } })), 'ConditionalCheckFailed')
  assert.equal(on([U.set(d.count, d.big as never)], { big: { N: MAX } }), E.right({ id: { S: 'a' }, big: { N: MAX }, count: { N: MAX } }))
  // a list of bigints copied into a list of ints: no condition reaches each element
  assert.match(refused([U.set(d.counts, d.bigs as never)]), /bigs\[…\] holds integers, counts\[…\] integers \(safe integers: none past Number.MAX_SAFE_INTEGER\)/)
})

test('Field.bigint holds integers: a fraction added to it, or a copy of a float, is refused before any request', () => {
  assert.match(refused([U.increment(d.big, 0.5 as never)]), /^ValidationError: .*big holds integers.*0\.5 is no integer/)
  assert.match(refused([U.add(d.big, 0.5 as never)]), /^ValidationError: .*0\.5 is no integer/)
  assert.match(refused([U.set(d.big, U.plus(d.big2, 0.5 as never))]), /^ValidationError: .*0\.5 is no integer/)
  assert.match(refused([U.set(d.big, d.ratio as never)]), /^ValidationError: .*ratio may hold numbers that are no integers/)
  // integers need no guard: the request as it always was
  assert.equal(parts([U.increment(d.big, 10n ** 30n)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v0) + :v1',
    ConditionExpression: 'attribute_exists(#n0)',
    ExpressionAttributeValues: { ':v0': { N: '0' }, ':v1': { N: '1000000000000000000000000000000' } },
  })
  assert.is(parts([U.set(d.big, U.plus(d.big2, 1n))]).ConditionExpression, 'attribute_exists(#n0)')
  assert.is(parts([U.set(d.big, d.count as never)]).ConditionExpression, 'attribute_exists(#n0)')
})

test('an increment of a nullable number compiles, guarded against a NULL (DynamoDB adds no number to NULL)', () => {
  // (and at the safe integers, as every int counter)
  assert.equal(parts([U.increment(d.maybe, 1)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v2) + :v3',
    ConditionExpression: 'attribute_exists(#n0) AND NOT attribute_type(#n1, :v0) AND NOT #n1 > :v1',
    ExpressionAttributeValues: { ':v0': { S: 'NULL' }, ':v1': { N: '9007199254740990' }, ':v2': { N: '0' }, ':v3': { N: '1' } },
  })
  assert.is(parts([U.add(d.maybe, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT attribute_type(#n1, :v0) AND NOT #n1 > :v1')
  assert.is(parts([U.set(d.count, U.plus(d.maybe, 1))]).ConditionExpression, 'attribute_exists(#n0) AND NOT attribute_type(#n1, :v0) AND #n1 <= :v1')
  // a bounded nullable one: both guards
  assert.is(parts([U.increment(d.level, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT attribute_type(#n1, :v0) AND NOT #n1 > :v1')
  assert.equal(on([U.increment(d.maybe, 1)], {}), E.right({ id: { S: 'a' }, maybe: { N: '1' } }))
  assert.equal(on([U.increment(d.maybe, 1)], { maybe: { N: '41' } }), E.right({ id: { S: 'a' }, maybe: { N: '42' } }))
  assert.is(tagOf(on([U.increment(d.maybe, 1)], { maybe: { NULL: true } })), 'ConditionalCheckFailed')
  assert.is(tagOf(on([U.add(d.level, 1)], { level: { NULL: true } })), 'ConditionalCheckFailed')
  assert.is(tagOf(on([U.add(d.level, 1)], { level: { N: '10' } })), 'ConditionalCheckFailed')
})

test('the fallback of if_not_exists is guarded against a NULL only where the first operand is missing (it is read only then)', () => {
  const u = [U.set(d.count, U.plus(U.ifNotExists(d.count, d.maybe as never), 1))]
  // (and the safe integers' guard of whichever it reads)
  assert.equal(parts(u), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, #n2) + :v3',
    ConditionExpression: 'attribute_exists(#n0) AND (attribute_exists(#n1) OR NOT attribute_type(#n2, :v0)) AND (#n1 <= :v1 OR attribute_not_exists(#n1) AND #n2 <= :v2)',
    ExpressionAttributeValues: { ':v0': { S: 'NULL' }, ':v1': { N: '9007199254740990' }, ':v2': { N: '9007199254740990' }, ':v3': { N: '1' } },
  })
  // DynamoDB reads count, not the NULL maybe: count becomes 2
  assert.equal(on(u, { count: { N: '1' }, maybe: { NULL: true } }), E.right({ id: { S: 'a' }, count: { N: '2' }, maybe: { NULL: true } }))
  assert.equal(on(u, { maybe: { N: '4' } }), E.right({ id: { S: 'a' }, count: { N: '5' }, maybe: { N: '4' } }))
  assert.is(tagOf(on(u, { maybe: { NULL: true } })), 'ConditionalCheckFailed')
  // a nullable first operand: guarded wherever it is read
  assert.is(parts([U.set(d.count, U.plus(U.ifNotExists(d.maybe, 0), 1))]).ConditionExpression, 'attribute_exists(#n0) AND NOT attribute_type(#n1, :v0) AND NOT #n1 > :v1')
})

test('a string copied into a format (email, date-time, uuid, a brand) comes from the same format, else is refused saying why', () => {
  for (const u of [[U.set(d.email, d.text)], [U.set(d.when, d.text as never)], [U.set(d.uid, d.text)], [U.set(d.slug, d.text)], [U.set(d.email, d.short)], [U.set(d.email, d.uid)]]) {
    assert.match(refused(u as U.Update<typeof Domains>), /^ExpressionError: SET \w+ = … \w+ …: \w+ holds (any strings|strings .*), \w+ strings of the format \w+ \(no condition checks/)
  }
  assert.match(refused([U.set(d.email, U.ifNotExists(d.email, d.text) as never)]), /^ExpressionError: .*text/)
  // the same format, a format into a plain string, a nullable email into another
  for (const u of [[U.set(d.email, d.email2)], [U.set(d.text, d.email)], [U.set(d.short, d.short)], [U.set(d.maybeEmail, d.maybeEmail2)], [U.set(d.maybeEmail, d.email)], [U.set(d.when, d.when2)]]) {
    assert.is(parts(u as U.Update<typeof Domains>).ConditionExpression, 'attribute_exists(#n0)')
  }
})

test('Field.string() without options declares any string: no format of its own', () => {
  for (const u of [[U.set(d.name, d.title)], [U.set(d.name, d.text)], [U.set(d.name, d.short)], [U.set(d.names, U.listAppend(d.names, d.names2))], [U.set(d.nick, d.nick2)], [U.set(d.name, U.ifNotExists(d.name, d.title))]]) {
    assert.is(parts(u as U.Update<typeof Domains>).ConditionExpression, 'attribute_exists(#n0)')
  }
  // a Field.string() into a format: still refused
  assert.match(refused([U.set(d.email, d.name)]), /^ExpressionError: .*name holds any strings, email strings of the format email/)
})

test('a brand is its name: the same brand defined twice copies; a union of formats takes each of its own in any order', () => {
  assert.is(parts([U.set(d.slug, d.slug2 as never)]).ConditionExpression, 'attribute_exists(#n0)')
  assert.is(parts([U.set(d.contact, d.contact2)]).ConditionExpression, 'attribute_exists(#n0)')
  assert.is(parts([U.set(d.contact2, d.contact)]).ConditionExpression, 'attribute_exists(#n0)')
  assert.is(parts([U.set(d.contact, d.email)]).ConditionExpression, 'attribute_exists(#n0)')
  assert.match(refused([U.set(d.email, d.contact)]), /^ExpressionError: .*contact holds strings of the format email or uuid/)
  assert.match(refused([U.set(d.contact, d.text)]), /^ExpressionError: .*text holds any strings/)
})

test('formats inside tuples and records: a plain string into a format is refused there too', () => {
  assert.match(refused([U.set(d.pair, d.pair2 as never)]), /^ExpressionError: .*pair2\[0\] holds any strings, pair\[0\] strings of the format email/)
  assert.match(refused([U.set(d.mails, d.texts as never)]), /^ExpressionError: .*texts\.… holds any strings/)
  assert.is(parts([U.set(d.pair2, d.pair as never)]).ConditionExpression, 'attribute_exists(#n0)')
  assert.is(parts([U.set(d.texts, d.mails)]).ConditionExpression, 'attribute_exists(#n0)')
})

test.run()
