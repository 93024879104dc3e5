/**
 * The one rule of what the library takes as a model (made by `Model.make`), for the
 * operations given a model or models through `any` (null, `{}`, a forged `{ _tag: 'Model' }`):
 * an object tagged `Model` that `Model.make` makes again from its own declaration (its table,
 * keys and their templates, codec, entity, defaults, billing, indexes, version, timestamps,
 * time to live), with the parts `make` derives (the key types, the key fields, the templates
 * — one per composed key, each one `Model.key` makes —, the fields, the billing, the indexes
 * as stored) those it holds. So `make`'s rules are the rules of a model, in one place, and
 * what `make` refuses (a multi-attribute key of five fields, a key type that is not its
 * field's) is no model. It reads what is there, never a codec's values: a model spread and
 * changed (`{ ...m, table }`) is one when `make` takes it. `Table.diff` plans what is not
 * as an `Unfixable` step, and the operations answer it with a `ValidationError`, before any
 * request. Nothing it is given makes it throw.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { GlobalIndex, LocalIndex, Model } from './Model.js'
import * as Made from './Model.js'
import * as Key from './Key.js'
import * as Ex from '../ast/expr.js'
import * as DE from '../DynamoError.js'
import { kindOf, thrown } from '../internal/show.js'
import { catching } from '../internal/threw.js'
import { hasOwn, isRecord } from '../internal/own.js'

const isName = (u: unknown): u is string => typeof u === 'string' && u !== ''

const optionalName = (u: unknown): boolean => u === undefined || isName(u)

const isTemplate = (u: unknown): u is Key.Template => isRecord(u) && isName(u.attribute) && Array.isArray(u.parts) && u.parts.every(isRecord)

/** A key as `make` takes it: a composed key where the model holds a template for its attribute, else the field (a multi-attribute key's list as it is). */
const declared = (templates: Readonly<Record<string, unknown>>, k: unknown): unknown => {
  if (typeof k !== 'string' || !hasOwn(templates, k)) return k
  const template = templates[k] as Key.Template
  return { _tag: 'ComposedKey', attribute: k, template, fields: Key.fields(template) }
}

/** The declaration of an index as `make` takes it. */
const declaredIndex = (templates: Readonly<Record<string, unknown>>, ix: Readonly<Record<string, unknown>>): unknown =>
  ix._tag === 'GlobalIndex'
    ? { ...ix, hashKey: declared(templates, ix.hashKey), rangeKey: declared(templates, ix.rangeKey) }
    : { ...ix, rangeKey: declared(templates, ix.rangeKey) }

const sameList = (a: unknown, b: unknown): boolean =>
  a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]))

/** Two records with the same own keys, each value alike by `same`. */
const sameRecord = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>, same: (x: unknown, y: unknown) => boolean): boolean => {
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && same(a[k], b[k]))
}

const sameIndex = (a: unknown, b: unknown): boolean => {
  const x = a as GlobalIndex | LocalIndex
  const y = b as GlobalIndex | LocalIndex
  if (x._tag !== y._tag || !sameList(x.rangeKey, y.rangeKey) || !sameList(x.projection, y.projection)) return false
  if (x._tag === 'LocalIndex') return true
  const g = y as GlobalIndex
  return sameList(x.hashKey, g.hashKey) && x.readUnits === g.readUnits && x.writeUnits === g.writeUnits
}

/**
 * A template held under `attribute` as `Model.key` makes it: for that attribute, and what
 * `Key.parse` makes of it written out (`Key.show`) with its pads (literal runs merged, fields
 * apart, each pad a whole number ≥ 1).
 */
const sameTemplate = (attribute: string, a: Key.Template): boolean => {
  if (a.attribute !== attribute) return false
  const pad: Record<string, number> = Object.create(null)
  for (const p of a.parts) if (p._tag === 'Field' && p.pad !== undefined) pad[p.name] = p.pad
  const parsed = Key.parse(attribute, Key.show(a), { pad })
  return E.isRight(parsed) && Key.sameParts(parsed.right.parts, a.parts)
}

/** Templates with the keys of `make`'s (one per composed key attribute, no other), each one `Model.key` makes for its key. */
const sameTemplates = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, Key.Template>>): boolean => {
  const ka = Object.keys(a)
  return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && sameTemplate(k, a[k] as Key.Template))
}

