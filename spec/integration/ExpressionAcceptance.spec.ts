/**
 * Acceptance of the expression compiler by DynamoDB Local (the oracle): 1,000 generated
 * condition trees and 200 generated update lists (spec/arb/ast.ts, fixed seed) are each
 * either rejected by the static checks of lib/compile/Expression.ts or accepted by DynamoDB Local:
 * conditions as a Scan `FilterExpression` (and every fourth also as the
 * `ConditionExpression` of an UpdateItem), updates as an UpdateItem `UpdateExpression`.
 *
 * "Accepted" means DynamoDB Local did not refuse the expression itself: a success, a
 * failed conditional check, or a runtime error that depends on the item's data (a path
 * into a missing map, an operand of the wrong type on this item) all count as accepted.
 * Any other ValidationException is a disagreement, and fails the spec. The counts are
 * printed (accepted, rejected statically, by reason).
 */
import { PutItemCommand, ScanCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as A from '../../lib/ast/Attr.js'
import * as C from '../../lib/ast/Condition.js'
import type * as DE from '../../lib/DynamoError.js'
import type * as E from 'fp-ts/lib/Either.js'
import * as X from '../../lib/compile/Expression.js'
import * as P from '../../lib/ast/Path.js'
import * as U from '../../lib/ast/Update.js'
import * as arb from '../arb/ast.js'
import { createRawTable, local, uniqueTable } from '../harness/local.js'

const CONDITIONS = 1000
const UPDATES = 200
const CONCURRENCY = 16

/** Runtime errors that depend on the item's data, not on the expression: accepted syntax. */
const runtime = [
  /The document path provided in the update expression is invalid for update/,
  /The provided expression refers to an attribute that does not exist in the item/,
  /An operand in the update expression has an incorrect data type/,
  /Type mismatch for attribute to update/,
  /This attribute is part of the key/,
]

/** The static check that refused an expression, as a short label. */
const reason = (e: DE.DynamoError): string => {
  if (e._tag === 'ValidationError') return 'a value DynamoDB cannot store (ValidationError)'
  const m = 'message' in e ? e.message : ''
  const rules: Array<[RegExp, string]> = [
    [/operators, more than/, 'more than 300 operators'],
    [/bytes, more than/, 'expression over 4,096 bytes'],
    [/IN \(\) has no values/, 'IN with no value'],
    [/values, more than/, 'IN with more than 99 values'],
    [/low bound is above/, 'BETWEEN low > high'],
    [/different types/, 'BETWEEN bounds of different types'],
    [/same path/, 'the same path on both sides'],
    [/the constant .* is of type|prefix size/, 'a constant of a type the operator refuses'],
    [/overlap|conflict/, 'update paths overlap or conflict'],
    [/update of nothing/, 'an update of nothing'],
    [/an empty (AND|OR)/, 'empty and/or'],
    [/levels, DynamoDB allows/, 'a path deeper than 32'],
    [/list index/, 'a bad list index'],
    [/list_append/, 'list_append where DynamoDB refuses it'],
    [/attribute name cannot be empty/, 'an empty attribute name'],
  ]
  for (const [re, label] of rules) if (re.test(m)) return label
  return `other: ${m}`
}

interface Tally {
  accepted: number
  acceptedRuntime: number
  conditionalFailed: number
  rejected: Map<string, number>
  disagreements: string[]
}

const tally = (): Tally => ({ accepted: 0, acceptedRuntime: 0, conditionalFailed: 0, rejected: new Map(), disagreements: [] })

const outcome = async (t: Tally, what: string, send: () => Promise<unknown>): Promise<void> => {
  try {
    await send()
    t.accepted++
  } catch (e) {
    const err = e as { name?: string; message?: string }
    if (err.name === 'ConditionalCheckFailedException') t.conditionalFailed++
    else if (err.name === 'ValidationException' && runtime.some((re) => re.test(err.message ?? ''))) t.acceptedRuntime++
    else t.disagreements.push(`${what}\n    => ${err.name}: ${err.message}`)
  }
}

const inBatches = async <A>(xs: ReadonlyArray<A>, f: (x: A, i: number) => Promise<void>): Promise<void> => {
  for (let i = 0; i < xs.length; i += CONCURRENCY) await Promise.all(xs.slice(i, i + CONCURRENCY).map((x, j) => f(x, i + j)))
}

const print = (title: string, t: Tally, total: number): void => {
  const rejected = [...t.rejected.values()].reduce((a, b) => a + b, 0)
  console.log(`\n${title}: ${total} generated`)
  console.log(`  accepted by DynamoDB Local: ${t.accepted + t.acceptedRuntime + t.conditionalFailed}` +
    ` (ok ${t.accepted}, conditional check failed ${t.conditionalFailed}, runtime data error ${t.acceptedRuntime})`)
  console.log(`  rejected statically: ${rejected}`)
  for (const [r, n] of [...t.rejected].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`    ${String(n).padStart(4)}  ${r}`)
  console.log(`  ValidationExceptions of the expression itself: ${t.disagreements.length}`)
  for (const d of t.disagreements.slice(0, 10)) console.log(`    ${d}`)
}

const S = (s: string): AttributeValue => ({ S: s })
const N = (n: string): AttributeValue => ({ N: n })

/** Items whose attributes carry the generated names, with values of many types. */
const seed = (pk: string): Record<string, AttributeValue> => {
  const item: Record<string, AttributeValue> = { pk: S(pk) }
  arb.hostileNames.forEach((n, i) => {
    const kinds: AttributeValue[] = [
      S(`v${i}`),
      N(String(i)),
      { L: [S('a'), N('1'), { M: { x: S('y') } }, { L: [] }] },
      { M: { name: S('n'), status: N('2'), 'a.b': { L: [N('0')] }, x: { M: { y: S('z') } } } },
      { SS: ['a', 'b'] },
      { NS: ['1', '2'] },
      { BOOL: true },
      { NULL: true },
      { B: new Uint8Array([1, 2]) },
    ]
    item[n] = kinds[(i + pk.length) % kinds.length] as AttributeValue
  })
  return item
}

/**
 * An item shaped for one update, so that most generated updates succeed and runtime
 * data errors stay rare: the parents of every path exist (maps for keys, lists long
 * enough for indexes), and paths read by `+`/`-` hold numbers, by list_append lists.
 */
const shapedFor = (us: U.Update, pk: string): Record<string, AttributeValue> => {
  const root: Record<string, unknown> = {}
  const ensure = (p: P.Path, leaf: 'N' | 'L' | undefined): void => {
    let node: unknown = root
    const es = p.elements
    for (let i = 0; i < es.length; i++) {
      const e = es[i] as P.Element
      const last = i === es.length - 1
      const next = es[i + 1]
      const make = (): unknown => (last ? (leaf === 'N' ? 1 : leaf === 'L' ? [] : undefined) : typeof next === 'number' ? [] : {})
      if (typeof e === 'number') {
        if (!Array.isArray(node) || e > 8) return
        while (node.length <= e) node.push(0)
        if (!last && (typeof node[e] !== 'object' || node[e] === null)) node[e] = make()
        else if (last && leaf !== undefined) node[e] = make()
        node = node[e]
      } else {
        if (typeof node !== 'object' || node === null || Array.isArray(node)) return
        const rec = node as Record<string, unknown>
        if (!Object.prototype.hasOwnProperty.call(rec, e)) {
          const v = make()
          if (v === undefined) return
          Object.defineProperty(rec, e, { value: v, enumerable: true, writable: true, configurable: true })
        }
        node = rec[e]
      }
    }
  }
  const operand = (o: U.SetOperand, leaf: 'N' | 'L' | undefined): void => {
    switch (o._tag) {
      case 'Path':
        return ensure(o, leaf)
      case 'Value':
        return
      case 'IfNotExists':
        ensure(o.path, leaf)
        return operand(o.value, leaf)
      case 'ListAppend':
        operand(o.left, 'L')
        return operand(o.right, 'L')
    }
  }
  for (const a of us) {
    ensure(a.path, undefined)
    if (a._tag === 'Set') {
      if (a.value._tag === 'Arithmetic') {
        operand(a.value.left, 'N')
        operand(a.value.right, 'N')
      } else operand(a.value, undefined)
    }
  }
  // marshalled by hand: util-dynamodb drops an own `__proto__` key and refuses a `constructor` key
  const av = (v: unknown): AttributeValue =>
    typeof v === 'number'
      ? N(String(v))
      : Array.isArray(v)
        ? { L: v.map(av) }
        : { M: Object.fromEntries(Object.keys(v as object).map((k) => [k, av((v as Record<string, unknown>)[k])])) }
  return { ...(av(root).M as Record<string, AttributeValue>), pk: S(pk) }
}

test(`${CONDITIONS} generated conditions and ${UPDATES} generated updates: rejected statically or accepted by DynamoDB Local`, async () => {
  const started = Date.now()
  const db = await local()
  console.log(`DynamoDB Local ready in ${Date.now() - started} ms`)
  const TableName = uniqueTable('expr_acceptance')
  await createRawTable(db.client, TableName)
  for (const pk of ['a', 'bb', 'ccc', 'dddd']) await db.client.send(new PutItemCommand({ TableName, Item: seed(pk) }))

  // conditions: Scan filters, and every fourth also an UpdateItem condition
  const conditions: ReadonlyArray<C.Condition> = fc.sample(arb.condition(), { seed: 42, numRuns: CONDITIONS })
  const ct = tally()
  const kt = tally()
  await inBatches(conditions, async (c, i) => {
    const filter = X.request({ filter: c })
    if (filter._tag === 'Left') {
      const r = reason(filter.left)
      ct.rejected.set(r, (ct.rejected.get(r) ?? 0) + 1)
      return
    }
    const show = `#${i} ${X.show(c)}\n    ${filter.right.FilterExpression}`
    await outcome(ct, show, () => db.client.send(new ScanCommand({ TableName, ...filter.right })))
    if (i % 4 === 0) {
      const u = X.request({ condition: c, update: [{ _tag: 'Set', path: { _tag: 'Path', elements: ['touched'] }, value: { _tag: 'Value', value: i, codec: undefined } }] })
      if (u._tag === 'Left') {
        kt.disagreements.push(`${show}\n    => compiled as a filter but not as a condition: ${u.left._tag}`)
        return
      }
      await outcome(kt, `${show} (as ConditionExpression)`, () => db.client.send(new UpdateItemCommand({ TableName, Key: { pk: S(['a', 'bb', 'ccc', 'dddd'][i % 16 / 4] ?? 'a') }, ...u.right })))
    }
  })
  print('Conditions (Scan FilterExpression)', ct, CONDITIONS)
  console.log(`  (${Date.now() - started} ms so far)`)
  print('The same conditions, every 4th compiled, as an UpdateItem ConditionExpression', kt, conditions.filter((_, i) => i % 4 === 0).length)

  // updates: each on a fresh copy of a seeded item
  const updates: ReadonlyArray<U.Update> = fc.sample(arb.update(), { seed: 42, numRuns: UPDATES })
  const ut = tally()
  await inBatches(updates, async (us, i) => {
    const r = X.request({ update: us })
    if (r._tag === 'Left') {
      const why = reason(r.left)
      ut.rejected.set(why, (ut.rejected.get(why) ?? 0) + 1)
      return
    }
    const pk = `u${i}`
    await db.client.send(new PutItemCommand({ TableName, Item: shapedFor(us, pk) }))
    await outcome(ut, `#${i} ${X.showUpdate(us)}\n    ${r.right.UpdateExpression}`, () => db.client.send(new UpdateItemCommand({ TableName, Key: { pk: S(pk) }, ...r.right })))
  })
  print('Updates (UpdateItem UpdateExpression)', ut, UPDATES)
  console.log(`  (${Date.now() - started} ms in all)`)

  const acceptedConditions = ct.accepted + ct.acceptedRuntime + ct.conditionalFailed
  const acceptedUpdates = ut.accepted + ut.acceptedRuntime + ut.conditionalFailed
  assert.is(ct.disagreements.length, 0, 'no filter refused by DynamoDB Local for its expression')
  assert.is(kt.disagreements.length, 0, 'no condition refused by DynamoDB Local for its expression')
  assert.is(ut.disagreements.length, 0, 'no update refused by DynamoDB Local for its expression')
  assert.ok(acceptedConditions > CONDITIONS / 2, 'most generated conditions reach DynamoDB Local')
  assert.ok(ut.accepted > UPDATES / 5, 'many generated updates succeed')
  assert.ok(acceptedUpdates > 0)
})

// -------------------------------------------------------------------------------------
// the limits, from both sides: what the static checks let through at the limit is
// accepted; what they refuse just past it, DynamoDB Local refuses too (hand-written).
// -------------------------------------------------------------------------------------

test('at each limit: compiled, and accepted by DynamoDB Local', async () => {
  const db = await local()
  const TableName = uniqueTable('expr_limits')
  await createRawTable(db.client, TableName)
  await db.client.send(new PutItemCommand({ TableName, Item: { pk: S('k'), a: { L: [N('1'), N('2')] }, n: N('1') } }))
  const a = A.path('a')
  const nIn = (k: number) => C.or(...Array.from({ length: k }, () => C.isIn(a, Array.from({ length: 99 }, (_, i) => i))))
  let widest = 1
  while (X.condition(nIn(widest + 1))._tag === 'Right') widest++
  const filters: Array<[string, C.Condition]> = [
    ['299 operators', C.and(...Array.from({ length: 150 }, (_, i) => C.eq(a, i)))],
    [`the widest OR of IN (99 values) under 4,096 bytes (${widest})`, nIn(widest)],
    ['a path of 32 levels', C.exists(A.path('a', ...Array.from({ length: 31 }, () => 'b')))],
    ['list index 2^31 - 1', C.exists(A.path('a', 2 ** 31 - 1))],
    ['BETWEEN equal bounds', C.between(a, 'x', 'x')],
    ['BETWEEN exact decimals', C.between(a, BigInt('10000000000000000000000000000000000000'), BigInt('10000000000000000000000000000000000001'))],
    ['size(a) = a', { _tag: 'Comparison', op: '=', left: { _tag: 'Size', path: P.of('a') }, right: P.of('a') }],
    ['a.b = a', C.eq(A.path('a', 'b'), a)],
    ['NOT NOT', C.not(C.not(C.exists(a)))],
    ['NOT ((x OR y) AND z)', C.not(C.and(C.or(C.exists(a), C.exists(A.path('b'))), C.exists(A.path('c'))))],
  ]
  for (const [what, c] of filters) {
    const r = X.request({ filter: c })
    assert.ok(r._tag === 'Right', `${what} compiles`)
    if (r._tag === 'Right') await db.client.send(new ScanCommand({ TableName, ...r.right })).catch((e: Error) => assert.unreachable(`${what}: ${e.message}`))
  }
  const n = A.path<number>('n')
  const updates: Array<[string, U.Update]> = [
    ['if_not_exists inside if_not_exists', [U.set(A.path('m'), U.ifNotExists(A.path('m'), U.ifNotExists(A.path('o'), 1)))]],
    ['if_not_exists on both sides of +', [U.set(n, U.plus(U.ifNotExists(n, 0), U.ifNotExists(A.path<number>('o'), 1)))]],
    ['a + a', [U.set(A.path('p'), U.plus(n, n))]],
    ['increment, append, prepend', [U.increment(n, 1), U.append(A.path('l1'), [1]), U.prepend(A.path('l2'), ['x'])]],
    ['a[0] and a[1]', [U.set(A.path('a', 0), 5), U.remove(A.path('a', 1))]],
    ['every clause', [U.set(A.path('s'), 'x'), U.remove(A.path('r')), U.add(A.path('c'), 2), U.deleteFrom(A.path('ss'), new Set(['q']))]],
  ]
  for (const [what, us] of updates) {
    const r = X.request({ update: us })
    assert.ok(r._tag === 'Right', `${what} compiles`)
    if (r._tag === 'Right') await db.client.send(new UpdateItemCommand({ TableName, Key: { pk: S('k') }, ...r.right })).catch((e: Error) => assert.unreachable(`${what}: ${e.message}`))
  }
})

test('just past each limit: refused statically, and by DynamoDB Local (the same expression, written by hand)', async () => {
  const db = await local()
  const TableName = uniqueTable('expr_limits')
  await createRawTable(db.client, TableName)
  const a = A.path('a')
  const b = A.path<ReadonlyArray<number>>('b')
  const vals = (k: number) => Object.fromEntries(Array.from({ length: k }, (_, i) => [`:v${i}`, N(String(i))]))
  const list = (k: number, f: (i: number) => string, sep: string) => Array.from({ length: k }, (_, i) => f(i)).join(sep)
  type Case = [string, E.Either<DE.DynamoError, unknown>, 'filter' | 'update', string, Record<string, string>, Record<string, AttributeValue>, RegExp]
  const names = { '#n0': 'a', '#n1': 'b' }
  const cases: Case[] = [
    ['301 operators', X.condition(C.and(...Array.from({ length: 151 }, (_, i) => C.eq(a, i)))), 'filter', list(151, (i) => `#n0 = :v${i}`, ' AND '), names, vals(151), /too many operators/],
    ['over 4,096 bytes', X.condition(C.or(...Array.from({ length: 6 }, () => C.isIn(a, Array.from({ length: 99 }, (_, i) => i))))), 'filter', list(6, (j) => `#n0 IN (${list(99, (i) => `:v${j * 99 + i}`, ', ')})`, ' OR '), names, vals(594), /maximum allowed size/],
    ['a path of 33 levels', X.condition(C.exists(A.path('a', ...Array.from({ length: 32 }, () => 'a')))), 'filter', `attribute_exists(${list(33, () => '#n0', '.')})`, names, {}, /too many nesting levels/],
    ['list index 2^31', X.condition(C.exists(A.path('a', 2 ** 31))), 'filter', 'attribute_exists(#n0[2147483648])', names, {}, /List index is not within the allowable range/],
    ['BETWEEN low > high', X.condition(C.between(a, 2, 1)), 'filter', '#n0 BETWEEN :v0 AND :v1', names, { ':v0': N('2'), ':v1': N('1') }, /upper bound to be greater than or equal to lower bound/],
    ['BETWEEN "é" and "z"', X.condition(C.between(a, 'é', 'z')), 'filter', '#n0 BETWEEN :v0 AND :v1', names, { ':v0': S('é'), ':v1': S('z') }, /upper bound/],
    ['BETWEEN of different types', X.condition(C.between(a, C.value('a') as never, C.value(1) as never)), 'filter', '#n0 BETWEEN :v0 AND :v1', names, { ':v0': S('a'), ':v1': N('1') }, /same data type/],
    ['begins_with a number', X.condition({ _tag: 'BeginsWith', path: P.of('a'), prefix: { _tag: 'Value', value: 1, codec: undefined } }), 'filter', 'begins_with(#n0, :v0)', names, { ':v0': N('1') }, /Incorrect operand type/],
    ['< a boolean', X.condition({ _tag: 'Comparison', op: '<', left: P.of('a'), right: { _tag: 'Value', value: true, codec: undefined } }), 'filter', '#n0 < :v0', names, { ':v0': { BOOL: true } }, /Incorrect operand type/],
    ['a = a', X.condition(C.eq(a, a)), 'filter', '#n0 = #n0', names, {}, /first operand must be distinct/],
    ['a IN (1, a)', X.condition(C.isIn(a, [1, a])), 'filter', '#n0 IN (:v0, #n0)', names, { ':v0': N('1') }, /first operand must be distinct/],
    ['SET a, a.b', X.update([U.set(a, 1), U.set(A.path('a', 'b'), 2)]), 'update', 'SET #n0 = :v0, #n0.#n1 = :v1', names, { ':v0': N('1'), ':v1': N('2') }, /overlap/],
    ['SET a[0] REMOVE a.b', X.update([U.set(A.path('a', 0), 1), U.remove(A.path('a', 'b'))]), 'update', 'SET #n0[0] = :v0 REMOVE #n0.#n1', names, { ':v0': N('1') }, /conflict/],
    ['SET a REMOVE a', X.update([U.set(a, 1), U.remove(a)]), 'update', 'SET #n0 = :v0 REMOVE #n0', names, { ':v0': N('1') }, /overlap/],
    ['if_not_exists(a, a)', X.update([U.set(A.path('b'), U.ifNotExists(a, a))]), 'update', 'SET #n1 = if_not_exists(#n0, #n0)', names, {}, /first operand must be distinct/],
    ['list_append in list_append', X.update([U.set(b, U.listAppend(U.listAppend(b, [1]), [2]))]), 'update', 'SET #n1 = list_append(list_append(#n1, :v0), :v1)', names, { ':v0': { L: [] }, ':v1': { L: [] } }, /not allowed to be used this way/],
    ['list_append in if_not_exists', X.update([U.set(b, U.ifNotExists(b, U.listAppend(b, [1])))]), 'update', 'SET #n1 = if_not_exists(#n1, list_append(#n1, :v0))', names, { ':v0': { L: [] } }, /not allowed to be used this way/],
    ['ADD a string', X.update([{ _tag: 'Add', path: P.of('a'), value: { _tag: 'Value', value: 'x', codec: undefined } }]), 'update', 'ADD #n0 :v0', names, { ':v0': S('x') }, /Incorrect operand type/],
    ['DELETE a number', X.update([{ _tag: 'Delete', path: P.of('a'), value: { _tag: 'Value', value: 1, codec: undefined } }]), 'update', 'DELETE #n0 :v0', names, { ':v0': N('1') }, /Incorrect operand type/],
    ['a string + 1', X.update([{ _tag: 'Set', path: P.of('a'), value: { _tag: 'Arithmetic', op: '+', left: { _tag: 'Value', value: 's', codec: undefined }, right: { _tag: 'Value', value: 1, codec: undefined } } }]), 'update', 'SET #n0 = :v0 + :v1', names, { ':v0': S('s'), ':v1': N('1') }, /Incorrect operand type/],
  ]
  for (const [what, ours, kind, expression, ns, vs, why] of cases) {
    assert.ok(ours._tag === 'Left' && ours.left._tag === 'ExpressionError', `${what}: refused statically`)
    const used = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => new RegExp(`${k}(?![0-9])`).test(expression)))
    const ExpressionAttributeNames = used(ns) as Record<string, string>
    const values = used(vs) as Record<string, AttributeValue>
    const ExpressionAttributeValues = Object.keys(values).length > 0 ? values : undefined
    const send =
      kind === 'filter'
        ? db.client.send(new ScanCommand({ TableName, FilterExpression: expression, ExpressionAttributeNames, ExpressionAttributeValues }))
        : db.client.send(new UpdateItemCommand({ TableName, Key: { pk: S('k') }, UpdateExpression: expression, ExpressionAttributeNames, ExpressionAttributeValues }))
    const err = await send.then(() => undefined, (e: Error) => e)
    assert.ok(err !== undefined, `${what}: DynamoDB Local accepted ${expression.slice(0, 80)}`)
    assert.is(err?.name, 'ValidationException', what)
    assert.match(err?.message ?? '', why, what)
  }
})

test.run()
