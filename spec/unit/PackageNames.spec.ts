/**
 * The published build keeps the names of functions (`keepNames`, scripts/build.mjs): esbuild
 * gives every named function a call that defines its `name` where the function is made. A
 * function made at module level pays it once, at import; a named closure made inside an
 * operation pays it on every request, and the `Object.defineProperty` on a fresh function
 * costs more than the closure itself (a send under a time limit went from 0.4 to 2.2 µs
 * with five of them). The bench builds without names, so it cannot see this: here the
 * bundle is built as published, its name helper counted, and the hot operations run against
 * a client that answers in memory. After warming up, a request must define no name.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { marshall } from '@aws-sdk/util-dynamodb'
import type * as Lib from '../../lib/index.js'
import { bundle } from '../../scripts/build.mjs'
import { before } from '../harness/setup.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-names-'))
const outfile = path.join(dir, 'dist', 'index.js')
const counted = path.join(dir, 'dist', 'counted.js')

/** The names defined since the last reset, in order. */
const names: Array<string> = []
;(globalThis as { __dynamongoNames?: Array<string> }).__dynamongoNames = names
let Pkg: typeof Lib

const spec = suite('package: a request defines no function name in the published build')

before(spec, async () => {
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'))
  await bundle({ outfile })
  const code = readFileSync(outfile, 'utf8')
  // esbuild's helper, minified (arrows written as functions): x=function(fn,name){return defineProperty(fn,"name",{value:name,configurable:!0})}
  const helper = /([\w$]+)=function\(([\w$]+),([\w$]+)\)\{return ([\w$]+)\(\2,"name",\{value:\3,configurable:!0\}\)\}/
  assert.ok(helper.test(code), "the bundle holds esbuild's name helper (keepNames)")
  writeFileSync(counted, code.replace(helper, '$1=function($2,$3){return globalThis.__dynamongoNames.push($3),$4($2,"name",{value:$3,configurable:!0})}'))
  Pkg = (await import(pathToFileURL(counted).href)) as typeof Lib
})

spec.after(() => rmSync(dir, { recursive: true, force: true }))

/** A client answering every command in memory, as DynamoDB would for these items. */
const stubClient = (items: ReadonlyArray<Record<string, unknown>>) => {
  const avs = items.map((x) => marshall(x, { convertClassInstanceToMap: true }))
  let queries = 0
  return {
    send: (command: { readonly constructor: { readonly name: string }; readonly input: Record<string, unknown> }): Promise<unknown> => {
      switch (command.constructor.name) {
        case 'GetItemCommand':
          return Promise.resolve({ Item: avs[0] })
        case 'PutItemCommand':
          return Promise.resolve({})
        case 'UpdateItemCommand':
        case 'DeleteItemCommand':
          return Promise.resolve({ Attributes: avs[0] })
        case 'QueryCommand':
        case 'ScanCommand': {
          // every other response says there is more, so a stream reads on from a cursor
          const more = queries++ % 2 === 0
          const select = command.input['Select']
          if (select === 'COUNT') return Promise.resolve({ Count: avs.length, ScannedCount: avs.length })
          if (command.constructor.name === 'QueryCommand') {
            // in the Query's order, its LastEvaluatedKey the last item's key (as DynamoDB gives them)
            const found = pastSent(command.input)
            const end = found[found.length - 1] as Record<string, unknown> | undefined
            return Promise.resolve({ Items: found, Count: found.length, ScannedCount: found.length, ...(more && end !== undefined ? { LastEvaluatedKey: keyOf(command.input, end) } : {}) })
          }
          return Promise.resolve({ Items: avs, Count: avs.length, ScannedCount: avs.length, ...(more ? { LastEvaluatedKey: nextKey(command.input) } : {}) })
        }
        case 'BatchGetItemCommand':
          return Promise.resolve({ Responses: { [String(Object.keys(command.input['RequestItems'] as object)[0])]: avs } })
        default:
          return Promise.reject(new Error(`no answer for ${command.constructor.name}`))
      }
    },
  }
  function keyAt(input: Record<string, unknown>, i: number): Record<string, unknown> {
    return keyOf(input, avs[i] as Record<string, unknown>)
  }
  function keyOf(input: Record<string, unknown>, item: Record<string, unknown>): Record<string, unknown> {
    const keyNames = input['IndexName'] === undefined ? ['pk', 'sk', 'email'] : ['pk', 'sk', 'gsi1pk', 'gsi1sk']
    return Object.fromEntries(keyNames.filter((k) => k in item).map((k) => [k, item[k]]))
  }
  /** A Query's items past its `ExclusiveStartKey` in its order (by `sk`, the items given in ascending order), as DynamoDB gives them; all of them from the start. */
  function pastSent(input: Record<string, unknown>): ReadonlyArray<unknown> {
    const sent = (input['ExclusiveStartKey'] as Record<string, { readonly S?: string }> | undefined)?.['sk']?.S
    const descending = input['ScanIndexForward'] === false
    const ordered = descending ? [...avs].reverse() : avs
    if (sent === undefined) return ordered
    return ordered.filter((i) => {
      const sk = (i['sk'] as { readonly S?: string } | undefined)?.S
      return sk === undefined || sk === sent ? false : descending ? sk < sent : sk > sent
    })
  }
  /** The last item's key, or, for a request that started after it, the one before (DynamoDB never gives back the key it was sent). */
  function nextKey(input: Record<string, unknown>): unknown {
    const last = keyAt(input, avs.length - 1)
    const sent = input['ExclusiveStartKey'] as Record<string, unknown> | undefined
    const same = sent !== undefined && Object.keys(last).every((k) => JSON.stringify(last[k]) === JSON.stringify(sent[k]))
    return same ? keyAt(input, avs.length - 2) : last
  }
}

