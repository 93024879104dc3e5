/**
 * The differential of `Evaluate` against DynamoDB Local, shared by the integration spec
 * (`spec/integration/EvaluateDifferential.spec.ts`) and `npm run fuzz` (`spec/fuzz.ts`).
 *
 * - Conditions: a batch of generated items goes into a fresh table; each generated tree is
 *   compiled (`Expression.request({ filter })`) and run as one Scan; the set of keys it
 *   returns must be the set of items `Evaluate.condition` accepts. A tree the compiler
 *   refuses must be refused by `Evaluate.condition` too (counted apart); a tree DynamoDB
 *   refuses must be refused by `Evaluate.condition`, and vice versa.
 * - Updates: each generated item is put, the compiled update applied with `UpdateItem`
 *   (`ReturnValues: ALL_NEW`); the result must equal `Evaluate.update` (numbers by value,
 *   sets in any order), and both must fail on the same cases.
 *
 * fast-check runs with fixed seeds and shrinks a failing tree (or item and update).
 */
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import * as Expression from '../../lib/compile/Expression.js'
import * as P from '../../lib/ast/Path.js'
import type * as U from '../../lib/ast/Update.js'
import * as D from '../../lib/codec/decimal.js'
import * as arb from '../arb/items.js'
import { createRawTable, uniqueTable } from './local.js'

type Item = arb.Item

// -------------------------------------------------------------------------------------
// counts and findings
// -------------------------------------------------------------------------------------

export interface Counts {
  trees: number
  items: number
  evaluations: number
  /** Trees both the compiler and `Evaluate.condition` refuse. */
  treesRefusedByBoth: number
  /** Trees DynamoDB and `Evaluate.condition` both refuse (the compiler let them through). */
  treesRefusedByDynamo: number
  /** Trees that hold for some items of their batch and not for others (the informative ones). */
  treesSplit: number
  /** Item verdicts that were `true` (the rest were `false`). */
  evaluationsTrue: number
  updates: number
  /** Updates both the compiler and `Evaluate.update` refuse. */
  updatesRefusedByBoth: number
  /** Updates DynamoDB and `Evaluate.update` both fail (at run time, or statically past the compiler). */
  updatesFailedByBoth: number
  /** Updates that succeeded with identical items. */
  updatesSame: number
  mismatches: number
}

export const emptyCounts = (): Counts => ({
  trees: 0,
  items: 0,
  evaluations: 0,
  treesRefusedByBoth: 0,
  treesRefusedByDynamo: 0,
  treesSplit: 0,
  evaluationsTrue: 0,
  updates: 0,
  updatesRefusedByBoth: 0,
  updatesFailedByBoth: 0,
  updatesSame: 0,
  mismatches: 0,
})

export interface Finding {
  readonly kind: 'condition' | 'update'
  /** The shrunk case, for people. */
  readonly text: string
}

// -------------------------------------------------------------------------------------
// showing values
// -------------------------------------------------------------------------------------

const replacer = (_: string, v: unknown): unknown => (v instanceof Uint8Array ? { bytes: Array.from(v) } : v)

export const showJson = (u: unknown): string => JSON.stringify(u, replacer)

// -------------------------------------------------------------------------------------
// normal form of stored values (numbers by value, sets in order)
// -------------------------------------------------------------------------------------

const normalNumber = (n: string): string => {
  const d = D.parse(n)
  return d === undefined ? `NaN(${n})` : D.format(d)
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

export const normalize = (av: AttributeValue): unknown => {
  if (av.S !== undefined) return { S: av.S }
  if (av.N !== undefined) return { N: normalNumber(av.N) }
  if (av.B !== undefined) return { B: hex(av.B) }
  if (av.BOOL !== undefined) return { BOOL: av.BOOL }
  if (av.NULL !== undefined) return { NULL: true }
  if (av.SS !== undefined) return { SS: [...av.SS].sort() }
  if (av.NS !== undefined) return { NS: av.NS.map(normalNumber).sort() }
  if (av.BS !== undefined) return { BS: av.BS.map(hex).sort() }
  if (av.L !== undefined) return { L: av.L.map(normalize) }
  if (av.M !== undefined) return { M: normalizeItem(av.M) }
  return { unknown: av }
}

export const normalizeItem = (m: Item): unknown =>
  Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, normalize(m[k] as AttributeValue)]),
  )

// -------------------------------------------------------------------------------------
// DynamoDB Local
// -------------------------------------------------------------------------------------

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))