/** What in `keyTypes` is not what `make` derives (`made`): an attribute no key names, a key attribute it lacks, or a type that is not its field's. */
const keyTypesWhy = (keyTypes: Readonly<Record<string, unknown>>, made: Readonly<Record<string, unknown>>): string | undefined => {
  const own = Object.keys(keyTypes)
  const extra = own.filter((k) => !hasOwn(made, k))
  const lacks = Object.keys(made).filter((k) => !hasOwn(keyTypes, k))
  const other = own.filter((k) => hasOwn(made, k) && keyTypes[k] !== made[k])
  if (extra.length === 0 && lacks.length === 0 && other.length === 0) return undefined
  const detail =
    extra.length > 0 ? `it types ${extra.join(', ')}, which no key of its table or indexes is`
    : lacks.length > 0 ? `it lacks ${lacks.join(', ')}, a key of its table or indexes`
    : other.map((k) => `${k} is ${String(keyTypes[k])}, not ${String(made[k])}`).join(', ')
  return `keyTypes is not a model's: the key types derive from its keys and indexes (${detail}); a model with other keys or indexes is made with Model.make`
}

const sameThroughput = (a: unknown, b: unknown): boolean => {
  const x = a as Readonly<Record<string, unknown>>
  const y = b as Readonly<Record<string, unknown>>
  return x._tag === y._tag && x.readUnits === y.readUnits && x.writeUnits === y.writeUnits
}

/** Whether `attrs` holds each field's handle: the top-level path of its name, with the field's codec (as `make`'s handles are). */
const handlesOf = (attrs: unknown, fields: Readonly<Record<string, unknown>>): boolean => {
  if (typeof attrs !== 'object' || attrs === null) return false
  for (const f of Object.keys(fields)) {
    const h = (attrs as Readonly<Record<string, unknown>>)[f]
    if (!Ex.isExpr(h)) return false
    const { node, codec } = Ex.info(h)
    if (node._tag !== 'Path' || node.elements.length !== 1 || node.elements[0] !== f || codec !== fields[f]) return false
  }
  return true
}

/** Why `u`, an object tagged Model, is none (`modelWhy`): a part of the wrong kind, what `make` refuses, or a derived part not `make`'s. */
const madeWhy = (u: Readonly<Record<string, unknown>>): string | undefined => {
  const { table, hashKey, rangeKey, keyTypes, keyFields, fields, templates, indexes, throughput, entity, entityAttribute, ttl, codec, defaults, version, timestamps } = u
  // the parts the declaration is read from, of their kinds (which one is not: the message names it)
  const broken =
    !isName(table) ? 'table'
    : !isName(hashKey) ? 'hashKey'
    : !optionalName(rangeKey) ? 'rangeKey'
    : !isRecord(keyTypes) ? 'keyTypes'
    : !isRecord(fields) || !Object.values(fields).every(isRecord) ? 'fields'
    : !isRecord(templates) || !Object.values(templates).every(isTemplate) ? 'templates'
    : !isRecord(indexes) || !Object.values(indexes).every(isRecord) ? 'indexes'
    : !isRecord(throughput) || (throughput._tag !== 'OnDemand' && throughput._tag !== 'Provisioned') ? 'throughput'
    : !optionalName(entity) || !optionalName(entityAttribute) || (entity === undefined) !== (entityAttribute === undefined) ? 'entity'
    : !optionalName(ttl) ? 'ttl'
    : !isRecord(codec) ? 'codec'
    : !isRecord(defaults) ? 'defaults'
    : undefined
  if (broken !== undefined) return `an object tagged Model whose ${broken} is not a model's`
  const tpl = templates as Readonly<Record<string, unknown>>
  const billing = throughput as Readonly<Record<string, unknown>>
  let made: Model<any, any, any, any>
  try {
    made = Made.make({
      table,
      hashKey: declared(tpl, hashKey),
      ...(rangeKey === undefined ? {} : { rangeKey: declared(tpl, rangeKey) }),
      codec,
      ...(entity === undefined ? {} : { entity, entityAttribute }),
      defaults,
      ...(billing._tag === 'OnDemand' ? { billing: 'onDemand' } : { billing: 'provisioned', readUnits: billing.readUnits, writeUnits: billing.writeUnits }),
      indexes: Object.fromEntries(Object.entries(indexes as Readonly<Record<string, unknown>>).map(([name, ix]) => [name, declaredIndex(tpl, ix as Readonly<Record<string, unknown>>)])),
      ...(version === undefined ? {} : { version }),
      ...(timestamps === undefined ? {} : { timestamps }),
      ...(ttl === undefined ? {} : { ttl }),
    } as never) as Model<any, any, any, any>
  } catch (e) {
    return `an object tagged Model that Model.make refuses (${e instanceof DE.SchemaException ? e.message : thrown(e)})`
  }
  // what make derives from the declaration, as the object holds it
  const typesWhy = keyTypesWhy(keyTypes as Readonly<Record<string, unknown>>, made.keyTypes)
  if (typesWhy !== undefined) return `an object tagged Model whose ${typesWhy}`
  const differs =
    !isRecord(keyFields) || !sameList(keyFields.hash, made.keyFields.hash) || !sameList(keyFields.range, made.keyFields.range) ? 'keyFields'
    : !sameRecord(fields as Readonly<Record<string, unknown>>, made.fields, (a, b) => a === b) ? 'fields'
    : !sameTemplates(tpl, made.templates) ? 'templates'
    : !sameRecord(indexes as Readonly<Record<string, unknown>>, made.indexes, sameIndex) ? 'indexes'
    : !sameThroughput(throughput, made.throughput) ? 'throughput'
    : entityAttribute !== made.entityAttribute ? 'entity'
    : !handlesOf(u.attrs, made.fields) ? 'attrs'
    : undefined
  return differs === undefined ? undefined : `an object tagged Model whose ${differs} is not a model's`
}

