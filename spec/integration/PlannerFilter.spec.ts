/**
 * Issue 5, point 3: a `getMany` planned as a batch get plus a client-side filter
 * (`isIn` on the hash key AND-ed with checks, evaluated by `Evaluate`) returns exactly what
 * a raw Scan with the compiled FilterExpression (restricted to those keys) returns — on
 * generated data (fast-check, fixed seeds, shrinking on), with missing attributes and, on a
 * model with `t.unknown` fields, mixed types.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as t from 'io-ts'
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as Model from '../../lib/model/Model.js'
import * as Plan from '../../lib/plan/Plan.js'
import { User, fixture, ok, run, scanAll, type Fixture, type User as UserT } from '../harness/models.js'

const u = User.attrs

/** The emails a raw Scan with `c` compiled as its FilterExpression returns (or DynamoDB's / the compiler's refusal). */
const rawScan = async (f: Fixture, table: string, c: C.Condition): Promise<E.Either<string, string[]>> => {
  const x = Expression.condition(c)
  if (E.isLeft(x)) return E.left(`compiler: ${DE.show(x.left)}`)
  try {
    const items = await scanAll(f.client, table, {
      FilterExpression: x.right.expression,
      ...(Object.keys(x.right.names).length > 0 ? { ExpressionAttributeNames: x.right.names } : {}),
      ...(Object.keys(x.right.values).length > 0 ? { ExpressionAttributeValues: x.right.values } : {}),
    })
    return E.right(items.map((i) => i['email']?.S as string).sort())
  } catch (e) {
    // DynamoDB's refusal of the filter; anything else (no answer) fails the spec, not a refusal
    if ((e as Error).name !== 'ValidationException') throw e
    return E.left(`dynamodb: ${(e as Error).name}: ${(e as Error).message}`)
  }
}

/**
 * The planner's choice for `c` (`Plan.make`), before any request is prepared: `explain` also
 * prepares them, and so refuses a filter the read refuses, which this spec compares with a Scan.
 */
const planOf = (m: Model.Model<any, any, any, any>, c: C.Condition): string => {
  const p = Plan.make(m, c)
  return E.isRight(p) ? p.right._tag : p.left._tag
}

// -------------------------------------------------------------------------------------
// User: getMany(User, C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, n)))
// -------------------------------------------------------------------------------------

test('User: isIn(email) AND year_of_birth > n — the batch get filtered on the client equals the Scan with that filter', async () => {
  const f = await fixture('pfilter')
  await ok(f.env, Dynamo.createTable(User))
  const table = f.table(User)
  let runNo = 0
  let compared = 0
  const person = fc.record(
    {
      year_of_birth: fc.option(fc.integer({ min: 1900, max: 2018 }), { nil: undefined, freq: 3 }),
      cities_visited: fc.option(fc.array(fc.constantFrom('Nairobi', 'Lima', 'Oslo'), { maxLength: 3 }), { nil: undefined }),
      pick: fc.boolean(),
    },
    { requiredKeys: ['pick'] },
  )
  await fc.assert(
    fc.asyncProperty(fc.array(person, { minLength: 0, maxLength: 25 }), fc.integer({ min: 1890, max: 2020 }), fc.nat({ max: 3 }), async (ps, n, absent) => {
      const r = runNo++
      const users: UserT[] = ps.map((p, i) => ({
        email: `r${r}-${i}@x.io`,
        name: `N${i}`,
        ...(p.year_of_birth === undefined ? {} : { year_of_birth: p.year_of_birth }),
        ...(p.cities_visited === undefined ? {} : { cities_visited: p.cities_visited }),
      }))
      // no defaults here: cities_visited really is missing on some items
      const saved = await ok(f.env, Dynamo.saveMany(Model.make({ table: User.table, hashKey: 'email', codec: User.codec }), users))
      assert.is(saved.failCount, 0)
      const emails = [...users.filter((_, i) => ps[i]?.pick).map((x) => x.email), ...Array.from({ length: absent }, (_, i) => `r${r}-absent${i}@x.io`)]
      if (emails.length === 0) return true
      for (const cond of [
        C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, n)),
        C.and(C.isIn(u.email, emails), C.not(C.gt(u.year_of_birth, n))),
        C.and(C.isIn(u.email, emails), C.or(C.lte(u.year_of_birth, n), C.contains(u.cities_visited, 'Nairobi'))),
        C.and(C.isIn(u.email, emails), C.ne(u.year_of_birth, n), C.not(C.exists(u.cities_visited))),
        C.and(C.isIn(u.email, emails), C.gte(C.size(u.cities_visited), 2)),
      ]) {
        assert.is(planOf(User, cond), 'BatchGetItem')
        const got = await run(f.env, Dynamo.getMany(User, cond))
        const want = await rawScan(f, table, cond)
        if (E.isLeft(got) || E.isLeft(want)) {
          assert.unreachable(`refused: ${E.isLeft(got) ? DE.show(got.left) : ''} ${E.isLeft(want) ? want.left : ''}`)
          return false
        }
        const emailsGot = got.right.map((x) => x.email)
        // in request order, and the same set as the Scan
        assert.equal(emailsGot, emails.filter((e) => emailsGot.includes(e)))
        assert.equal([...emailsGot].sort(), want.right, Expression.show(cond))
        compared++
      }
      return true
    }),
    { seed: 5_003, numRuns: 40 },
  )
  assert.ok(compared >= 100, `compared ${compared}`)
  console.log(`  [planner filter] User: ${runNo} runs, ${compared} conditions compared with a Scan`)
})