export const createTable = async (client: DynamoDBClient, prefix: string): Promise<string> => {
  const TableName = uniqueTable(prefix)
  await createRawTable(client, TableName)
  return TableName
}

export const deleteTable = async (client: DynamoDBClient, TableName: string): Promise<void> => {
  await client.send(new DeleteTableCommand({ TableName }))
}

const putAll = async (client: DynamoDBClient, TableName: string, items: ReadonlyArray<Item>): Promise<void> => {
  const chunks: Item[][] = []
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25))
  await Promise.all(
    chunks.map(async (chunk) => {
      let requests = chunk.map((Item) => ({ PutRequest: { Item } }))
      while (requests.length > 0) {
        const r = await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: requests } }))
        requests = (r.UnprocessedItems?.[TableName] ?? []) as typeof requests
      }
    }),
  )
}

/** The keys of the items DynamoDB's Scan returns with `c` as filter, or its error. */
const scan = async (client: DynamoDBClient, TableName: string, c: C.Condition): Promise<E.Either<string, ReadonlySet<string>>> => {
  // only the keys come back: the Scan reads every item but sends little
  const compiled = Expression.request({ filter: c, projection: [P.of('pk')] })
  if (E.isLeft(compiled)) return E.left(`compiler: ${DE.show(compiled.left)}`)
  const keys = new Set<string>()
  let start: Record<string, AttributeValue> | undefined
  try {
    do {
      const r = await client.send(new ScanCommand({ TableName, ...compiled.right, ExclusiveStartKey: start }))
      for (const item of r.Items ?? []) keys.add(item['pk']?.S ?? '?')
      start = r.LastEvaluatedKey
    } while (start !== undefined)
  } catch (e) {
    return E.left(`dynamodb: ${errorText(e)}`)
  }
  return E.right(keys)
}

// -------------------------------------------------------------------------------------
// conditions
// -------------------------------------------------------------------------------------

type Verdict =
  | { readonly _tag: 'agree'; readonly refused?: 'compiler' | 'dynamodb'; readonly accepted?: number }
  | { readonly _tag: 'disagree'; readonly why: string; readonly items: ReadonlyArray<Item> }

/** One tree over the items of a table: do DynamoDB and `Evaluate` agree? */
export const checkTree = async (client: DynamoDBClient, TableName: string, items: ReadonlyArray<Item>, c: C.Condition): Promise<Verdict> => {
  const ev = Evaluate.condition(c)
  const compiled = Expression.request({ filter: c })
  if (E.isLeft(compiled)) {
    return E.isLeft(ev)
      ? { _tag: 'agree', refused: 'compiler' }
      : { _tag: 'disagree', why: `the compiler refuses (${DE.show(compiled.left)}), Evaluate accepts`, items: [] }
  }
  const got = await scan(client, TableName, c)
  if (E.isLeft(got)) {
    return E.isLeft(ev) ? { _tag: 'agree', refused: 'dynamodb' } : { _tag: 'disagree', why: `DynamoDB refuses (${got.left}), Evaluate accepts`, items: [] }
  }
  if (E.isLeft(ev)) return { _tag: 'disagree', why: `Evaluate refuses (${DE.show(ev.left)}), DynamoDB accepts`, items: [] }
  const wrong = items.filter((item) => ev.right(item) !== got.right.has(item['pk']?.S ?? '?'))
  if (wrong.length === 0) return { _tag: 'agree', accepted: got.right.size }
  const w = wrong[0] as Item
  return {
    _tag: 'disagree',
    why: `${wrong.length} item(s) differ; e.g. ${w['pk']?.S}: DynamoDB ${got.right.has(w['pk']?.S ?? '?')}, Evaluate ${ev.right(w)}`,
    items: wrong,
  }
}

const showTree = (c: C.Condition): string => {
  const compiled = Expression.condition(c)
  return E.isRight(compiled)
    ? `${compiled.right.expression}\n    names  ${showJson(compiled.right.names)}\n    values ${showJson(compiled.right.values)}`
    : `(not compiled: ${DE.show(compiled.left)}) ${Expression.show(c)}`
}

export interface ConditionRun {
  readonly seed: number
  /** Item batches (one table each). */
  readonly batches: number
  readonly itemsPerBatch: number
  readonly treesPerBatch: number
  /** Batches run at once (default 3). */
  readonly concurrency?: number
}

/**
 * Batches of generated items, each in its own table, each scanned with generated trees.
 * A failing tree is shrunk (over the same items) and reported with the items it gets wrong.
 */
