/**
 * Acceptance of the expression compiler by DynamoDB Local (the oracle): 1,000 generated
 * condition trees and 200 generated update lists (spec/arb/ast.ts, fixed seed) are each
 * either rejected by the static checks of lib/Expression.ts or accepted by DynamoDB Local:
 * conditions as a Scan `FilterExpression` (and every fourth also as the
 * `ConditionExpression` of an UpdateItem), updates as an UpdateItem `UpdateExpression`.
 *
 * "Accepted" means DynamoDB Local did not refuse the expression itself: a success, a
 * failed conditional check, or a runtime error that depends on the item's data (a path
 * into a missing map, an operand of the wrong type on this item) all count as accepted.
 * Any other ValidationException is a disagreement, and fails the spec. The counts are
 * printed (accepted, rejected statically, by reason).
 */
import { CreateTableCommand, PutItemCommand, ScanCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type * as C from '../../lib/Condition.js'
import type * as DE from '../../lib/DynamoError.js'
import * as X from '../../lib/Expression.js'
import type * as P from '../../lib/Path.js'
import type * as U from '../../lib/Update.js'
import * as arb from '../arb/ast.js'
import { local, uniqueTable } from '../harness/local.js'

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
  const db = await local()
  const TableName = uniqueTable('expr_acceptance')
  await db.client.send(new CreateTableCommand({
    TableName,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }))
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

  const acceptedConditions = ct.accepted + ct.acceptedRuntime + ct.conditionalFailed
  const acceptedUpdates = ut.accepted + ut.acceptedRuntime + ut.conditionalFailed
  assert.is(ct.disagreements.length, 0, 'no filter refused by DynamoDB Local for its expression')
  assert.is(kt.disagreements.length, 0, 'no condition refused by DynamoDB Local for its expression')
  assert.is(ut.disagreements.length, 0, 'no update refused by DynamoDB Local for its expression')
  assert.ok(acceptedConditions > CONDITIONS / 2, 'most generated conditions reach DynamoDB Local')
  assert.ok(ut.accepted > UPDATES / 5, 'many generated updates succeed')
  assert.ok(acceptedUpdates > 0)
})

test.run()
