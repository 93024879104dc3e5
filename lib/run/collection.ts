/**
 * Collections (DESIGN §5.4): the items of several entities that share one partition (a
 * customer and its orders under `CUSTOMER#c1`), read in one Query that follows its pages,
 * each item dispatched by its entity attribute to its model and decoded by it.
 *
 * Before any request: every listed model is a model with an entity, of one table and one key
 * schema, and every model's hash key gives the same stored value from the key values (its
 * template composed from them, or its key field's value), and no two of them can produce the
 * same key (`entityConflicts`, as `createTable` checks the models it is given), else an
 * `ExpressionError`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../ast/Attr.js'
import * as C from '../ast/Condition.js'
import * as DE from '../DynamoError.js'
import type * as M from '../model/Model.js'
import * as SK from '../model/storedKey.js'
import * as K from '../model/Key.js'
import type * as Plan from '../plan/Plan.js'
import { toAttributeValue } from '../codec/value.js'
import { equals } from '../rules/compare.js'
import { showKey, showStored } from '../internal/show.js'
import * as Env from './Env.js'
import { booleanOption, guard, invalid, names as optionNames, wholeOption, type Op } from './op.js'
import { expiredBy } from '../model/lifecycle.js'
import { read as readOptions } from './options.js'
import * as Clock from './clock.js'
import * as Pages from './pages.js'
import { aborted, itemNamed } from './read.js'
import { hasOwn, isRecord } from '../internal/own.js'
import { isModel, modelError, withModel } from '../model/isModel.js'
import * as Computed from '../model/computed.js'
import { decodeEntity } from '../model/decodeEntity.js'
import { catching } from '../internal/threw.js'
import { entityConflicts } from '../table/entities.js'
import { keySchemaWhy } from '../table/keySchema.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type AnyModel = M.Model<any, any, any, any, any, any>

/**
 * The models of a collection, by the name their items come back under.
 *
 * @category model
 */
export type Models = Readonly<Record<string, AnyModel>>

/**
 * What `collection` gives: the items of each listed model, under its name.
 *
 * @category type-level
 */
export type Collection<Ms extends Models> = { readonly [K in keyof Ms]: ReadonlyArray<M.TypeOf<Ms[K]>> }

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

/**
 * The key values of a collection: the fields every listed model's hash key is made of.
 *
 * @category model
 */
export type KeyValues<Ms extends Models> = Intersection<
  { [K in keyof Ms]: Pick<M.TypeOf<Ms[K]>, M.HashFieldName<Ms[K]> & keyof M.TypeOf<Ms[K]>> }[keyof Ms]
>

type IsUnion<U> = [U] extends [Intersection<U>] ? false : true

/**
 * What the models of a collection must be beyond their items' types: at least one, of one
 * table and one table key, the same hash and range key attributes (a misuse that says so where
 * their types tell them apart; a model's table is known where `make` made it).
 */
type OneKeySchema<Ms extends Models> = [keyof Ms] extends [never]
  ? A.Misuse<'a collection lists at least one model'>
  : // each table in a tuple (a table whose name is a union of literals is one table, not several);
    // a table of unknown name (string) is the run's to check
    IsUnion<{ [K in keyof Ms]: string extends Ms[K]['table'] ? never : [Ms[K]['table']] }[keyof Ms]> extends true
    ? A.Misuse<'the models of a collection share one table: their tables differ'>
    : IsUnion<{ [K in keyof Ms]: Ms[K]['hashKey'] }[keyof Ms]> extends true
    ? A.Misuse<'the models of a collection share one table key: their hash key attributes differ'>
    : IsUnion<{ [K in keyof Ms]: Ms[K]['rangeKey'] }[keyof Ms]> extends true
      ? A.Misuse<'the models of a collection share one table key: their range key attributes differ'>
      : unknown

/**
 * The options of `collection`.
 *
 * @category model
 */
export interface CollectionOptions {
  /** `ConsistentRead` on every request. */
  readonly consistentRead?: boolean | undefined
  /** Descending range-key order. */
  readonly descending?: boolean | undefined
  /** The most items one request reads (DynamoDB's `Limit`); the read follows every page. */
  readonly pageSize?: number | undefined
  /** Cancels: no request starts after it, the one in flight is aborted; `Left(AwsError)` named `AbortError`. */
  readonly signal?: AbortSignal | undefined
  /** Items of models with `ttl` whose time has passed come too (else they are absent, DESIGN §5.3). */
  readonly includeExpired?: boolean | undefined
}

// -------------------------------------------------------------------------------------
// preparing
// -------------------------------------------------------------------------------------

/** A listed model, with what a read needs of it for each item, read once (`prepare`). */
interface Member {
  readonly name: string
  readonly model: AnyModel
  readonly entity: string
  readonly entityAttribute: string
  /** Its time-to-live field, if any. */
  readonly ttl: string | undefined
  readonly decode: (item: Pages.AttributeMap) => E.Either<DE.DynamoError, unknown>
}

interface Prepared {
  readonly first: AnyModel
  readonly plan: Plan.Query
  readonly members: ReadonlyArray<Member>
}