export const runConditions = async (client: DynamoDBClient, run: ConditionRun, counts: Counts, findings: Finding[]): Promise<void> => {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < run.batches) await runBatch(client, run, next++, counts, findings)
  }
  await Promise.all(Array.from({ length: Math.min(run.concurrency ?? 3, run.batches) }, worker))
}

const runBatch = async (client: DynamoDBClient, run: ConditionRun, b: number, counts: Counts, findings: Finding[]): Promise<void> => {
  {
    const seed = run.seed + b
    const [items] = fc.sample(arb.items(run.itemsPerBatch, `b${b}i`), { seed, numRuns: 1 }) as [ReadonlyArray<Item>]
    const TableName = await createTable(client, 'evaldiff')
    try {
      await putAll(client, TableName, items)
      counts.items += items.length
      // what the items hold, for leaves that split them (a value some items share and others not)
      const held = items.flatMap((i) => arb.pathsOf(i))
      let done = 0
      let treeSeed = seed * 7919
      while (done < run.treesPerBatch) {
        let shrinking = false
        const details = await fc.check(
          fc.asyncProperty(arb.condition(3, held), async (c) => {
            const v = await checkTree(client, TableName, items, c)
            if (!shrinking) {
              counts.trees++
              counts.evaluations += items.length
              if (v._tag === 'agree' && v.refused === 'compiler') counts.treesRefusedByBoth++
              if (v._tag === 'agree' && v.refused === 'dynamodb') counts.treesRefusedByDynamo++
              if (v._tag === 'agree' && v.accepted !== undefined) {
                counts.evaluationsTrue += v.accepted
                if (v.accepted > 0 && v.accepted < items.length) counts.treesSplit++
              }
              if (v._tag === 'disagree') {
                counts.mismatches += Math.max(1, v.items.length)
                shrinking = true
              }
            }
            return v._tag === 'agree'
          }),
          { seed: treeSeed, numRuns: run.treesPerBatch - done, endOnFailure: false },
        )
        done += details.numRuns
        treeSeed++
        if (details.failed && details.counterexample !== null) {
          const [c] = details.counterexample
          const v = await checkTree(client, TableName, items, c)
          const smallest = v._tag === 'disagree' ? [...v.items].sort((x, y) => showJson(x).length - showJson(y).length)[0] : undefined
          findings.push({
            kind: 'condition',
            text: [
              `condition (seed ${seed}/${treeSeed - 1}, shrunk ${details.numShrinks} times): ${v._tag === 'disagree' ? v.why : 'no longer fails'}`,
              `  tree: ${showTree(c)}`,
              `  AST:  ${showJson(c)}`,
              ...(smallest === undefined ? [] : [`  item: ${showJson(smallest)}`]),
            ].join('\n'),
          })
        } else if (details.failed) {
          findings.push({ kind: 'condition', text: `condition (seed ${treeSeed - 1}): ${String(details.errorInstance ?? 'failed')}` })
        }
      }
    } finally {
      await deleteTable(client, TableName)
    }
  }
}

// -------------------------------------------------------------------------------------
// updates
// -------------------------------------------------------------------------------------

type UpdateVerdict = { readonly _tag: 'agree'; readonly how: 'same' | 'refusedByBoth' | 'failedByBoth' } | { readonly _tag: 'disagree'; readonly why: string }

let counter = 0

/** One update on a fresh copy of one item: do DynamoDB and `Evaluate` agree? */
export const checkUpdate = async (client: DynamoDBClient, TableName: string, item: Item, us: U.Update): Promise<UpdateVerdict> => {
  const pk = `u${counter++}`
  const stored: Item = { ...item, pk: { S: pk } }
  const ev = E.flatMap(Evaluate.update(us), (f) => f(stored))
  const compiled = Expression.request({ update: us })
  if (E.isLeft(compiled)) {
    return E.isLeft(Evaluate.update(us))
      ? { _tag: 'agree', how: 'refusedByBoth' }
      : { _tag: 'disagree', why: `the compiler refuses (${DE.show(compiled.left)}), Evaluate accepts` }
  }
  await client.send(new PutItemCommand({ TableName, Item: stored }))
  let got: E.Either<string, Item>
  try {
    const r = await client.send(new UpdateItemCommand({ TableName, Key: { pk: { S: pk } }, ...compiled.right, ReturnValues: 'ALL_NEW' }))
    got = E.right(r.Attributes ?? {})
  } catch (e) {
    got = E.left(errorText(e))
  }
  if (E.isLeft(got)) {
    return E.isLeft(ev) ? { _tag: 'agree', how: 'failedByBoth' } : { _tag: 'disagree', why: `DynamoDB fails (${got.left}), Evaluate gives ${showJson(ev.right)}` }
  }
  if (E.isLeft(ev)) return { _tag: 'disagree', why: `Evaluate fails (${DE.show(ev.left)}), DynamoDB gives ${showJson(got.right)}` }
  const a = showJson(normalizeItem(got.right))
  const b = showJson(normalizeItem(ev.right))
  return a === b ? { _tag: 'agree', how: 'same' } : { _tag: 'disagree', why: `results differ:\n    DynamoDB ${a}\n    Evaluate ${b}` }
}