// -------------------------------------------------------------------------------------
// mixed types: t.unknown fields, generated conditions
// -------------------------------------------------------------------------------------

const Mixed = Model.make({
  table: 'mixed',
  hashKey: 'email',
  codec: t.intersection([t.type({ email: t.string }), t.partial({ v: t.unknown, w: t.unknown })]),
})
const m = Mixed.attrs

/** A stored value of any type (undefined: missing). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1995, max: 2005 }),
  fc.constantFrom(2000.5, -0, 1e-100, 1.5e30),
  fc.constantFrom(new NumberValue(`2000.${'0'.repeat(33)}1`), new NumberValue('99999999999999999999999999999999999999')),
  fc.constantFrom('', '2000', '2001', 'a', 'ab', 'é', '😀', 'Z'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer({ min: 1999, max: 2001 }), fc.constantFrom('a', '2000')), { maxLength: 3 }),
  fc.record({ y: fc.integer({ min: 1999, max: 2001 }) }),
  fc.uniqueArray(fc.integer({ min: 1999, max: 2002 }), { minLength: 1, maxLength: 3 }).map((xs) => new Set(xs)),
  fc.uniqueArray(fc.constantFrom('a', 'b', '2000'), { minLength: 1, maxLength: 3 }).map((xs) => new Set(xs)),
  fc.constantFrom(new Uint8Array([0x00]), new Uint8Array([0xff, 0x01]), new Uint8Array([0x61])),
)

const scalar: fc.Arbitrary<number | string> = fc.oneof(fc.integer({ min: 1998, max: 2003 }), fc.constantFrom('2000', 'a', 'ab', '', 'é'))
const attr = fc.constantFrom(m.v, m.w)

const leaf: fc.Arbitrary<C.Condition> = fc.oneof(
  fc.tuple(attr, fc.constantFrom(C.eq, C.ne, C.lt, C.lte, C.gt, C.gte), scalar).map(([a, op, x]) => op(a, x as never)),
  fc.tuple(attr, fc.oneof(fc.tuple(fc.integer({ min: 1998, max: 2003 }), fc.nat({ max: 3 })).map(([lo, d]) => [lo, lo + d] as const), fc.constant(['a', 'b'] as const))).map(([a, [lo, hi]]) =>
    C.between(a, lo as never, hi as never),
  ),
  fc.tuple(attr, fc.uniqueArray(scalar, { minLength: 1, maxLength: 4 })).map(([a, xs]) => C.isIn(a, xs as never)),
  fc.tuple(attr, scalar).map(([a, x]) => C.contains(a, x as never)),
  fc.tuple(attr, fc.constantFrom('a', '2', '')).map(([a, x]) => C.beginsWith(a, x as never)),
  attr.map((a) => C.exists(a)),
  attr.map((a) => C.notExists(a)),
  fc.tuple(attr, fc.constantFrom('S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL') as fc.Arbitrary<C.AttributeTypeName>).map(([a, ty]) => C.attributeType(a, ty)),
  fc.tuple(attr, fc.constantFrom(C.eq, C.gt, C.lt), fc.nat({ max: 3 })).map(([a, op, k]) => op(C.size(a), k as never)),
  fc.constant(C.eq(m.v, m.w as never)),
  fc.constant(C.lt(m.v, m.w as never)),
  // what DynamoDB refuses: reversed bounds, bounds of two types
  attr.map((a) => C.between(a, 2003 as never, 1998 as never)),
  attr.map((a) => C.between(a, 1 as never, 'a' as never)),
)

const condition: fc.Arbitrary<C.Condition> = fc.letrec<{ c: C.Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('c').map((c) => C.not(c)),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => C.and(a, b)),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => C.or(a, b)),
  ),
})).c

test('mixed types (t.unknown fields): isIn(email) AND a generated condition — batch get + Evaluate equals the Scan', async () => {
  const f = await fixture('pfilter')
  await ok(f.env, Dynamo.createTable(Mixed))
  const table = f.table(Mixed)
  // one data set of 40 items, many generated conditions
  const items = fc.sample(fc.record({ v: anyValue, w: anyValue }), { seed: 77, numRuns: 40 }).map((x, i) => ({
    email: `m${i}@x.io`,
    ...(x.v === undefined ? {} : { v: x.v }),
    ...(x.w === undefined ? {} : { w: x.w }),
  }))
  const saved = await ok(f.env, Dynamo.saveMany(Mixed, items))
  assert.is(saved.failCount, 0, saved.fail.map((x) => DE.show(x.error)).join('; '))
  const emails = [...items.filter((_, i) => i % 4 !== 3).map((x) => x.email), 'absent@x.io']
  let compared = 0
  let refusedByBoth = 0
  const refusals = new Map<string, number>()
  let nonTrivial = 0
  await fc.assert(
    fc.asyncProperty(condition, async (c) => {
      const cond = C.and(C.isIn(m.email, emails), c)
      if (planOf(Mixed, cond) !== 'BatchGetItem') return true
      const got = await run(f.env, Dynamo.getMany(Mixed, cond))
      const want = await rawScan(f, table, cond)
      if (E.isLeft(want)) {
        // DynamoDB (or the compiler) refuses the filter: so must getMany, for the filter (not for want of an answer)
        if (E.isRight(got) || (got.left._tag === 'AwsError' && got.left.name !== 'ValidationException')) return false
        refusedByBoth++
        refusals.set(got.left._tag, (refusals.get(got.left._tag) ?? 0) + 1)
        return true
      }
      if (E.isLeft(got)) return false
      const emailsGot = got.right.map((x) => x.email)
      compared++
      if (emailsGot.length > 0 && emailsGot.length < emails.length - 1) nonTrivial++
      return JSON.stringify([...emailsGot].sort()) === JSON.stringify(want.right) && JSON.stringify(emailsGot) === JSON.stringify(emails.filter((e) => emailsGot.includes(e)))
    }),
    { seed: 9_001, numRuns: 300 },
  )
  assert.ok(compared >= 150, `compared ${compared}`)
  assert.ok(refusedByBoth >= 10, `refused by both ${refusedByBoth} (${JSON.stringify([...refusals])})`)
  assert.ok(nonTrivial >= 50, `non-trivial ${nonTrivial}`)
  console.log(`  [planner filter] mixed: 40 items, ${compared} conditions compared with a Scan (${nonTrivial} splitting the items), ${refusedByBoth} refused by both ${JSON.stringify([...refusals])}`)
})

test.run()