const refuse = (message: string): E.Either<DE.DynamoError, never> => E.left(DE.expressionError(message))

/** A key value through its field's codec, validated as a key field's. */
const storedValue = (m: AnyModel, name: string, value: unknown): E.Either<DE.DynamoError, AttributeValue> =>
  value === undefined || value === null
    ? invalid(name, `the hash key of ${m.table} is made of ${name}, and the key values give none`)
    : toAttributeValue({ _tag: 'Value', value, codec: m.fields[name] }, true, name)

/** The stored hash key value a model gives from the key values: its template composed, or its key field's value. */
const hashValue = (m: AnyModel, values: Readonly<Record<string, unknown>>): E.Either<DE.DynamoError, AttributeValue> => {
  const t = hasOwn(m.templates, m.hashKey) ? (m.templates[m.hashKey] as K.Template) : undefined
  if (t === undefined) return storedValue(m, m.hashKey, values[m.hashKey])
  const stored: Record<string, AttributeValue> = {}
  for (const name of K.fields(t)) {
    const av = storedValue(m, name, values[name])
    if (E.isLeft(av)) return av
    stored[name] = av.right
  }
  const text = K.compose(t, (name) => stored[name], false)
  return E.isLeft(text) ? invalid(text.left.field, text.left.message) : E.right({ S: text.right })
}

const prepare = (models: unknown, keyValues: unknown, options: CollectionOptions): E.Either<DE.DynamoError, Prepared> => {
  if (!isRecord(models)) return invalid('models', 'expected a record of models, by name')
  // one model given where the record of them by name belongs: said so, not as a member named `_tag`
  if (isModel(models)) return invalid('models', `expected a record of models, by name ({ ${models.entity ?? 'name'}: Model, … }), got one model`)
  if (!isRecord(keyValues)) return invalid('keyValues', 'expected an object of key values')
  const pageSize = wholeOption('pageSize', options.pageSize, 1)
  if (pageSize !== undefined) return E.left(pageSize)
  for (const flag of ['descending', 'consistentRead', 'includeExpired'] as const) {
    const why = booleanOption(flag, options[flag])
    if (why !== undefined) return E.left(why)
  }
  const names = Object.keys(models)
  if (names.length === 0) return invalid('models', 'a collection lists at least one model')
  const members: Member[] = []
  let first: AnyModel | undefined
  let hash: AttributeValue | undefined
  for (const name of names) {
    const given = (models as Record<string, unknown>)[name]
    const notModel = modelError(given, name)
    if (notModel !== undefined) return E.left(notModel)
    const m = given as AnyModel
    if (m.entity === undefined || m.entityAttribute === undefined) return refuse(`${name}: ${m.table} declares no entity, and a collection tells its items apart by their entity`)
    const h = hashValue(m, keyValues as Record<string, unknown>)
    if (E.isLeft(h)) return h
    if (first === undefined || hash === undefined) {
      first = m
      hash = h.right
    } else {
      const at = `${name} (${m.entity}) and ${names[0]} (${first.entity})`
      if (m.table !== first.table) return refuse(`${at} are stored in different tables, ${m.table} and ${first.table}`)
      const keyWhy = keySchemaWhy(m, first)
      if (keyWhy !== undefined) return refuse(`${at} do not share one key schema (${keyWhy})`)
      if (!equals(h.right, hash)) return refuse(`${at} do not share the partition: their hash keys give ${showKey([m.hashKey], () => showStored(h.right))} and ${showStored(hash)}`)
    }
    const clash = members.find((x) => x.entity === m.entity && x.entityAttribute === m.entityAttribute)
    if (clash !== undefined) return refuse(`${name} and ${clash.name} are the same entity (${m.entity}): an item could not tell which it is`)
    const decode = decoder(m)
    if (E.isLeft(decode)) return decode
    members.push({ name, model: m, entity: m.entity, entityAttribute: m.entityAttribute, ttl: m.ttl, decode: decode.right })
  }
  // entities declared apart meet here, in one table: if their keys can be the same, a write of
  // one may replace an item of the other (the check createTable makes of the models it is given)
  const conflict = entityConflicts(members.map((x) => x.model))[0]
  if (conflict !== undefined) return refuse(`${conflict}: one table cannot hold both`)
  const m = first as AnyModel
  const key = SK.checkKey({ hashKey: m.hashKey, rangeKey: undefined, keyTypes: m.keyTypes }, { [m.hashKey]: hash as AttributeValue })
  if (E.isLeft(key)) return key
  const h = hash as AttributeValue
  // the partition's stored value: a composed key's text, or the key field's value through its codec
  const keyCondition =
    hasOwn(m.templates, m.hashKey) && h.S !== undefined
      ? C.eq(A.path<string>(m.hashKey), h.S)
      : C.eq((m.attrs as Record<string, A.Attr<unknown>>)[m.hashKey] as A.Attr<unknown>, (keyValues as Record<string, unknown>)[m.hashKey])
  return E.right({ first: m, plan: { _tag: 'Query', table: m.table, keyCondition }, members })
}

