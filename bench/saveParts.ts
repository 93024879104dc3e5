/**
 * The versioned `saveOne` (`saveOne versioned x2000`) in its parts: each contender is the raw
 * loop of `floor.ts` (a conditional `PutItem` of the item with version 1, sent with
 * `client.send`) with one part of dynamongo's path in place of the hand-written one, so that
 * a paired run against `floor` says what that part costs between real requests (where caches
 * are cold and a part costs several times what it costs in a warm loop):
 *
 * - `saveParts.js:codec`: the item through `Item.encode` (the codec's `is` and `encode`,
 *   `marshall` with DynamoDB's rules) rather than `toAv`;
 * - `saveParts.js:encode`: through `Model.encode` (defaults, the codec, the key and index
 *   checks, the item as it reads back);
 * - `saveParts.js:built`: `Command.stamp`, `Model.encode` and `Command.putItem`, as `saveOne`
 *   builds its request;
 * - `saveParts.js:sent`: `toAv`'s request sent through run/send (`putThen`: retries, the time
 *   limit of `Env.make`'s defaults, the outcome of a lost answer);
 * - `saveParts.js:sentBare`: the same without the time limit;
 * - `saveParts.js:quiet`: the raw loop's request without the SDK's log record, which dynamongo's
 *   requests skip through a client whose logger logs nothing (`send.ts`): the floor for
 *   dynamongo's own work.
 *
 *   npx tsx bench/abAnswering.ts 'saveOne versioned x2000' 30 floor,saveParts.js:built,saveParts.js:sent,dynamongo
 *   npx tsx bench/ab.ts 'saveOne versioned x2000' 24 floor saveParts.js:built
 */
import * as E from 'fp-ts/lib/Either.js'
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as Item from '../lib/codec/Item.js'
import * as Command from '../lib/compile/Command.js'
import * as Model from '../lib/model/Model.js'
import * as Env from '../lib/run/Env.js'
import * as Send from '../lib/run/send.js'
import { VersionedWide } from './dynamongo.js'
import { clientOf, toAv } from './e2eCommon.js'
import { wideItem, type Contender, type E2eFactory } from './shared.js'

type AttributeMap = ReturnType<typeof toAv>

const ok = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`saveParts: ${JSON.stringify(e.left)}`)
  return e.right
}

/** The request of the raw loop (`floor.ts`), for the stored item `Item`. */
const create = (table: string, Item: AttributeMap) => ({
  TableName: table,
  Item,
  ConditionExpression: 'attribute_not_exists(#n0)',
  ExpressionAttributeNames: { '#n0': 'pk' },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
})

/** The raw item of version 1 (`floor.ts`). */
const rawItem = (i: number): AttributeMap => {
  const Item = toAv(wideItem(i))
  Item['version'] = { N: '1' }
  return Item
}

/** The item of version 1, as the application gives it. */
const versioned = (i: number) => ({ ...wideItem(i), version: 1 })

/** A loop of `n` saves, each `save(i)` with keys of its own (`next`), so that every put creates. */
const factory =
  (from: number, save: (env: Env.Env, client: DynamoDBClient, table: string, i: number) => Promise<unknown>, options: Partial<Env.MakeOptions> = {}): E2eFactory =>
  async (ctx) => {
    const client = clientOf(ctx)
    const env = Env.make({ ...options, client, tablePrefix: ctx.prefix })
    let next = from
    const loop = (n: number) => async (): Promise<number> => {
      for (let i = 0; i < n; i++) await save(env, client, ctx.table, next++)
      return n
    }
    return { warmup: async () => void (await loop(200)()), run: loop(2000), close: () => client.destroy() }
  }

const contender = (id: string, label: string, f: E2eFactory): Contender => ({
  id,
  label,
  version: 'dynamongo (working tree), in part',
  cpu: {},
  e2e: { 'saveOne versioned x2000': f },
})

export const codec = contender(
  'codec',
  'the raw loop, its item through Item.encode',
  factory(10_000_000, (_env, client, table, i) => client.send(new PutItemCommand(create(table, ok(Item.encode(VersionedWide.codec, versioned(i))))))),
)

export const encode = contender(
  'encode',
  'the raw loop, its item through Model.encode',
  factory(20_000_000, (_env, client, table, i) => client.send(new PutItemCommand(create(table, ok(Model.encode(VersionedWide, versioned(i))).stored)))),
)

export const built = contender(
  'built',
  "the raw loop, its request built as saveOne's",
  factory(30_000_000, (env, client, _table, i) => {
    const now = env.now()
    const stamped = ok(Command.stamp(VersionedWide, wideItem(i), now))
    const enc = ok(Model.encode(VersionedWide, stamped))
    return client.send(new PutItemCommand(ok(Command.putItem(VersionedWide, Env.tableName(env, VersionedWide.table), enc.stored, undefined, now))))
  }),
)

const saveOptions: Send.SendOptions = { operation: 'saveOne' }

const sendRaw = (env: Env.Env, _client: DynamoDBClient, table: string, i: number) => {
  const input = create(table, rawItem(i))
  const saved = E.right(input.Item)
  return Send.putThen(env, new PutItemCommand(input), input.Item, () => saved, saveOptions).then(ok)
}

export const sent = contender('sent', "the raw loop's request sent through run/send, Env.make's time limit", factory(40_000_000, sendRaw))

export const sentBare = contender('sentBare', "the raw loop's request sent through run/send, no time limit", factory(50_000_000, sendRaw, { timeoutMs: Infinity }))

/** A middleware that hands the request on: in place of the SDK's logger middleware, as dynamongo's requests skip it through a logger that logs nothing (`send.ts`). */
const handOn = (next: unknown): unknown => next

export const quiet = contender(
  'quiet',
  "the raw loop, the SDK's log record of each request skipped as dynamongo's are",
  factory(60_000_000, (_env, client, table, i) => {
    const command = new PutItemCommand(create(table, rawItem(i)))
    command.middlewareStack.add(handOn as never, { step: 'initialize', name: 'loggerMiddleware', override: true })
    return client.send(command)
  }),
)