export interface UpdateRun {
  readonly seed: number
  readonly updates: number
}

/** Generated (item, update) pairs, each on a fresh item; a failing pair is shrunk and reported. */
export const runUpdates = async (client: DynamoDBClient, run: UpdateRun, counts: Counts, findings: Finding[]): Promise<void> => {
  const TableName = await createTable(client, 'evalupd')
  try {
    let done = 0
    let seed = run.seed
    while (done < run.updates) {
      let shrinking = false
      const details = await fc.check(
        fc.asyncProperty(arb.itemAndUpdate('u'), async ([item, us]) => {
          const v = await checkUpdate(client, TableName, item, us)
          if (!shrinking) {
            counts.updates++
            if (v._tag === 'agree' && v.how === 'refusedByBoth') counts.updatesRefusedByBoth++
            if (v._tag === 'agree' && v.how === 'failedByBoth') counts.updatesFailedByBoth++
            if (v._tag === 'agree' && v.how === 'same') counts.updatesSame++
            if (v._tag === 'disagree') {
              counts.mismatches++
              shrinking = true
            }
          }
          return v._tag === 'agree'
        }),
        { seed, numRuns: run.updates - done, endOnFailure: false },
      )
      done += details.numRuns
      seed++
      if (details.failed && details.counterexample !== null) {
        const [[item, us]] = details.counterexample
        const v = await checkUpdate(client, TableName, item, us)
        const compiled = Expression.update(us)
        findings.push({
          kind: 'update',
          text: [
            `update (seed ${seed - 1}, shrunk ${details.numShrinks} times): ${v._tag === 'disagree' ? v.why : 'no longer fails'}`,
            `  update: ${E.isRight(compiled) ? `${compiled.right.expression}  names ${showJson(compiled.right.names)}  values ${showJson(compiled.right.values)}` : Expression.showUpdate(us)}`,
            `  AST:    ${showJson(us)}`,
            `  item:   ${showJson(item)}`,
          ].join('\n'),
        })
      } else if (details.failed) {
        findings.push({ kind: 'update', text: `update (seed ${seed - 1}): ${String(details.errorInstance ?? 'failed')}` })
      }
    }
  } finally {
    await deleteTable(client, TableName)
  }
}

export const showCounts = (c: Counts): string =>
  [
    `trees ${c.trees} (holding for some items and not others: ${c.treesSplit}; refused by compiler and Evaluate: ${c.treesRefusedByBoth}; by DynamoDB and Evaluate: ${c.treesRefusedByDynamo})`,
    `items ${c.items}`,
    `evaluations ${c.evaluations} (true: ${c.evaluationsTrue})`,
    `updates ${c.updates} (same item: ${c.updatesSame}; failed in DynamoDB and Evaluate: ${c.updatesFailedByBoth}; refused by compiler and Evaluate: ${c.updatesRefusedByBoth})`,
    `mismatches ${c.mismatches}`,
  ].join('\n')

// -------------------------------------------------------------------------------------
// conditions of a write (ConditionExpression), on stored and absent items
// -------------------------------------------------------------------------------------

export interface WriteConditionCounts {
  trees: number
  /** Verdicts on stored items (a conditional put of the item over itself). */
  stored: number
  /** Verdicts on an absent item (a conditional put on a key that holds none). */
  absent: number
  /** Verdicts that were `true`. */
  held: number
  /** Trees refused by both (the compiler, or DynamoDB, and `Evaluate.condition`). */
  refusedByBoth: number
  mismatches: number
}

const conditionalPut = async (client: DynamoDBClient, TableName: string, Item: Item, c: C.Condition): Promise<E.Either<string, boolean>> => {
  const compiled = Expression.request({ condition: c })
  if (E.isLeft(compiled)) return E.left(`compiler: ${DE.show(compiled.left)}`)
  try {
    await client.send(new PutItemCommand({ TableName, Item, ...compiled.right }))
    return E.right(true)
  } catch (e) {
    return e instanceof Error && e.name === 'ConditionalCheckFailedException' ? E.right(false) : E.left(`dynamodb: ${errorText(e)}`)
  }
}