/**
 * `Model.decode` of a listed model's items, the model read once: checked, and the parts an item's
 * decoding needs read, when the read starts, not for each item. What an item's decoding throws
 * (a codec of the application's) is the `ValidationError` quoting it, as `Model.decode`'s.
 */
const decoder = (m: AnyModel): E.Either<DE.DynamoError, (item: Pages.AttributeMap) => E.Either<DE.DynamoError, unknown>> =>
  withModel(m, () => {
    const ea = m.entityAttribute as string
    const codec = m.codec
    const entity = m.entity
    const computed = Computed.computedNames(m)
    // a Query of the table's partition: the table's keys are checked, not the indexes' (it answers by none of them)
    return E.right((item: Pages.AttributeMap) => catching(() => decodeEntity(codec, ea, entity, computed, item, (x) => Computed.storedKeyWhy(m, x, undefined))))
  })

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/** A decode failure of an item, named by its model's name and its key (`read.itemNamed`). */
const naming = (member: Member, item: Pages.AttributeMap, e: DE.DynamoError): DE.DynamoError => itemNamed(member.name, SK.keyNames(member.model), item, e)

/** The options of `collection`, by name (`readOptions`). */
const collectionOptionNames = optionNames<CollectionOptions>({ consistentRead: true, descending: true, pageSize: true, signal: true, includeExpired: true })

/**
 * Every item of the entities `models` list under one partition: one Query on the hash key
 * they share (its stored value from `keyValues`, which each model's hash key must give alike),
 * following its pages; each item goes to the model whose entity it carries, decoded by it;
 * items of entities not listed, items without an entity, and (unless `includeExpired`) items of
 * a model with `ttl` whose time has passed at the `Env`'s now are skipped (the clock is read
 * only then: a collection of models without `ttl` needs none). An item that does not decode is
 * a `ValidationError` naming it (its model's name and its key).
 *
 * ```ts
 * Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' })
 * // Op<{ customer: ReadonlyArray<Customer>; orders: ReadonlyArray<Order> }>
 * ```
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { Dynamo, Env, Field, Model } from 'dynamongo'
 *
 * // two entities of one table, under one partition key
 * const Customer = Model.make({
 *   table: 'shop',
 *   entity: 'customer',
 *   codec: t.type({ customerId: t.string, name: t.string }),
 *   hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
 *   rangeKey: Model.key('sk', 'PROFILE'),
 * })
 * const ShopOrder = Model.make({
 *   table: 'shop',
 *   entity: 'order',
 *   codec: t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, total: Field.int({ min: 0 }) }),
 *   hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
 *   rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
 * })
 * const env = Env.make({ region: 'us-east-2' })
 *
 * // one Query of pk = 'CUSTOMER#c1', each item decoded by the model of its entity
 * const c1 = await Dynamo.collection({ customer: Customer, orders: ShopOrder }, { customerId: 'c1' })(env)()
 * // Right({ customer: ReadonlyArray<Customer>, orders: ReadonlyArray<ShopOrder> })
 * ```
 *
 * @category reading
 */
export const collection = <Ms extends Models>(models: Ms & OneKeySchema<Ms>, keyValues: KeyValues<Ms>, given: CollectionOptions = {}): Op<Collection<Ms>> =>
  guard(async (env) => {
    // read once: the checks and the requests see one value of each option
    // `undefined` is none (the default `{}`), `null` refused as every operation refuses it
    const o = readOptions(given, collectionOptionNames)
    if (E.isLeft(o)) return o
    const options = o.right
    const p = prepare(models, keyValues, options)
    if (E.isLeft(p)) return p
    const { first, plan, members } = p.right
    const signal = options.signal
    const stream = Pages.make(first, Env.tableName(env, first.table), plan, {
      ...(options.consistentRead === true ? { consistentRead: true } : {}),
      ...(options.descending === true ? { descending: true } : {}),
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      ...(signal === undefined ? {} : { signal }),
    })
    if (E.isLeft(stream)) return stream
    // the clock is read only where an item can be left out as expired (a model with ttl), as getOne and transactGet read it
    const now = Clock.expiryTime(env, members, options.includeExpired)
    const out: Record<string, unknown[]> = {}
    for (const x of members) out[x.name] = []
    let at: Pages.Position | undefined = Pages.start
    while (at !== undefined) {
      if (signal?.aborted === true) return E.left(aborted(signal, env.redact))
      const page = await stream.right.read(at, Infinity)(env)()
      if (E.isLeft(page)) return page
      for (const item of page.right.items) {
        for (const x of members) {
          if (item[x.entityAttribute]?.S !== x.entity) continue
          // the model read once (prepare): its ttl and decoder, not the model at each item
          if (now !== undefined && expiredBy(x.ttl, item, now)) break
          const a = x.decode(item)
          if (E.isLeft(a)) return E.left(naming(x, item, a.left))
          ;(out[x.name] as unknown[]).push(a.right)
          break
        }
      }
      at = page.right.next._tag === 'Some' ? page.right.next.value : undefined
    }
    return E.right(out as unknown as Collection<Ms>)
  })
