/**
 * Shared test models and fixtures of the Dynamo integration specs: dynamongo's `User`
 * (hash key only, DESIGN §2) and `Contacts` (hash + range, with a local and a global
 * index), and raw helpers that read a table through the SDK client directly (Scan,
 * GetItem, DescribeTable), so that specs assert what is really stored.
 */
import * as t from 'io-ts'
import * as assert from 'uvu/assert'
import {
  DescribeTableCommand,
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import type * as Dynamo from '../../lib/run/Dynamo.js'
import * as DE from '../../lib/DynamoError.js'
import * as Env from '../../lib/run/Env.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import { local, uniqueTable } from './local.js'

export type AttributeMap = Record<string, AttributeValue>

// -------------------------------------------------------------------------------------
// models
// -------------------------------------------------------------------------------------

export const userCodec = t.intersection([
  t.type({ email: Field.email, name: Field.string({ minLength: 1 }) }),
  t.partial({
    year_of_birth: Field.int({ min: 1900, max: 2018 }),
    cities_visited: Field.list(t.string),
    created_at: Field.dateTime,
  }),
])

/** dynamongo's User (DESIGN §2): hash key `email`, provisioned 8/8, defaults. */
export const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec: userCodec,
  defaults: { created_at: () => new Date(), cities_visited: () => [] },
})
export type User = Model.TypeOf<typeof User>

/** The same items on an on-demand table. */
export const UserOnDemand = Model.make({ table: 'users-on-demand', hashKey: 'email', codec: userCodec, billing: 'onDemand' })

/** A user with richer fields, for updates: nested maps, sets, counters. */
export const Profile = Model.make({
  table: 'profiles',
  hashKey: 'id',
  codec: t.intersection([
    t.type({ id: t.string, name: Field.string({ minLength: 1 }) }),
    t.partial({
      visits: Field.int(),
      score: Field.float(),
      tags: Field.stringSet,
      lucky: Field.numberSet,
      cities: Field.list(t.string),
      address: Field.map({ city: t.string }, { zip: t.string, geo: Field.map({}, { lat: Field.float(), lon: Field.float() }) }),
      nickname: t.string,
      note: t.string,
    }),
  ]),
})
export type Profile = Model.TypeOf<typeof Profile>

/** dynamongo's Contacts: hash key `user_id`, range key `email`; an LSI and a GSI. */
export const Contacts = Model.make({
  table: 'user-contacts',
  hashKey: 'user_id',
  rangeKey: 'email',
  codec: t.intersection([
    t.type({ user_id: Field.uuid, email: Field.email }),
    t.partial({ created_at: Field.dateTime, rank: Field.int(), label: t.string }),
  ]),
  defaults: { created_at: () => new Date() },
  indexes: {
    byRank: Model.localIndex({ rangeKey: 'rank' }),
    byEmail: Model.globalIndex({ hashKey: 'email', rangeKey: 'user_id', projection: 'all' }),
  },
  readUnits: 5,
  writeUnits: 6,
})
export type Contact = Model.TypeOf<typeof Contacts>

export const uid1 = '7f3e2a1c-9b4d-4e8f-a6b5-1c2d3e4f5a6b'
export const uid2 = '0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e'

// -------------------------------------------------------------------------------------
// environments and tables
// -------------------------------------------------------------------------------------

export interface Fixture {
  readonly env: Env.Env
  readonly client: DynamoDBClient
  readonly prefix: string
  /** The name DynamoDB knows for a model's table in this fixture. */
  readonly table: (m: { readonly table: string }) => string
}

/**
 * The time limit of a fixture's requests unless its options give one: one a loaded machine's
 * DynamoDB Local keeps (a Scan page or a filtered count of a large table takes it seconds, the
 * more the busier the machine, and under the default 5 s every retry of it may time out too).
 * Every request still has one, so that one never answered still ends.
 */
export const REQUEST_MS = 60_000

/** An Env on the run's DynamoDB Local (`instance`: one of a spec's own, see `local`) with a table prefix of its own (so specs never share tables). */
export const fixture = async (label: string, options: Omit<Env.MakeOptions, 'client' | 'tablePrefix'> = {}, instance?: string): Promise<Fixture> => {
  const db = await local(instance)
  const prefix = `${uniqueTable(label)}-`
  const env = Env.make({ region: 'us-east-2', timeoutMs: REQUEST_MS, ...options, client: db.client, tablePrefix: prefix })
  return { env, client: db.client, prefix, table: (m) => Env.tableName(env, m.table) }
}