/** Names defined by `run` after it ran `warm` times: none is the spec. */
const namesOf = async (run: () => Promise<unknown>, warm = 3, rounds = 5): Promise<ReadonlyArray<string>> => {
  for (let i = 0; i < warm; i++) await run()
  names.length = 0
  for (let i = 0; i < rounds; i++) await run()
  return [...new Set(names)]
}

const ok = <A>(e: { readonly _tag: 'Left'; readonly left: unknown } | { readonly _tag: 'Right'; readonly right: A }): A => {
  if (e._tag === 'Left') throw new Error(JSON.stringify(e.left))
  return e.right
}

spec('plain model: getOne, saveOne, a versioned saveOne, updateOne, deleteOne, getMany, page, pages, count', async () => {
  const { Model, Dynamo, Env, Condition: C, Update: U, Field } = Pkg
  const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
  const Doc = Model.make({ table: 'docs', hashKey: 'email', version: 'v', codec: t.type({ email: t.string, name: t.string, age: t.number, v: Field.int() }) })
  const item = { email: 'a@b.c', name: 'A', age: 30 }
  const env = Env.make({ client: stubClient([item, { ...item, email: 'b@b.c' }]) as never })
  const envV = Env.make({ client: stubClient([{ ...item, v: 1 }]) as never })
  const u = User.attrs
  const ops: Record<string, () => Promise<unknown>> = {
    getOne: async () => ok(await Dynamo.getOne(User, 'a@b.c')(env)()),
    saveOne: async () => ok(await Dynamo.saveOne(User, item)(env)()),
    'saveOne versioned': async () => ok(await Dynamo.saveOne(Doc, { ...item, v: 1 })(envV)()),
    updateOne: async () => ok(await Dynamo.updateOne(User, C.and(C.eq(u.email, 'a@b.c'), C.gt(u.age, 3)), [U.set(u.name, 'B')])(env)()),
    deleteOne: async () => ok(await Dynamo.deleteOne(User, 'a@b.c')(env)()),
    'getMany keys': async () => ok(await Dynamo.getMany(User, ['a@b.c', 'b@b.c'])(env)()),
    'getMany scan': async () => ok(await Dynamo.getMany(User, C.gt(u.age, 3))(env)()),
    page: async () => ok(await Dynamo.page(User, C.gt(u.age, 3), { pageSize: 2 })(env)()),
    pages: async () => {
      for await (const p of Dynamo.pages(User, C.gt(u.age, 3), { pageSize: 2 })(env)) ok(p)
    },
    count: async () => ok(await Dynamo.count(User, C.gt(u.age, 3))(env)()),
  }
  const found: Record<string, ReadonlyArray<string>> = {}
  for (const [op, run] of Object.entries(ops)) found[op] = await namesOf(run)
  assert.equal(found, Object.fromEntries(Object.keys(ops).map((op) => [op, []])))
})

spec('a time limit whose window has passed before each request (20 ms: a window of 1 ms): each request\'s new deadline defines no name', async () => {
  const { Model, Dynamo, Env } = Pkg
  const User = Model.make({ table: 'users', hashKey: 'email', codec: t.type({ email: t.string, name: t.string, age: t.number }) })
  const env = Env.make({ client: stubClient([{ email: 'a@b.c', name: 'A', age: 30 }]) as never, timeoutMs: 20 })
  const getOne = async () => {
    await new Promise((r) => setTimeout(r, 3))
    return ok(await Dynamo.getOne(User, 'a@b.c')(env)())
  }
  assert.equal(await namesOf(getOne), [])
})

spec('entity with composed keys: a page of a customer\'s orders newest first, its next page from the cursor', async () => {
  const { Model, Dynamo, Env, Condition: C, Field } = Pkg
  const Order = Model.make({
    table: 'shop',
    entity: 'order',
    codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: t.number }),
    hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  })
  const stored = (i: number) => ({
    pk: 'CUSTOMER#c1',
    sk: `ORDER#2024-03-0${i}T10:00:00.000Z#o${i}`,
    _et: 'order',
    customerId: 'c1',
    orderId: `o${i}`,
    createdAt: `2024-03-0${i}T10:00:00.000Z`,
    status: 'open',
    total: 10 * i,
  })
  const env = Env.make({ client: stubClient([stored(1), stored(2), stored(3)]) as never })
  const o = Order.attrs
  const query = C.and(C.eq(o.customerId, 'c1'), C.between(o.createdAt, new Date('2024-03-01T00:00:00.000Z'), new Date('2024-03-31T00:00:00.000Z')), C.gte(o.total, 10))
  const first = ok(await Dynamo.page(Order, query, { pageSize: 3, descending: true })(env)())
  const cursor = first.cursor._tag === 'Some' ? first.cursor.value : undefined
  assert.type(cursor, 'string')
  const found = {
    first: await namesOf(async () => ok(await Dynamo.page(Order, query, { pageSize: 3, descending: true })(env)())),
    next: await namesOf(async () => ok(await Dynamo.page(Order, query, { pageSize: 3, descending: true, cursor: cursor as string })(env)())),
  }
  assert.equal(found, { first: [], next: [] })
})

spec.run()
