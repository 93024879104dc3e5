/**
 * The guards of computed update values (compile/updateGuard, issue 14 point 1d): golden
 * requests of `Command.updateItem` on a model with bounded fields (the guard AND-ed into the
 * condition, placeholders only), the refusals decided before any request, no guard for a
 * field without bounds (the request as it always was), and a property: `Evaluate.updateOne`
 * of a random step on a random bounded field answers an item exactly when the result is
 * within the bounds, and that item decodes. DynamoDB's answers: spec/integration/UpdateBounds.
 */
import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Command from '../../../lib/compile/Command.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as M from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'
import { Gauge } from '../../harness/gauge.js'

const g = Gauge.attrs
const NOW = new Date(0)

const input = (updates: U.Update<typeof Gauge>, strategy: M.Strategy<typeof Gauge> = 'a') =>
  E.flatMap(S.parseWrite(Gauge, strategy), (s) => Command.updateItem(Gauge, 'gauges', s, updates, NOW))

const parts = (updates: U.Update<typeof Gauge>, strategy?: M.Strategy<typeof Gauge>) => {
  const x = input(updates, strategy)
  if (E.isLeft(x)) assert.unreachable(DE.show(x.left))
  const { UpdateExpression, ConditionExpression, ExpressionAttributeValues } = (x as E.Right<UpdateItemCommandInput>).right
  return { UpdateExpression, ConditionExpression, ExpressionAttributeValues }
}

const refused = (updates: U.Update<typeof Gauge>): DE.DynamoError => {
  const x = input(updates)
  if (E.isRight(x)) assert.unreachable(`expected a refusal, got ${x.right.ConditionExpression}`)
  return (x as E.Left<DE.DynamoError>).left
}