/** The objects found to be models that cannot change (frozen as `make` freezes them): each is read once, then answered by one lookup. */
const models = new WeakSet<object>()

/**
 * The last model found asked about (at first an object of its own, which no caller holds):
 * a run of calls on one model, the usual case, is answered by one comparison.
 */
let last: object = {}

/** The names the rule reads of an object (`modelWhy`): its answer is a function of their values (their parts frozen). */
const read = ['_tag', 'table', 'hashKey', 'rangeKey', 'keyTypes', 'keyFields', 'fields', 'templates', 'indexes', 'throughput', 'entity', 'entityAttribute', 'ttl', 'codec', 'defaults', 'version', 'timestamps', 'attrs'] as const

/**
 * The models found that can change (a spread copy, `{ ...m, table }`, whose parts are
 * frozen): each with the values of `read` when it was found one. While each is the same
 * reference, the answer is the same (the parts cannot change); one changed is read again.
 */
const copies = new WeakMap<object, ReadonlyArray<unknown>>()

const valuesOf = (u: Readonly<Record<string, unknown>>): ReadonlyArray<unknown> => read.map((k) => u[k])

/** Whether the values of `read` in `u` are those in `seen`. */
const unchanged = (u: Readonly<Record<string, unknown>>, seen: ReadonlyArray<unknown>): boolean => {
  for (let i = 0; i < read.length; i++) if (u[read[i] as string] !== seen[i]) return false
  return true
}

const frozen = (u: unknown): boolean => Object.isFrozen(u)

/** An index as `make` holds it: frozen, its key and projection lists too. */
const frozenIndex = (ix: unknown): boolean => {
  if (!frozen(ix)) return false
  const x = ix as Readonly<Record<string, unknown>>
  return frozen(x.hashKey) && frozen(x.rangeKey) && frozen(x.projection)
}

/** A template as `make` holds it: frozen, its list of parts and each part too. */
const frozenTemplate = (tpl: unknown): boolean => frozen(tpl) && frozen((tpl as Key.Template).parts) && (tpl as Key.Template).parts.every(frozen)

/**
 * Whether the parts of the model `u` cannot change where the rules read them (`make`'s
 * cannot: it freezes each, and the parts within): then what is found of `u` holds while `u`
 * holds them. `Object.isFrozen` of a value that is no object is true (a name, `undefined`).
 */
const fixedParts = (u: Readonly<Record<string, unknown>>): boolean => {
  const keyFields = u.keyFields as Readonly<Record<string, unknown>>
  return (
    frozen(u.keyTypes) && frozen(u.fields) && frozen(u.throughput) && frozen(u.attrs) && frozen(u.defaults) && frozen(u.timestamps) &&
    frozen(keyFields) && frozen(keyFields.hash) && frozen(keyFields.range) &&
    frozen(u.indexes) && Object.values(u.indexes as object).every(frozenIndex) &&
    frozen(u.templates) && Object.values(u.templates as object).every(frozenTemplate)
  )
}