/**
 * An Env on `endpoint` (a stand-in in front of the run's DynamoDB Local) with the fixture's
 * tables: Local's credentials and region (Local keys tables by them), no wait between
 * retries, 3 attempts, the fixture's time limit; `options` add to it or replace.
 */
export const envAt = (f: Pick<Fixture, 'prefix'>, endpoint: string, options: Omit<Env.MakeOptions, 'client' | 'tablePrefix' | 'endpoint'> = {}): Env.Env =>
  Env.make({
    endpoint,
    region: 'us-east-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    tablePrefix: f.prefix,
    sleep: async () => undefined,
    maxAttempts: 3,
    timeoutMs: REQUEST_MS,
    ...options,
  })

/** Run an operation; its Either. */
export const run = <A>(env: Env.Env, op: Dynamo.Op<A>): Promise<E.Either<DE.DynamoError, A>> => op(env)()

/** Run an operation that must succeed; its value. */
export const ok = async <A>(env: Env.Env, op: Dynamo.Op<A>): Promise<A> => {
  const r = await op(env)()
  if (E.isLeft(r)) assert.unreachable(`expected a success, got ${DE.show(r.left)}`)
  return (r as E.Right<A>).right
}

/** Run an operation that must fail with `tag`; the error. */
export const err = async <A, T extends DE.DynamoError['_tag']>(env: Env.Env, op: Dynamo.Op<A>, tag: T): Promise<Extract<DE.DynamoError, { _tag: T }>> => {
  const r = await op(env)()
  if (E.isRight(r)) assert.unreachable(`expected ${tag}, got a success: ${JSON.stringify(r.right, replacer)}`)
  const e = (r as E.Left<DE.DynamoError>).left
  assert.is(e._tag, tag, `expected ${tag}, got ${DE.show(e)}`)
  return e as Extract<DE.DynamoError, { _tag: T }>
}

const replacer = (_: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Set ? [...v] : v)

// -------------------------------------------------------------------------------------
// raw reads (the SDK, not dynamongo)
// -------------------------------------------------------------------------------------

import { scanAll } from './local.js'
export { scanAll }

/** Every stored item, unmarshalled, sorted by `keyOf`. */
export const scanPlain = async (client: DynamoDBClient, TableName: string, keyOf: (x: Record<string, unknown>) => string): Promise<Array<Record<string, unknown>>> =>
  (await scanAll(client, TableName)).map((x) => unmarshall(x) as Record<string, unknown>).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))

export const rawGet = async (client: DynamoDBClient, TableName: string, Key: AttributeMap): Promise<AttributeMap | undefined> =>
  (await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item

export const rawGetPlain = async (client: DynamoDBClient, TableName: string, Key: AttributeMap): Promise<Record<string, unknown> | undefined> => {
  const it = await rawGet(client, TableName, Key)
  return it === undefined ? undefined : (unmarshall(it) as Record<string, unknown>)
}

export const describe = async (client: DynamoDBClient, TableName: string): Promise<TableDescription> =>
  (await client.send(new DescribeTableCommand({ TableName }))).Table as TableDescription

export const S = (s: string): AttributeValue => ({ S: s })
export const N = (n: number | string): AttributeValue => ({ N: String(n) })

export const byEmail = (x: Record<string, unknown>): string => String(x['email'])
export const byContactKey = (x: Record<string, unknown>): string => `${String(x['user_id'])}\u0000${String(x['email'])}`

/** Seed users of the quickstart. */
export const people: ReadonlyArray<User> = [
  { email: 'johndoe@gmail.com', name: 'John Doe', year_of_birth: 1990, cities_visited: ['Nairobi', 'New York'] },
  { email: 'email1@gmail.com', name: 'Ann', year_of_birth: 1985, cities_visited: ['Nairobi', 'Lagos'] },
  { email: 'email2@gmail.com', name: 'Ben', year_of_birth: 2001 },
  { email: 'email3@gmail.com', name: 'Cy', year_of_birth: 2005, cities_visited: ['Nairobi'] },
  { email: 'email4@gmail.com', name: 'Di', year_of_birth: 1970 },
  { email: 'email5@gmail.com', name: 'Ed', year_of_birth: 1999 },
  { email: 'email6@gmail.com', name: 'Flo', year_of_birth: 1980, cities_visited: ['Paris'] },
  { email: 'email7@gmail.com', name: 'Gus' },
]