/**
 * One tree as the condition of a write: on each of `items` (stored; the put writes the item
 * over itself) and on the absent item at `absentKey` (the put is deleted again when it lands),
 * DynamoDB's verdict must be `Evaluate.condition`'s on the item (on `{}` when absent).
 */
export const checkWriteCondition = async (
  client: DynamoDBClient,
  TableName: string,
  items: ReadonlyArray<Item>,
  absentKey: string,
  c: C.Condition,
  counts?: WriteConditionCounts,
): Promise<string | undefined> => {
  const ev = Evaluate.condition(c)
  const verdicts: Array<readonly [Item, boolean, E.Either<string, boolean>]> = []
  for (const item of items) verdicts.push([item, true, await conditionalPut(client, TableName, item, c)])
  const absent: Item = { pk: { S: absentKey } }
  const onAbsent = await conditionalPut(client, TableName, absent, c)
  if (E.isRight(onAbsent) && onAbsent.right) await client.send(new DeleteItemCommand({ TableName, Key: absent }))
  verdicts.push([absent, false, onAbsent])
  const refused = verdicts.filter(([, , v]) => E.isLeft(v))
  if (refused.length > 0) {
    if (E.isLeft(ev) && refused.length === verdicts.length) {
      if (counts !== undefined) counts.refusedByBoth++
      return undefined
    }
    return E.isLeft(ev) ? `DynamoDB takes it on some items, Evaluate refuses (${DE.show(ev.left)})` : `DynamoDB refuses (${(refused[0] as (typeof refused)[number])[2]}), Evaluate accepts`
  }
  if (E.isLeft(ev)) return `Evaluate refuses (${DE.show(ev.left)}), DynamoDB accepts`
  for (const [item, stored, v] of verdicts) {
    const dynamo = (v as E.Right<boolean>).right
    const mine = ev.right(stored ? item : {})
    if (counts !== undefined) {
      if (stored) counts.stored++
      else counts.absent++
      if (dynamo) counts.held++
    }
    if (dynamo !== mine) return `on ${stored ? showJson(item) : 'an absent item'}: DynamoDB ${dynamo}, Evaluate ${mine}`
  }
  return undefined
}

export interface WriteConditionRun {
  readonly seed: number
  readonly trees: number
  /** Items stored (each tree is tried on `itemsPerTree` of them and on an absent item). */
  readonly items: number
  readonly itemsPerTree: number
}

/** Generated trees as write conditions over generated items; a failing tree is shrunk and reported. */
export const runWriteConditions = async (client: DynamoDBClient, run: WriteConditionRun, counts: WriteConditionCounts, findings: Finding[]): Promise<void> => {
  const TableName = await createTable(client, 'evalcond')
  try {
    const [items] = fc.sample(arb.items(run.items, 'w'), { seed: run.seed, numRuns: 1 }) as [ReadonlyArray<Item>]
    await putAll(client, TableName, items)
    const held = items.flatMap((i) => arb.pathsOf(i))
    let absent = 0
    let shrinking = false
    const details = await fc.check(
      fc.asyncProperty(arb.condition(3, held), fc.nat(items.length - 1), async (c, at) => {
        const some = Array.from({ length: run.itemsPerTree }, (_, k) => items[(at + k) % items.length] as Item)
        const why = await checkWriteCondition(client, TableName, some, `absent${absent++}`, c, shrinking ? undefined : counts)
        if (!shrinking) {
          counts.trees++
          if (why !== undefined) {
            counts.mismatches++
            shrinking = true
          }
        }
        return why === undefined
      }),
      { seed: run.seed, numRuns: run.trees },
    )
    if (details.failed && details.counterexample !== null) {
      const [c, at] = details.counterexample
      const some = Array.from({ length: run.itemsPerTree }, (_, k) => items[(at + k) % items.length] as Item)
      const why = await checkWriteCondition(client, TableName, some, `absent${absent++}`, c)
      findings.push({
        kind: 'condition',
        text: [`write condition (seed ${run.seed}, shrunk ${details.numShrinks} times): ${why ?? 'no longer fails'}`, `  tree: ${showTree(c)}`, `  AST:  ${showJson(c)}`].join('\n'),
      })
    } else if (details.failed) {
      findings.push({ kind: 'condition', text: `write condition (seed ${run.seed}): ${String(details.errorInstance ?? 'failed')}` })
    }
  } finally {
    await deleteTable(client, TableName)
  }
}