/** Whether the `names` of `o` are values, none a getter (own or inherited), which could give another value at the next read. */
const dataOnly = (o: unknown, names: ReadonlyArray<string>): boolean => {
  if (typeof o !== 'object' || o === null) return true
  for (const k of names) {
    const d = Object.getOwnPropertyDescriptor(o, k)
    if (d === undefined ? k in o : !('value' in d)) return false
  }
  return true
}

/** Whether what the rule reads of `u`, and of the parts it reads within, are values (`dataOnly`): what was found of them holds. */
const valuesOnly = (u: Readonly<Record<string, unknown>>): boolean =>
  dataOnly(u, read) &&
  ownValues(u.keyTypes) &&
  ownValues(u.fields) &&
  ownValues(u.throughput) &&
  ownValues(u.timestamps) &&
  ownValues(u.defaults) &&
  ownValues(u.keyFields) &&
  ownValues(u.indexes) &&
  Object.values(u.indexes as object).every(ownValues) &&
  ownValues(u.templates) &&
  Object.values(u.templates as object).every((tpl) => ownValues(tpl) && ((tpl as Key.Template).parts ?? []).every(ownValues))

/** `dataOnly` of every own name of `o`. */
const ownValues = (o: unknown): boolean => typeof o !== 'object' || o === null || dataOnly(o, Object.keys(o))

/** Remember the model `u`: a frozen one in `models`, a copy whose parts are frozen in `copies` (with what it holds); another is read at each call, as is one with a getter where the rule reads. */
const remember = (u: Readonly<Record<string, unknown>>): void => {
  if (!fixedParts(u) || !valuesOnly(u)) return
  if (frozen(u)) models.add(u)
  else copies.set(u, valuesOf(u))
}

/** Why `u` is no model, in a few words; `undefined` when it is one. */
export const modelWhy = (u: unknown): string | undefined => {
  if (u === last || (typeof u === 'object' && u !== null && models.has(u))) return undefined
  try {
    if (!isRecord(u) || u._tag !== 'Model') return kindOf(u, 'an object that is no model')
    const seen = copies.get(u)
    if (seen !== undefined && unchanged(u, seen)) return undefined
    const why = madeWhy(u)
    if (why === undefined) remember(u)
    else copies.delete(u)
    return why
  } catch (e) {
    return `an object tagged Model whose parts cannot be read (${thrown(e)})`
  }
}

/** Whether `u` is a model (`modelWhy` finds nothing wrong). */
export const isModel = (u: unknown): u is Model<any, any, any, any> => modelWhy(u) === undefined

/**
 * The error of an operation given `u` for a model when it is none (`modelWhy`): a
 * `ValidationError` at `path` (`model`; a transaction entry's, `entries[i].model`), before any
 * request; `undefined` when it is one. The item operations, the transaction entries and the
 * pure readers of a model (`Strategy`'s parsers, `Plan.make`, `Evaluate`, `Command`'s
 * compilers) ask it first, so a null or forged model is an error value, never a throw. A model
 * that cannot change (`make`'s, frozen) is remembered (`models`; the last one asked, `last`),
 * so a hot path pays a comparison; one that can (a spread copy) with its parts frozen is
 * remembered with what it holds (`copies`), and read again when any of it changed.
 */
export const modelError = (u: unknown, path = 'model'): DE.DynamoError | undefined => {
  if (u === last) return undefined
  if (typeof u === 'object' && u !== null && models.has(u)) {
    last = u
    return undefined
  }
  const issue = modelIssue(u, path)
  if (issue === undefined) {
    if (models.has(u as object)) last = u as object
    return undefined
  }
  return DE.validationError([issue])
}

/** The issue at `path` of an operation given `u` for a model when it is none (`modelWhy`), or `undefined`. */
export const modelIssue = (u: unknown, path: string): DE.Issue | undefined => {
  const why = modelWhy(u)
  return why === undefined ? undefined : { path, message: `expected a model (made by Model.make), got ${why}` }
}

/**
 * `f()` of a pure reader given `m` for a model: `modelError`'s `ValidationError` when `m` is
 * none, before `f` reads it; what `f` throws while it reads the application's input (a getter, a
 * Proxy, a codec), the `ValidationError` quoting it (`catching`).
 */
export const withModel = <A>(m: unknown, f: () => E.Either<DE.DynamoError, A>): E.Either<DE.DynamoError, A> => {
  const notModel = modelError(m)
  return notModel === undefined ? catching(f) : E.left(notModel)
}