test('golden: an increment of a bounded field is guarded on its one read path (a missing one counts as 0, which fits)', () => {
  assert.equal(parts([U.increment(g.level, 1)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v1) + :v2',
    ConditionExpression: 'attribute_exists(#n0) AND NOT #n1 > :v0',
    ExpressionAttributeValues: { ':v0': { N: '9' }, ':v1': { N: '0' }, ':v2': { N: '1' } },
  })
  assert.equal(parts([U.add(g.level, 2)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  // a decrement from a missing level (0 - 1) never fits: the comparison alone, false on a missing level
  assert.equal(parts([U.decrement(g.level, 1)]).ConditionExpression, 'attribute_exists(#n0) AND #n1 >= :v0')
  assert.equal(parts([U.increment(g.ratio, 0.5)]).ExpressionAttributeValues?.[':v0'], { N: '0.5' })
})

test('golden: a number read from another attribute is guarded by its range; if_not_exists splits on its path', () => {
  assert.equal(parts([U.set(g.level, U.plus(g.wide, 1))]), {
    UpdateExpression: 'SET #n2 = #n1 + :v1',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 <= :v0',
    ExpressionAttributeValues: { ':v0': { N: '9' }, ':v1': { N: '1' } },
  })
  assert.equal(parts([U.set(g.level, U.minus(5 as number, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.equal(parts([U.set(g.level, g.wide)]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.equal(parts([U.set(g.level, U.ifNotExists(g.level, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND (attribute_exists(#n1) OR #n2 <= :v0)')
  assert.equal(parts([U.increment(g.levels.at(0), 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1[0] > :v0')
})

test('golden: a DELETE from a required set is guarded against emptying it (sets compare as sets); from an optional one, not', () => {
  assert.equal(parts([U.deleteFrom(g.tags, new Set(['x', 'y']))]), {
    UpdateExpression: 'DELETE #n1 :v3',
    ConditionExpression: 'attribute_exists(#n0) AND NOT #n1 IN (:v0, :v1, :v2)',
    ExpressionAttributeValues: { ':v0': { SS: ['x'] }, ':v1': { SS: ['y'] }, ':v2': { SS: ['x', 'y'] }, ':v3': { SS: ['x', 'y'] } },
  })
  assert.equal(parts([U.deleteFrom(g.tags, new Set(['x']))]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 = :v0')
  // more members than the guard lists the subsets of: at least one more member than it deletes
  assert.equal(parts([U.deleteFrom(g.tags, new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']))]).ConditionExpression, 'attribute_exists(#n0) AND size(#n1) > :v0')
  assert.equal(parts([U.deleteFrom(g.extra, new Set(['x']))]).ConditionExpression, 'attribute_exists(#n0)')
})

test('no guard where every item fits: a value set (checked by the codec), a copy within the bounds; an int without a bound is bounded there by the safe integers', () => {
  for (const update of [[U.set(g.level, 3)], [U.set(g.wide, U.ifNotExists(g.wide, 4))], [U.set(g.logins, g.wide)]]) {
    assert.is(parts(update).ConditionExpression, 'attribute_exists(#n0)')
  }
  // an int reads safe integers only: past them an item no longer decodes, so a counter stops at them
  assert.equal(parts([U.increment(g.visits, 1)]).ExpressionAttributeValues?.[':v0'], { N: '9007199254740990' })
  assert.is(parts([U.increment(g.visits, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.is(parts([U.decrement(g.visits, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 < :v0')
  assert.is(parts([U.increment(g.logins, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.is(parts([U.add(g.logins, 5)]).ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  // a guard the strategy's check already holds is not repeated
  assert.is(parts([U.decrement(g.logins, 1)], C.and(C.eq(g.id, 'a'), C.gte(g.logins, 1))).ConditionExpression, 'attribute_exists(#n0) AND #n1 >= :v0')
})

test('refused before any request: a step wider than the bounds, a fraction into an integer, a sum of two attributes, a non-integer source', () => {
  for (const update of [[U.increment(g.level, 11)], [U.decrement(g.level, 11)], [U.add(g.level, 11)], [U.increment(g.level, 0.5)], [U.set(g.level, U.plus(g.level, g.wide))], [U.set(g.level, U.plus(g.ratio, 1))]]) {
    const e = refused(update)
    assert.is(e._tag, 'ValidationError')
    assert.match(DE.show(e), /level holds integers at least 0 and at most 10/)
  }
})

/** `updates` evaluated on the stored `item` as DynamoDB would (`Evaluate.updateOne`): the new item, or the error's tag. */
const on = (updates: U.Update<typeof Gauge>, item: Record<string, unknown>) =>
  E.flatMap(Evaluate.updateOne(Gauge, 'a', updates, NOW), (w) => w({ id: { S: 'a' }, level: { N: '0' }, tags: { SS: ['x'] }, ...(item as object) }))
const tagOf = (r: ReturnType<typeof on>): string => (E.isLeft(r) ? r.left._tag : 'Right')

test('a duration is an integer: a copy into an int field is guarded by its bounds, a fraction added to it is refused', () => {
  assert.equal(parts([U.set(g.level, g.dur)]), {
    UpdateExpression: 'SET #n2 = #n1',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 BETWEEN :v0 AND :v1',
    ExpressionAttributeValues: { ':v0': { N: '0' }, ':v1': { N: '10' } },
  })
  assert.is(tagOf(on([U.set(g.level, g.dur)], { dur: { N: '7' } })), 'Right')
  assert.is(tagOf(on([U.set(g.level, g.dur)], { dur: { N: '11' } })), 'ConditionalCheckFailed')
  // an integer step is guarded at the safe integers, the only ones the codec reads
  assert.equal(parts([U.increment(g.dur, 1000)]), {
    UpdateExpression: 'SET #n1 = if_not_exists(#n1, :v1) + :v2',
    ConditionExpression: 'attribute_exists(#n0) AND NOT #n1 > :v0',
    ExpressionAttributeValues: { ':v0': { N: '9007199254739991' }, ':v1': { N: '0' }, ':v2': { N: '1000' } },
  })
  const e = refused([U.increment(g.dur, 0.5)])
  assert.is(e._tag, 'ValidationError')
  assert.match(DE.show(e), /dur holds integers.*0\.5 is no integer/)
})

test('a nullable bounded int is guarded as the int (null stores no number), and against a NULL where it is added to', () => {
  assert.equal(parts([U.add(g.nlevel, 1)]).ConditionExpression, 'attribute_exists(#n0) AND NOT attribute_type(#n1, :v0) AND NOT #n1 > :v1')
  assert.equal(parts([U.set(g.nlevel, U.plus(g.level, 1))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.is(tagOf(on([U.add(g.nlevel, 1)], { nlevel: { N: '10' } })), 'ConditionalCheckFailed')
  assert.is(tagOf(on([U.set(g.nlevel, U.plus(g.level, 1))], { level: { N: '10' } })), 'ConditionalCheckFailed')
  assert.is(tagOf(on([U.add(g.nlevel, 1)], { nlevel: { N: '9' } })), 'Right')
  assert.is(tagOf(on([U.add(g.nlevel, 1)], { nlevel: { NULL: true } })), 'ConditionalCheckFailed')
  assert.is(refused([U.add(g.nlevel, 11)])._tag, 'ValidationError')
})

test('an attribute added to itself is twice it: guarded on it (x <= max / 2); minus itself is 0; two attributes apart are refused, saying why', () => {
  assert.equal(parts([U.set(g.level, U.plus(g.level, g.level))]), {
    UpdateExpression: 'SET #n1 = #n1 + #n1',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 <= :v0',
    ExpressionAttributeValues: { ':v0': { N: '5' } },
  })
  assert.is(parts([U.set(g.level, U.plus(g.wide, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 <= :v0')
  assert.equal(parts([U.set(g.f1, U.plus(g.f3, g.f3))]).ConditionExpression, 'attribute_exists(#n0)')
  assert.equal(parts([U.set(g.ratio, U.plus(g.f1, g.f1))]).ExpressionAttributeValues, { ':v0': { N: '0.5' } })
  assert.is(parts([U.set(g.level, U.minus(g.wide, g.wide))]).ConditionExpression, 'attribute_exists(#n0)')
  assert.is(tagOf(on([U.set(g.level, U.plus(g.level, g.level))], { level: { N: '5' } })), 'Right')
  assert.is(tagOf(on([U.set(g.level, U.plus(g.level, g.level))], { level: { N: '6' } })), 'ConditionalCheckFailed')
  // if_not_exists of one path twice: one missing path (3 + 3 fits), said once: level <= 5 or missing
  const twice = parts([U.set(g.level, U.plus(U.ifNotExists(g.level, 3), U.ifNotExists(g.level, 3)))])
  assert.is(twice.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.equal(twice.ExpressionAttributeValues?.[':v0'], { N: '5' })
  const e = refused([U.set(g.level, U.plus(g.level, g.wide))])
  assert.match(DE.show(e), /level \+ wide: it is from 0 to 110, and a condition compares an attribute with a number or with another attribute as it is \(a - b >= 0 as a >= b\), never a sum/)
})

test('a difference of two attributes whose bound is where they are equal is guarded by comparing them (a - b >= 0 as a >= b); off by a number, refused', () => {
  assert.equal(parts([U.set(g.logins, U.minus(g.wide, g.level))]), {
    UpdateExpression: 'SET #n3 = #n1 - #n2',
    ConditionExpression: 'attribute_exists(#n0) AND #n1 >= #n2',
    ExpressionAttributeValues: undefined,
  })
  assert.equal(parts([U.set(g.logins, U.minus(g.level, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 >= #n2')
  assert.is(parts([U.set(g.logins, U.minus(g.level, g.wide))]).UpdateExpression, 'SET #n3 = #n1 - #n2')
  // with if_not_exists: where wide is missing, 0 - level needs level <= 0
  assert.is(parts([U.set(g.logins, U.minus(U.ifNotExists(g.wide, 0), g.level))]).ConditionExpression, 'attribute_exists(#n0) AND (#n1 >= #n2 OR attribute_not_exists(#n1) AND #n2 <= :v0)')
  assert.is(tagOf(on([U.set(g.logins, U.minus(g.wide, g.level))], { wide: { N: '7' }, level: { N: '7' } })), 'Right')
  assert.is(tagOf(on([U.set(g.logins, U.minus(g.wide, g.level))], { wide: { N: '6' }, level: { N: '7' } })), 'ConditionalCheckFailed')
  // wide - level within [0, 10] needs both ends: wide >= level, and wide - level <= 10, off by 10
  assert.match(DE.show(refused([U.set(g.level, U.minus(g.wide, g.level))])), /wide - level: it is from -10 to 100/)
  assert.is(parts([U.set(g.level, U.minus(g.level, g.wide))]).ConditionExpression, 'attribute_exists(#n0) AND #n1 >= #n2')
})

test('a DELETE of 7 or 8 members from a required set is guarded exactly (IN lists OR-ed); past 8, by its size', () => {
  const seven = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g'])
  const x = parts([U.deleteFrom(g.tags, seven)])
  assert.is(x.ConditionExpression, `attribute_exists(#n0) AND NOT (#n1 IN (${Array.from({ length: 99 }, (_, i) => `:v${i}`).join(', ')}) OR #n1 IN (${Array.from({ length: 28 }, (_, i) => `:v${i + 99}`).join(', ')}))`)
  assert.equal(x.ExpressionAttributeValues?.[':v126'], { SS: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] })
  // a set of 2 members, one kept: the delete goes (the size guard refused it)
  const kept = on([U.deleteFrom(g.tags, seven)], { tags: { SS: ['a', 'z'] } })
  assert.equal(E.isRight(kept) ? kept.right['tags'] : kept.left._tag, { SS: ['z'] })
  assert.is(tagOf(on([U.deleteFrom(g.tags, seven)], { tags: { SS: ['a', 'g'] } })), 'ConditionalCheckFailed')
  const eight = parts([U.deleteFrom(g.tags, new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']))]).ConditionExpression ?? ''
  assert.is(eight.match(/ IN \(/g)?.length, 3)
  assert.is(eight.match(/:v\d+/g)?.length, 255)
  const nine = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])
  assert.is(parts([U.deleteFrom(g.tags, nine)]).ConditionExpression, 'attribute_exists(#n0) AND size(#n1) > :v0')
})

/** A model of three required sets (the listed guards of three DELETEs are past DynamoDB's bytes). */
const Sets = M.make({ table: 'sets', hashKey: 'id', codec: t.type({ id: t.string, s1: Field.stringSet, s2: Field.stringSet, s3: Field.stringSet }) })

test('a listed DELETE guard that would take the condition past 4096 bytes is the size guard, from the last: with a large condition given, three sets', () => {
  const eight = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
  const values = (n: number, p: string) => Array.from({ length: n }, (_, i) => p + i)
  // a condition given of some 2.3 KB: the listed guard (some 1.7 KB) would take it past 4096 bytes
  const given = C.and(C.eq(g.id, 'a'), ...[99, 99, 99, 40].map((n, i) => C.isIn(g.text, ['x', ...values(n - 1, 'abcd'[i] as string)])))
  const x = parts([U.deleteFrom(g.tags, eight)], given).ConditionExpression ?? ''
  assert.ok(x.length <= 4096, `${x.length} bytes`)
  assert.match(x, /^attribute_exists\(#n0\) AND .* AND size\(#n\d+\) > :v\d+$/)
  // its refusal says why (Evaluate: the same guard)
  const s = S.parseWrite(Gauge, given)
  const p = E.flatMap(s, (k) => Command.updateParts(Gauge, k, [U.deleteFrom(g.tags, eight)], NOW))
  assert.match(E.isRight(p) ? (p.right.guards[0]?.why ?? '') : DE.show(p.left), /or the set has at most 8 members \(listing the sets the delete empties would take the condition past DynamoDB's 4096 bytes or 300 operators\)/)
  const ev = (item: Record<string, unknown>) =>
    E.flatMap(Evaluate.updateOne(Gauge, given, [U.deleteFrom(g.tags, eight)], NOW), (w) => w({ id: { S: 'a' }, level: { N: '0' }, tags: { SS: ['x'] }, text: { S: 'x' }, ...item }))
  assert.is(tagOf(ev({ tags: { SS: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'z'] } })), 'Right')
  assert.is(tagOf(ev({ tags: { SS: ['a', 'z'] } })), 'ConditionalCheckFailed')
  // three sets, 8 members each: two listed guards fit, the third is the size guard
  const del = [U.deleteFrom(Sets.attrs.s1, eight), U.deleteFrom(Sets.attrs.s2, eight), U.deleteFrom(Sets.attrs.s3, eight)]
  const three = E.flatMap(S.parseWrite(Sets, 'a'), (k) => Command.updateItem(Sets, 'sets', k, del, NOW))
  if (E.isLeft(three)) return assert.unreachable(DE.show(three.left))
  const c = three.right.ConditionExpression ?? ''
  assert.ok(c.length <= 4096, `${c.length} bytes`)
  assert.is(c.match(/ IN \(/g)?.length, 6)
  assert.match(c, /AND size\(#n3\) > :v\d+$/)
})

test('a copied string must fit the target string codec as declared (maxLength, minLength, regex): else refused before any request', () => {
  for (const update of [[U.set(g.code, g.text)], [U.set(g.code, g.name)], [U.set(g.word, g.text)], [U.set(g.word, g.code)], [U.set(g.code, U.ifNotExists(g.code, g.name))]]) {
    const e = refused(update)
    assert.is(e._tag, 'ExpressionError')
    assert.match(DE.show(e), /code|word/)
  }
  // narrower into wider, and a string into one without bounds: as it was
  for (const update of [[U.set(g.name, g.code)], [U.set(g.text, g.word)], [U.set(g.word, g.word)]]) {
    assert.is(parts(update).ConditionExpression, 'attribute_exists(#n0)')
  }
})

test('a copy into a field of named values (t.keyof, t.literal) must come from one whose named values it takes: else refused before any request', () => {
  const Named = M.make({
    table: 'named',
    hashKey: 'id',
    codec: t.intersection([t.type({ id: t.string }), t.partial({ mode: t.keyof({ on: null, off: null }), on: t.literal('on'), s: t.string, n: t.number, one: t.literal(1) })]),
  })
  const a = Named.attrs
  const named = (updates: U.Update<typeof Named>) => E.flatMap(S.parseWrite(Named, 'a'), (s) => Command.updateItem(Named, 'named', s, updates, NOW))
  for (const update of [[U.set(a.mode, a.s)], [U.set(a.on, a.mode)], [U.set(a.one, a.n)]] as ReadonlyArray<U.Update<typeof Named>>) {
    const x = named(update)
    assert.is(E.isLeft(x) ? x.left._tag : 'Right', 'ExpressionError')
    assert.match(E.isLeft(x) ? DE.show(x.left) : '', /may hold/)
  }
  for (const update of [[U.set(a.mode, a.on)], [U.set(a.s, a.mode)], [U.set(a.n, a.one)]] as ReadonlyArray<U.Update<typeof Named>>) assert.ok(E.isRight(named(update)))
})

const K = t.keyof({ on: null, off: null })
/** Named values copied into bounded strings and back, optional and nullable ones, a union of bounded strings. */
const Copy = M.make({
  table: 'copy',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({
      s: t.string, k: K, lk: t.literal('on'), abc: t.literal('abc'), short: Field.string({ maxLength: 5 }), code: Field.string({ maxLength: 3 }),
      rx: Field.string({ regex: /^[a-z]+$/ }), ok: t.union([K, t.undefined]), ol: t.union([t.literal('on'), t.undefined]), nk: t.union([K, t.null]),
      tu: t.union([Field.string({ minLength: 5 }), Field.string({ maxLength: 3 })]), two: Field.string({ maxLength: 2 }), six: Field.string({ minLength: 6 }),
    }),
  ]),
})
const cp = Copy.attrs
const copy = (updates: U.Update<typeof Copy>) => E.flatMap(S.parseWrite(Copy, 'a'), (s) => Command.updateItem(Copy, 'copy', s, updates, NOW))
const copyRefused = (updates: U.Update<typeof Copy>, why: RegExp) => {
  const x = copy(updates)
  assert.is(E.isLeft(x) ? x.left._tag : 'Right', 'ExpressionError', DE.show(E.isLeft(x) ? x.left : DE.expressionError('accepted')))
  assert.match(E.isLeft(x) ? DE.show(x.left) : '', why)
}
const copied = (updates: U.Update<typeof Copy>) => {
  const x = copy(updates)
  assert.is(E.isLeft(x) ? DE.show(x.left) : x.right.ConditionExpression, 'attribute_exists(#n0)')
}

test('named values copied into bounded strings: taken when each decodes there (no string bounds compared), else refused naming the value', () => {
  copied([U.set(cp.short, cp.lk)])
  copied([U.set(cp.code, cp.k)])
  copied([U.set(cp.rx, cp.abc)])
  copyRefused([U.set(cp.two, cp.abc)] as U.Update<typeof Copy>, /abc may hold "abc", two does not take it/)
})

test('an optional named value copied (t.union([K, t.undefined])) names K\'s values: taken by K; a nullable one stores NULL, refused', () => {
  copied([U.set(cp.k, cp.ok)])
  copied([U.set(cp.k, cp.ol)])
  copied([U.set(cp.code, cp.ok)])
  copyRefused([U.set(cp.k, cp.nk)] as U.Update<typeof Copy>, /stored as S or NULL/)
})

test('an optional or nullable named value as the target takes only named values it decodes', () => {
  copyRefused([U.set(cp.ok, cp.s)] as U.Update<typeof Copy>, /may hold values other than "on", "off"/)
  copyRefused([U.set(cp.nk, cp.s)] as U.Update<typeof Copy>, /may hold values other than "on", "off"/)
  copied([U.set(cp.ok, cp.k)])
  copied([U.set(cp.nk, cp.k)])
  copied([U.set(cp.nk, cp.ol)])
})

test('a union of bounded strings as the target takes a source within one member; as a source, the union of its members', () => {
  copyRefused([U.set(cp.tu, cp.s)] as U.Update<typeof Copy>, /tu strings of at least 5 characters or strings of at most 3 characters/)
  copyRefused([U.set(cp.tu, cp.short)] as U.Update<typeof Copy>, /short holds strings of at most 5 characters/)
  copied([U.set(cp.tu, cp.two)])
  copied([U.set(cp.tu, cp.six)])
  copied([U.set(cp.s, cp.tu)])
  copyRefused([U.set(cp.code, cp.tu)] as U.Update<typeof Copy>, /tu holds any strings|tu holds strings/)
})

const Fine = M.make({
  table: 'fine',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string }),
    t.partial({
      f3: Field.float({ min: 0, max: 0.3 }),
      g3: Field.float({ min: 0.1, max: 0.3 }),
      f1: Field.float({ min: 0, max: 1 }),
      gap: t.union([Field.int({ min: 0, max: 5 }), Field.int({ min: 10, max: 15 })]),
      lv: Field.int({ min: 0, max: 10 }),
    }),
  ]),
})
const fine = Fine.attrs

const fineInput = (updates: U.Update<typeof Fine>) => E.flatMap(S.parseWrite(Fine, 'a'), (s) => Command.updateItem(Fine, 'fine', s, updates, NOW))
const fineOn = (updates: U.Update<typeof Fine>, stored: Record<string, string>) =>
  E.flatMap(Evaluate.updateOne(Fine, 'a', updates, NOW), (w) => w({ id: { S: 'a' }, ...Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, { N: v }])) }))

test('float bounds are computed in exact decimal, as DynamoDB adds: 0.2 + 0.1 fits 0.3, 0.30000000000000004 + 0.7 does not fit 1', () => {
  const inc = fineInput([U.increment(fine.f3, 0.1)])
  if (E.isLeft(inc)) return assert.unreachable(DE.show(inc.left))
  assert.is(inc.right.ConditionExpression, 'attribute_exists(#n0) AND NOT #n1 > :v0')
  assert.equal(inc.right.ExpressionAttributeValues?.[':v0'], { N: '0.2' })
  const plus = fineInput([U.set(fine.g3, U.plus(fine.g3, 0.2))])
  if (E.isLeft(plus)) return assert.unreachable(DE.show(plus.left))
  assert.equal(plus.right.ExpressionAttributeValues?.[':v0'], { N: '0.1' })
  // a bound no double holds is written as its exact decimal
  const near = fineInput([U.increment(fine.f1, 0.30000000000000004)])
  if (E.isLeft(near)) return assert.unreachable(DE.show(near.left))
  assert.equal(near.right.ExpressionAttributeValues?.[':v0'], { N: '0.69999999999999996' })
  // Evaluate agrees (exact too)
  const fits = fineOn([U.increment(fine.f3, 0.1)], { f3: '0.2' })
  if (E.isLeft(fits)) return assert.unreachable(DE.show(fits.left))
  assert.equal(fits.right['f3'], { N: '0.3' })
  const past = fineOn([U.increment(fine.f1, 0.7)], { f1: '0.30000000000000004' })
  assert.is(E.isLeft(past) ? past.left._tag : JSON.stringify(past.right), 'ConditionalCheckFailed')
})

test('a guard costs 2 operators (NOT x > k): 80 increments of bounded fields, no condition given, compile', () => {
  const props: Record<`f${number}`, ReturnType<typeof Field.int>> = {}
  for (let i = 0; i < 80; i++) props[`f${i}`] = Field.int({ min: 0, max: 10 })
  const Many = M.make({ table: 'many', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial(props)]) })
  const a = Many.attrs as unknown as Record<string, Parameters<typeof U.increment>[0]>
  const run = (n: number) =>
    E.flatMap(S.parseWrite(Many, 'a'), (s) => Command.updateItem(Many, 'many', s, Array.from({ length: n }, (_, i) => U.increment(a[`f${i}`] as never, 1)) as never, NOW))
  const x = run(80)
  if (E.isLeft(x)) return assert.unreachable(DE.show(x.left))
  const guards = Array.from({ length: 80 }, (_, i) => `NOT #n${i + 1} > :v${i}`)
  assert.is(x.right.ConditionExpression, ['attribute_exists(#n0)', ...guards].join(' AND '))
  // where the guards push past a limit, the refusal names them
  const props2: Record<`f${number}`, ReturnType<typeof Field.int>> = {}
  for (let i = 0; i < 160; i++) props2[`f${i}`] = Field.int({ min: 0, max: 10 })
  const More = M.make({ table: 'many', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial(props2)]) })
  const b = More.attrs as unknown as Record<string, Parameters<typeof U.increment>[0]>
  const y = E.flatMap(S.parseWrite(More, 'a'), (s) => Command.updateItem(More, 'many', s, Array.from({ length: 160 }, (_, i) => U.increment(b[`f${i}`] as never, 1)) as never, NOW))
  if (E.isRight(y)) return assert.unreachable('expected a refusal')
  assert.match(DE.show(y.left), /it holds 160 bound guards \(on f0, f1, .*f159\), the conditions dynamongo adds/)
})

test('a computed value into a field whose bounds are a union of ranges is refused (no one range holds it); as a source, the hull', () => {
  const e = fineInput([U.increment(fine.gap, 1)])
  assert.is(E.isLeft(e) ? e.left._tag : 'Right', 'ValidationError')
  assert.match(E.isLeft(e) ? DE.show(e.left) : '', /gap: .*a union of ranges/)
  const r = fineOn([U.increment(fine.gap, 1)], { gap: '5' })
  assert.is(E.isLeft(r) ? r.left._tag : JSON.stringify(r.right), 'ValidationError')
  // read from: [0, 15], guarded as such
  const from = fineInput([U.set(fine.lv, fine.gap as never)])
  assert.ok(E.isRight(from), E.isLeft(from) ? DE.show(from.left) : '')
})

test('property: Evaluate.updateOne of a random step on a random bounded field gives an item exactly when the result is within the bounds, and it decodes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -20, max: 20 }),
      fc.integer({ min: 0, max: 20 }),
      fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      fc.integer({ min: -25, max: 25 }),
      fc.constantFrom('increment', 'decrement', 'add', 'plus', 'minus'),
      (min, width, offset, step, how) => {
        const max = min + width
        const m = M.make({ table: 'bounded', hashKey: 'id', codec: t.intersection([t.type({ id: t.string }), t.partial({ n: Field.int({ min, max }) })]) })
        const stored = offset === undefined ? undefined : Math.min(min + offset, max)
        const n = m.attrs.n
        const update =
          how === 'increment' ? U.increment(n, step) : how === 'decrement' ? U.decrement(n, step) : how === 'add' ? U.add(n, step) : how === 'plus' ? U.set(n, U.plus(n, step)) : U.set(n, U.minus(step, n))
        const before = stored ?? (how === 'plus' || how === 'minus' ? undefined : 0)
        const expected = before === undefined ? undefined : how === 'decrement' ? before - step : how === 'minus' ? step - before : before + step
        const item = { id: { S: 'a' }, ...(stored === undefined ? {} : { n: { N: String(stored) } }) }
        const r = E.flatMap(Evaluate.updateOne(m, 'a', [update], NOW), (w) => w(item))
        if (expected !== undefined && expected >= min && expected <= max) {
          if (E.isLeft(r)) return assert.unreachable(DE.show(r.left))
          assert.equal(r.right['n'], { N: String(expected) })
          assert.ok(E.isRight(M.decode(m, r.right)))
        } else {
          assert.ok(E.isLeft(r), `${how} ${step} of ${stored} in [${min}, ${max}] gave ${JSON.stringify(E.isRight(r) ? r.right : undefined)}`)
        }
      },
    ),
    { numRuns: 500 },
  )
})

test.run()
