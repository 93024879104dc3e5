/**
 * The environment every `Dynamo` operation reads: a DynamoDB client, the table prefix,
 * and the knobs of the runtime (batch concurrency, retries of unprocessed items and
 * throttled requests, progress reporting, and the clock and dice used for backoff, which
 * tests replace to be deterministic).
 *
 * Secrets stay secret: an `Env` keeps credentials only inside a provider closure handed
 * to the SDK, so no `String`, `JSON.stringify`, `util.inspect` or `show` of an `Env`
 * reveals them, and no `DynamoError` carries them.
 *
 * @since 0.1.0
 * @category Running
 * @module
 */
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { checkEndpoint, checkRegion, credentialsWhy, cursorKeyWhy, ownBytes, optionsWhy as kindsWhy, defaultConcurrency, defaultRegion, defaultRetry, defaultTimeoutMs, defaultWaitTimeoutMs, configuredEndpoint, endpointSettings, enforcedLimit, ownClientSettings, scrub, showEndpoint, TIMER_LIMIT_MS } from './config.js'
import { tablePrefixWhy } from '../rules/limits.js'
import { checkAnswerBodies } from './answerBody.js'
import { kindOf, thrown, unshowable } from '../internal/show.js'
import { isWhole } from '../internal/whole.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Bounded retries with capped exponential backoff and full jitter.
 *
 * @category model
 */
export interface RetryOptions {
  /** The most attempts of one request (the first try included); at least 1. */
  readonly maxAttempts: number
  /** The backoff cap of the first retry; retry `n` (from 1) waits `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))`. */
  readonly baseDelayMs: number
  /** The cap of any one wait. */
  readonly maxDelayMs: number
}

/**
 * The backoff of `RetryOptions`, as `Env.make` and `Env.withBatch` take it (the budget is their `maxAttempts`).
 *
 * @category model
 */
export type Backoff = { readonly [K in keyof Omit<RetryOptions, 'maxAttempts'>]?: RetryOptions[K] | undefined }

/**
 * How far a batch operation has got: `done` of `total` requests (items or keys) settled.
 *
 * @category model
 */
export interface Progress {
  readonly done: number
  readonly total: number
}

/**
 * How batch operations run: how many chunks at once, their retries, and a progress callback.
 *
 * @category model
 */
export interface BatchOptions {
  /** How many batch chunks (or individual conditional requests) run at once; at least 1. */
  readonly concurrency: number
  readonly retry: RetryOptions
  /** Called after every settled chunk of a batch operation (succeeded or failed). */
  readonly onProgress?: (progress: Progress) => void
}

/**
 * One request attempt, told to `Env.make({ on })` when it settles: which operation sent it
 * (`getOne`, `saveMany`, `send`, …), the SDK command (`GetItem`, `BatchWriteItem`, …), the
 * table it names, the attempt (from 1), how long it took, the capacity DynamoDB says it
 * consumed (with `consumedCapacity: true`) and, when it failed, the `DynamoError`'s tag.
 *
 * @category model
 */
export interface Event {
  readonly _tag: 'Request'
  readonly operation: string
  readonly command: string
  /** The table the request names (the first one, for a batch or a transaction: `tables` names them all); `''` when it names none (`ListTables`). */
  readonly table: string
  /** Every table a batch or a transaction names, each once, in the order it names them: present when it names more than one. */
  readonly tables?: ReadonlyArray<string>
  readonly attempt: number
  readonly durationMs: number
  /** DynamoDB's `ConsumedCapacity` of the request (a list for batches and transactions). */
  readonly consumedCapacity?: ConsumedCapacity | ReadonlyArray<ConsumedCapacity>
  readonly error?: DE.DynamoError['_tag']
}

/**
 * What every operation runs with (made by `make` or `fromEnv`): the SDK client, the table
 * prefix, the batch settings, timeouts, and the clock, waits and randomness (injected so that
 * tests need not wait).
 *
 * @category model
 */
export interface Env {
  /** The SDK client. An invalid Env's client that dynamongo built (`make`'s, for options it refused; a fresh one where `withBatch` refuses its options) refuses every send with that `ConfigError`'s message (`refusing`); a client of the caller's stays as it is. */
  readonly client: DynamoDBClient
  readonly tablePrefix: string
  readonly region: string
  readonly endpoint?: string
  readonly batch: BatchOptions
  /** Waits `ms` milliseconds, or less once `signal` aborts (injected so that tests need not wait). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1) (injected so that jitter is deterministic in tests). */
  readonly random: () => number
  /** The clock every write, TTL comparison and pacing reads (injected so that specs can fix it). */
  readonly now: () => Date
  /** Seals cursors (32 bytes): HMAC-SHA-256 tags, AES-GCM payloads; absent: checksummed cursors. */
  readonly cursorKey?: Uint8Array
  /** Replaces any credential this Env knows of by `***` (used on SDK error messages, with `scrub`, which also takes out what a quoted signature carries). */
  readonly redact: (text: string) => string
  /** The most milliseconds one request attempt may take, from its start: the wait for a socket of the client's HTTP agent counts (`Infinity`: no limit). */
  readonly timeoutMs: number
  /** The most milliseconds a wait for a table or index to become ACTIVE (or gone) may take. */
  readonly waitTimeoutMs: number
  /** Told of every request attempt. */
  readonly on?: (event: Event) => void
  /** Why this Env sends no request (`make`'s endpoint, credentials, `tablePrefix` or numbers refused): every attempt is this `ConfigError`, unsent. */
  readonly invalid?: DE.DynamoError
  /** Whether every request asks DynamoDB for its consumed capacity (`ReturnConsumedCapacity: 'TOTAL'`). */
  readonly consumedCapacity: boolean
}

/**
 * AWS credentials, given explicitly (else the SDK's default chain finds them).
 *
 * @category model
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
}

/**
 * The options of `Env.make`: region, endpoint, credentials or a client, table prefix,
 * attempts, timeouts, batch settings, and the clock, waits and randomness for tests. Each one
 * given (not `undefined`) of the wrong type or out of its range (`NaN` included) is refused,
 * named, as `make` says: never read as the default, never brought back into range.
 *
 * @category model
 */
export interface MakeOptions {
  /** Default `us-east-2`. */
  readonly region?: string | undefined
  /** e.g. `http://127.0.0.1:8000` for DynamoDB Local (the SDK's FIPS and dual-stack settings, which name variants of AWS's endpoints, then do not apply); absent: AWS. */
  readonly endpoint?: string | undefined
  /**
   * Absent: the SDK's default credential chain. Ignored when `client` is given. Held to
   * `fromEnv`'s rule (a key id and a secret, no whitespace, control or invisible character,
   * nothing above U+00FF in the key id or token): one it refuses makes every operation a `ConfigError`.
   */
  readonly credentials?: Credentials | undefined
  /** Prepended to every model's table name. Default `''`. */
  readonly tablePrefix?: string | undefined
  /**
   * Use this client instead of building one (region, endpoint and credentials then only
   * describe it). It keeps its own settings: its own retries happen inside each of
   * dynamongo's attempts, and `timeoutMs` bounds each of dynamongo's attempts as a whole.
   */
  readonly client?: DynamoDBClient | undefined
  /**
   * The one retry budget: the most attempts of one request (the first included), retried on
   * throttling, 5xx, time limits, clock skew, lost connections and a single write refused
   * because a transaction holds its item (`TransactionConflictException`: nothing written)
   * with backoff (`retry`): a whole number from 1. Default 10. The client `make` builds never
   * retries on its own.
   */
  readonly maxAttempts?: number | undefined
  /**
   * The most milliseconds one request attempt may take, counted from the attempt's start: the
   * time it waits for a socket of the client's HTTP agent counts too (the SDK's Node handler,
   * the one of the client `make` builds, opens at most 50 to a host), so with more requests at
   * once than sockets on a slow endpoint, the last ones can run out of time unsent (their
   * outcome then `'unknown'`: keep what one Env has in flight under the agent's sockets, or
   * give a client of your own an agent with more). Default 5,000; `Infinity` (or more than 24
   * days, beyond what a timer holds): no limit; 0 or less, or `NaN`, is a `ConfigError` (not
   * the SDK's "no limit"). It bounds one attempt, not a call: with its retries, a call may take
   * `maxAttempts` times as long, and the backoff between them; an operation's `signal` bounds
   * the whole call (`{ signal: AbortSignal.timeout(ms) }`: `AbortError` once it fires).
   */
  readonly timeoutMs?: number | undefined
  /** The most milliseconds a wait for a table or index to become ACTIVE may take, the describes it sends as it waits included (its first, which tells whether to wait at all, is a request as any other); default 10 minutes; `Infinity`: no limit; 0 or less is a `ConfigError`. */
  readonly waitTimeoutMs?: number | undefined
  /** Told of every request attempt (tracing, logging, metrics). */
  readonly on?: ((event: Event) => void) | undefined
  /** Ask DynamoDB for the consumed capacity of every request (told to `on`). */
  readonly consumedCapacity?: boolean | undefined
  /** How many batch chunks (or conditional requests) run at once: a whole number from 1; default 8. */
  readonly concurrency?: number | undefined
  /** The backoff between attempts (the budget is `maxAttempts`): an object of finite delays from 0 ms. */
  readonly retry?: Backoff | undefined
  /** Told after every settled chunk of a batch operation (succeeded or failed): the items or keys settled, of how many. */
  readonly onProgress?: ((progress: Progress) => void) | undefined
  /** Waits `ms` milliseconds; when `signal` aborts, it may end at once (a backoff's wait is ended by then all the same). One that throws, rejects or gives no promise has ended its wait. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined
  /** A number in [0, 1) for the backoff's jitter; one that throws or gives no number is read as 0. */
  readonly random?: (() => number) | undefined
  /** The clock every write, TTL comparison and pacing reads; default the system clock. One that gives no valid Date (an invalid one, or no Date) is refused at use: each operation that reads it is a `ConfigError` naming `now`, before any request. */
  readonly now?: (() => Date) | undefined
  /** 32 bytes: cursors get an HMAC-SHA-256 tag and an encrypted payload (`Dynamo.page`). The Env keeps a copy: the caller may wipe its own. */
  readonly cursorKey?: Uint8Array | undefined
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Waits `ms`, or until `signal` aborts (its timer then cleared: none is left keeping the
 * process alive); a wait beyond what one Node timer holds (it would fire at once) is made of several.
 */
const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve()
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = (): void => {
      clearTimeout(timer)
      resolve()
    }
    signal?.addEventListener('abort', stop, { once: true })
    const step = (left: number): void => {
      timer = left > TIMER_LIMIT_MS ? setTimeout(() => step(left - TIMER_LIMIT_MS), TIMER_LIMIT_MS) : setTimeout(() => (signal?.removeEventListener('abort', stop), resolve()), left)
    }
    step(ms)
  })
const systemClock = (): Date => new Date()

const inspectCustom = Symbol.for('nodejs.util.inspect.custom')

/** Values that are no string (credentials `make` refuses) are none to hide. */
const redactor = (secrets: ReadonlyArray<unknown>): ((text: string) => string) => {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4)
  if (known.length === 0) return (text) => text
  return (text) => known.reduce((acc, s) => acc.split(s).join('***'), text)
}


/*
 * The numbers of an Env, read from its options: a value `config.optionsWhy` takes as it is,
 * else (absent, or refused: the Env is then invalid) `fallback`, so that an invalid Env's
 * fields still hold numbers in range.
 */

/** A count: a whole number from 1. */
const positiveInt = (n: unknown, fallback: number): number => (isWhole(n, 1) ? n : fallback)

/** A time limit: a positive number of milliseconds, or `Infinity` (none). */
const limit = (ms: unknown, fallback: number): number => (typeof ms === 'number' && ms > 0 ? ms : fallback)

/** The backoff's cap: a number of milliseconds from 0, `Infinity` for none. */
const cap = (ms: unknown, fallback: number): number => (typeof ms === 'number' && ms >= 0 ? ms : fallback)

/** A backoff delay: a finite number of milliseconds from 0. */
const delay = (ms: unknown, fallback: number): number => (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : fallback)

/** A request attempt's time limit (`limit`): one beyond what a timer enforces is `Infinity` (`config.enforcedLimit`). */
const requestLimit = (ms: unknown, fallback: number): number => enforcedLimit(limit(ms, fallback))

/**
 * An `Env`. Credentials are optional (absent: the SDK's default chain); the region
 * defaults to `us-east-2`. No I/O happens here: the client connects on first use. The client
 * `make` builds makes one attempt per request, whatever `AWS_RETRY_MODE`, `AWS_DEFAULTS_MODE` or
 * a profile's `retry_mode`/`defaults_mode` say: dynamongo's own retries (`maxAttempts`, `retry`)
 * are the one retry budget, and `timeoutMs` bounds each attempt, its connection included (the
 * SDK's defaults modes set no connection time limit here). Without an `endpoint`, it sends
 * where the SDK would: `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL` (unless
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`), held to an endpoint's rule and shown as the
 * Env's `endpoint`, else AWS's. An endpoint on loopback (DynamoDB Local) is sent to with
 * AWS's FIPS and dual-stack endpoints off; one elsewhere while `AWS_USE_FIPS_ENDPOINT` or
 * `AWS_USE_DUALSTACK_ENDPOINT` is `true` is refused, naming both: they ask for AWS's own
 * endpoints, and are never turned off quietly. An `endpoint` for the client `make` builds
 * that is no absolute http(s) URL, that carries a user name or password, or that names port
 * 0 (where the SDK would send to the scheme's default port; the rule of `fromEnv`'s
 * `DYNAMODB_ENDPOINT`, whose message never quotes them; the endpoint given with a `client`
 * only describes it, shown without them), `credentials` `fromEnv` would refuse (its rule: the reason names the field, never its value), a `tablePrefix`
 * DynamoDB refuses in every table name, options the SDK's client refuses (a region `''`), or
 * any option of the wrong type or out of its range (a `region` that is no string, a `client`
 * without `send`, a `maxAttempts` or `concurrency` that is no whole number from 1, a time
 * limit of 0 or less, a `retry` that is no object, a delay below 0, `NaN` anywhere, a
 * `cursorKey` of other than 32 bytes, a function that is none, a `consumedCapacity` that is
 * no boolean; each reason names its option), make every operation a `ConfigError`, before
 * any request, and the client `make` builds refuses every send with it (a caller sending
 * through `env.client` itself is stopped too, never sent on with the SDK's default
 * credentials or endpoint); `make` never throws.
 *
 * @example
 * ```ts
 * import { Env } from 'dynamongo'
 *
 * // DynamoDB Local: any credentials do
 * const local = Env.make({ endpoint: 'http://127.0.0.1:8000', region: 'us-east-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } })
 * // AWS, with the SDK's default credential chain and the tables of one stage
 * const prod = Env.make({ region: 'eu-west-1', tablePrefix: 'prod-' })
 * Env.tableName(prod, 'users') // => 'prod-users'
 * local.endpoint               // => 'http://127.0.0.1:8000'
 * ```
 *
 * @category constructors
 */
export const make = (given: MakeOptions = {}): Env => {
  try {
    return build(given)
  } catch (e) {
    // an option whose reading throws (a getter, a Proxy's trap, a client whose send is one): make never throws, its Env refuses every request
    return refusingEnv(build({}), `the options could not be read: ${thrown(e)}`)
  }
}

/** `make`'s Env from its options, which may throw where reading them does. */
/** The options of `make` that `config.optionsWhy`'s rules do not read (each has a rule of its own here). */
const makeOwnOptions: ReadonlyArray<string> = ['endpoint', 'credentials', 'tablePrefix']

const build = (given: MakeOptions): Env => {
  // options that are no object (null, cast through any): refused as any option make refuses, read as none
  const optionsWhy = objectWhy(given)
  const options: MakeOptions = optionsWhy === undefined ? given : {}
  // every option of the wrong kind or out of range, named (the one rule of make and withBatch: config.optionsWhy)
  const kinds = kindsWhy(options as Readonly<Record<string, unknown>>, true, makeOwnOptions)
  // a region that is no string is refused (`kinds`): the client is built for the default one
  const region = typeof options.region === 'string' ? options.region : defaultRegion
  // a client that is none (no send) is refused (`kinds`): make builds its own, which refuses every send
  const theirs = options.client !== undefined && typeof (options.client as { send?: unknown } | null)?.send === 'function' ? options.client : undefined
  const creds = options.credentials
  // the one rule of an endpoint (`checkEndpoint`, as `fromEnv`'s): one it refuses is never handed to the SDK. With a
  // client of the caller's, the endpoint is handed to nothing, only describes that client (shown by `showEndpoint`)
  const endpointWhy =
    options.endpoint === undefined
      ? undefined
      : typeof options.endpoint !== 'string'
        ? `endpoint must be a URL string, got ${kindOf(options.endpoint)}`
        : options.client !== undefined
          ? undefined
          : checkEndpoint(options.endpoint)
  // without one, the endpoint the SDK would take from the environment (AWS_ENDPOINT_URL_DYNAMODB,
  // AWS_ENDPOINT_URL): held to the same rule, shown, and given to the client as one given is
  const configured = options.endpoint === undefined && theirs === undefined ? configuredEndpoint(process.env) : undefined
  const configuredWhy = configured === undefined ? undefined : ((w) => (w === undefined ? undefined : `${configured.name}: ${w}`))(checkEndpoint(configured.url))
  const endpoint = endpointWhy === undefined && configuredWhy === undefined ? (options.endpoint ?? configured?.url) : undefined
  // AWS's FIPS and dual-stack variants off for a loopback endpoint; asked for one elsewhere, refused (`endpointSettings`)
  const settings = endpoint === undefined || options.client !== undefined ? {} : endpointSettings(endpoint, process.env)
  // the one rule of credentials (`credentialsWhy`, as `fromEnv`'s); with a client of the caller's they are handed to nothing
  const credsWhy =
    creds === undefined || options.client !== undefined
      ? []
      : typeof creds === 'object' && creds !== null
        ? credentialsWhy(creds, makeCredentialNames, true)
        : [`credentials must be an object, got ${kindOf(creds)}`]
  let refused: string | undefined
  const client =
    theirs ??
    built(() =>
      new DynamoDBClient({
        region,
        ...ownClientSettings,
        // an endpoint given is the one sent to, with the settings it takes (`endpointSettings`)
        ...(endpoint !== undefined && options.client === undefined && typeof settings !== 'string' ? { endpoint, ...settings } : {}),
        // a provider closure: the SDK's config then holds a function, never the secret itself
        ...(creds !== undefined && credsWhy.length === 0 ? { credentials: credentialsProvider(creds) } : {}),
      }),
    (why) => (refused = why)
    )
  const retry: RetryOptions = {
    maxAttempts: positiveInt(options.maxAttempts, defaultRetry.maxAttempts),
    baseDelayMs: delay(options.retry?.baseDelayMs, defaultRetry.baseDelayMs),
    maxDelayMs: cap(options.retry?.maxDelayMs, defaultRetry.maxDelayMs),
  }
  const prefixWhy = options.tablePrefix === undefined ? undefined : tablePrefixWhy(options.tablePrefix)
  const problems = [optionsWhy, endpointWhy, configuredWhy, typeof settings === 'string' ? settings : undefined, ...credsWhy, prefixWhy === undefined ? undefined : `tablePrefix: ${prefixWhy}`, refused, ...kinds].filter(
    (p): p is string => p !== undefined,
  )
  const why = problems.length === 0 ? undefined : problems.join('; ')
  // the client make built for options it refuses never sends (a client of the caller's stays as it is)
  if (theirs === undefined) {
    ours.add(client)
    if (why !== undefined) refusing(client, why)
    else checkAnswerBodies(client)
  }
  const env: Env = {
    client,
    // a prefix that is no string is refused (`invalid`); the Env holds '' so that a table's name is text all the same
    tablePrefix: typeof options.tablePrefix === 'string' ? options.tablePrefix : '',
    ...(why === undefined ? {} : { invalid: DE.configError(why) }),
    region,
    ...(typeof options.endpoint === 'string' ? { endpoint: options.endpoint } : configured !== undefined ? { endpoint: configured.url } : {}),
    batch: {
      concurrency: positiveInt(options.concurrency, defaultConcurrency),
      retry,
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    },
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now: options.now ?? systemClock,
    // a key taken is copied: the caller may wipe (or rotate in place) the bytes it handed over, and
    // the keys are derived at the first cursor; a refused one (`invalid`) stays as given, never read as bytes
    ...(options.cursorKey !== undefined ? { cursorKey: ownKey(options.cursorKey) } : {}),
    redact: redactor(typeof creds !== 'object' || creds === null ? [] : [creds.secretAccessKey, creds.accessKeyId, creds.sessionToken]),
    timeoutMs: requestLimit(options.timeoutMs, defaultTimeoutMs),
    waitTimeoutMs: limit(options.waitTimeoutMs, defaultWaitTimeoutMs),
    ...(options.on !== undefined ? { on: options.on } : {}),
    consumedCapacity: options.consumedCapacity === true,
  }
  return withSafePrinting(env)
}

/** The key `make` keeps: a copy of its own bytes (`ownBytes`) when that copy passes the rule, else the key as given (refused: `invalid`). */
const ownKey = (k: Uint8Array): Uint8Array => {
  const own = ownBytes(k)
  return own !== undefined && cursorKeyWhy(own) === undefined ? own : k
}

/** Why the options given to `make` or `withBatch` are no object of options (`undefined` is none given). */
const objectWhy = (options: unknown): string | undefined =>
  typeof options === 'object' && options !== null && !Array.isArray(options)
    ? undefined
    : `options must be an object, got ${kindOf(options)}`

/**
 * The client `make` builds; where the SDK refuses its options (a region `''`), `refuse` hears
 * why and the Env gets a client of the default region that it never uses (`invalid`).
 */
const built = (make: () => DynamoDBClient, refuse: (why: string) => void): DynamoDBClient => {
  try {
    return make()
  } catch (e) {
    refuse(`the SDK refuses the client's options: ${e instanceof Error ? e.message : String(e)}`)
    return new DynamoDBClient({ region: defaultRegion, ...ownClientSettings })
  }
}

/** The clients `make` built (a client of the caller's is never among them): the ones an invalid Env's rule (`refused`) applies to. */
const ours = new WeakSet<DynamoDBClient>()

/**
 * The client of an Env made invalid for `why` (`withBatch`'s options refused) from `env`: a
 * client of the caller's stays as it is; one `make` built is replaced by a client that refuses
 * every send with `why`, as `make`'s refusing client does (`env`'s own, shared with `env`, which
 * stays valid, keeps sending).
 */
const refused = (env: Env, why: string): DynamoDBClient => {
  if (!ours.has(env.client)) return env.client
  const client = built(() => new DynamoDBClient({ region: env.region, ...ownClientSettings }), () => undefined)
  ours.add(client)
  refusing(client, why)
  return client
}

/**
 * Make `client` refuse every send, first of all its steps, with an `Error` named `ConfigError`
 * carrying `why` (the reasons `make` refused its options, which never quote a secret): a
 * caller who sends through `env.client` itself is stopped as every operation of dynamongo is
 * (they check `invalid` first), before the SDK resolves credentials (the refused ones were
 * never handed to it: its default chain would be searched) or an endpoint (a refused one
 * falls back to AWS's).
 */
const refusing = (client: DynamoDBClient, why: string): void => {
  client.middlewareStack.add(
    () => () => {
      const e = new Error(why)
      e.name = 'ConfigError'
      return Promise.reject(e)
    },
    { step: 'initialize', priority: 'high', name: 'dynamongoInvalidEnv' },
  )
}

/** How `make`'s and `fromEnv`'s reasons name the credentials (the one rule: `credentialsWhy`). */
const makeCredentialNames = { accessKeyId: 'credentials.accessKeyId', secretAccessKey: 'credentials.secretAccessKey', sessionToken: 'credentials.sessionToken' }
const envCredentialNames = { accessKeyId: 'AWS_ACCESS_KEY_ID', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', sessionToken: 'AWS_SESSION_TOKEN' }

const credentialsProvider = (creds: Credentials) => {
  const value = {
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    ...(creds.sessionToken !== undefined && creds.sessionToken !== '' ? { sessionToken: creds.sessionToken } : {}),
  }
  return () => Promise.resolve(value)
}

/** `String`, `JSON.stringify` and `util.inspect` of an Env print `show(env)`'s fields. */
/** An Env of `make` or `withBatch`: printed safely, and frozen with its batch settings (a value: one changed in place, through a cast, would escape the check its maker made). */
const withSafePrinting = (env: Env): Env => {
  Object.freeze(env.batch.retry)
  Object.freeze(env.batch)
  return Object.freeze(
    Object.defineProperties(env, {
      toString: { value: () => show(env), enumerable: false },
      toJSON: { value: () => describe(env), enumerable: false },
      [inspectCustom]: { value: () => `Env ${show(env)}`, enumerable: false },
    }),
  )
}


/**
 * An `Env` from environment variables (`process.env`): `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY` (both or neither; neither: the SDK's default chain),
 * `AWS_SESSION_TOKEN` (optional), `AWS_REGION_NAME` or `AWS_REGION` (the first when both are
 * set; default `us-east-2`), `AWS_TABLE_PREFIX`, `DYNAMODB_ENDPOINT`. Bad values give a
 * `ConfigError` that names the variable, never its secret value; `options` are `make`'s, held
 * to its rules: one it refuses is the same `Left`, naming the option.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/Either'
 * import { pipe } from 'fp-ts/function'
 * import { Env } from 'dynamongo'
 *
 * const env = Env.fromEnv({ AWS_REGION: 'eu-west-1', AWS_TABLE_PREFIX: 'dev-' }) // or Env.fromEnv(process.env)
 * pipe(env, E.map((e) => Env.tableName(e, 'users'))) // => E.right('dev-users')
 * // a key id without its secret
 * pipe(Env.fromEnv({ AWS_ACCESS_KEY_ID: 'AKIA…' }), E.mapLeft((e) => e._tag)) // => E.left('ConfigError')
 * ```
 *
 * @category constructors
 */
export const fromEnv = (
  vars: Readonly<Record<string, string | undefined>>,
  options: Omit<MakeOptions, 'region' | 'endpoint' | 'credentials' | 'tablePrefix'> = {},
): E.Either<DE.DynamoError, Env> => {
  try {
    return fromVars(vars, options)
  } catch (e) {
    // a variable or an option whose reading throws (a getter, a Proxy's trap): a Left, never a throw
    return E.left(DE.configError(`the variables or options could not be read: ${thrown(e)}`))
  }
}

/** What `fromEnv` reads from its variables, and `make` from its options: refused as options of `fromEnv`, naming the variable. */
const fromVariables: Readonly<Record<string, string>> = {
  region: 'the region is AWS_REGION_NAME or AWS_REGION',
  endpoint: 'the endpoint is DYNAMODB_ENDPOINT',
  credentials: 'the credentials are AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN',
  tablePrefix: 'the table prefix is AWS_TABLE_PREFIX',
}

/** `fromEnv`'s Env from the variables and options, which may throw where reading them does. */
const fromVars = (vars: Parameters<typeof fromEnv>[0], options: NonNullable<Parameters<typeof fromEnv>[1]>): E.Either<DE.DynamoError, Env> => {
  const get = (name: string): string | undefined => {
    const v = vars[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  const problems: Array<string> = []
  const accessKeyId = get('AWS_ACCESS_KEY_ID')
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY')
  const sessionToken = get('AWS_SESSION_TOKEN')
  problems.push(...credentialsWhy({ accessKeyId, secretAccessKey, sessionToken }, envCredentialNames, false))
  const regionName = get('AWS_REGION_NAME')
  const regionVar = regionName !== undefined ? 'AWS_REGION_NAME' : 'AWS_REGION'
  const region = regionName ?? get('AWS_REGION') ?? defaultRegion
  const badRegion = checkRegion(region)
  if (badRegion !== undefined) problems.push(`${regionVar}: ${badRegion}`)
  const endpoint = get('DYNAMODB_ENDPOINT')
  const badEndpoint = endpoint === undefined ? undefined : checkEndpoint(endpoint)
  if (badEndpoint !== undefined) problems.push(`DYNAMODB_ENDPOINT: ${badEndpoint}`)
  const tablePrefix = vars['AWS_TABLE_PREFIX'] ?? ''
  const badPrefix = tablePrefixWhy(tablePrefix)
  if (badPrefix !== undefined) problems.push(`AWS_TABLE_PREFIX: ${badPrefix}`)
  // its options held to make's rules (`config.optionsWhy`), their reasons with the variables' (options that are no object: refused as make refuses them)
  const optionsWhy = options === undefined ? undefined : objectWhy(options)
  if (optionsWhy !== undefined) problems.push(optionsWhy)
  else if (options !== undefined) problems.push(...kindsWhy(options as Readonly<Record<string, unknown>>, true, [], 'fromEnv', fromVariables))
  if (problems.length > 0) return E.left(DE.configError(problems.join('; ')))
  const env = make({
      ...options,
      region,
      tablePrefix,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(accessKeyId !== undefined && secretAccessKey !== undefined
        ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) } }
        : {}),
    })
  // what else make refuses (a region the SDK refuses): the same Left, never an invalid Env in a Right
  return env.invalid === undefined ? E.right(env) : E.left(env.invalid)
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The same Env with other batch options (e.g. a progress callback for one run), retry budget or backoff.
 * Its options are held to `make`'s rules (a count that is no whole number from 1, a `retry`
 * that is no object, a delay below 0, `NaN`, a function that is none); one it refuses makes the Env
 * invalid as `make` does: every operation is that `ConfigError`, before any request, and the
 * client, where `make` built it, is one that refuses every send with it (the Env given keeps
 * its own, still sending; a client of the caller's stays as it is).
 *
 * @example
 * ```ts
 * import { Env } from 'dynamongo'
 *
 * const env = Env.make({ region: 'eu-west-1' })
 * // a bulk load with fewer parallel requests and a progress line, this run only
 * const loading = Env.withBatch({ concurrency: 2, onProgress: (p) => console.log(`${p.done}/${p.total}`) })(env)
 * loading.batch.concurrency // => 2
 * env.batch.concurrency === loading.batch.concurrency // => false
 * ```
 *
 * @category combinators
 */
export const withBatch =
  (given: {
    readonly [K in keyof Omit<BatchOptions, 'retry'>]?: BatchOptions[K] | undefined
  } & { readonly maxAttempts?: number | undefined; readonly retry?: Backoff | undefined }) =>
  (env: Env): Env => {
    try {
      return batched(given, env)
    } catch (e) {
      // an option whose reading throws: never a throw, an Env that refuses every request (as make's)
      const why = `the options of withBatch could not be read: ${thrown(e)}`
      return refusingEnv(env, why)
    }
  }

/**
 * An Env that refuses every request with `why`, from `env` (whose own settings may be what
 * could not be read): its batch settings are fresh (never the caller's objects, which
 * `withSafePrinting` would freeze); an `env` that cannot even be spread gives `make`'s.
 */
const refusingEnv = (env: Env, why: string): Env => {
  const batch: BatchOptions = { concurrency: defaultConcurrency, retry: { ...defaultRetry } }
  try {
    const invalid = env.invalid ?? DE.configError(why)
    return withSafePrinting({ ...env, batch, invalid, client: env.invalid === undefined ? refused(env, why) : env.client })
  } catch {
    const made = build({})
    return withSafePrinting({ ...made, batch, invalid: DE.configError(why), client: refused(made, why) })
  }
}

/** `withBatch`'s Env from its options, which may throw where reading them does. */
const batched = (given: Parameters<typeof withBatch>[0], env: Env): Env => {
  // options that are no object (null, cast through any): refused as make refuses them, read as none
  const optionsWhy = given === undefined ? undefined : objectWhy(given)
  const batch = given === undefined || optionsWhy !== undefined ? {} : given
  // an undefined option is absent (onProgress as the numbers): never spread over the Env's own
  const { maxAttempts, retry, concurrency, onProgress, ...rest } = batch
  // its options checked as make's (the one rule: config.optionsWhy)
  const why = [...(optionsWhy === undefined ? [] : [optionsWhy]), ...kindsWhy(batch as Readonly<Record<string, unknown>>, false)]
  // made invalid here: every operation is the ConfigError, and a client dynamongo built refuses every send with it (as make's)
  const invalid = env.invalid === undefined && why.length > 0 ? why.join('; ') : undefined
  return withSafePrinting({
    ...env,
    ...(invalid === undefined ? {} : { invalid: DE.configError(invalid), client: refused(env, invalid) }),
    batch: {
      ...env.batch,
      ...rest,
      ...(onProgress === undefined ? {} : { onProgress }),
      concurrency: positiveInt(concurrency, env.batch.concurrency),
      retry: {
        maxAttempts: positiveInt(maxAttempts, env.batch.retry.maxAttempts),
        baseDelayMs: delay(retry?.baseDelayMs, env.batch.retry.baseDelayMs),
        maxDelayMs: cap(retry?.maxDelayMs, env.batch.retry.maxDelayMs),
      },
    },
  })
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The table name DynamoDB knows: the prefix, then the model's table name. An Env or a name
 * that cannot be read (through `any`: a getter or a Proxy that throws) gives a name that says
 * why, in parentheses, which DynamoDB's rule of names refuses, and so `Dynamo.send` refuses a
 * command naming it (a `ValidationError` at `TableName`) before any request; never a throw.
 *
 * @example
 * ```ts
 * import { Env } from 'dynamongo'
 *
 * Env.tableName(Env.make({ region: 'eu-west-1', tablePrefix: 'staging-' }), 'users') // => 'staging-users'
 * ```
 *
 * @category destructors
 */
export const tableName = (env: Env, table: string): string => {
  try {
    return `${env.tablePrefix}${table}`
  } catch (e) {
    return unshowable('an Env and a table name', env, e)
  }
}

/** A region or prefix as printed: `scrub`bed as the endpoint is `showEndpoint`ed (a URL pasted in the wrong setting keeps its credential out); a hand-built Env's non-text kept as it is, so `JSON.stringify` never throws. */
const shownSetting = (value: string): string => (typeof value === 'string' ? scrub(value) : value)

const describe = (env: Env) => ({
  region: shownSetting(env.region),
  endpoint: env.endpoint === undefined ? null : showEndpoint(env.endpoint),
  tablePrefix: shownSetting(env.tablePrefix),
  concurrency: env.batch.concurrency,
  retry: env.batch.retry,
  timeoutMs: env.timeoutMs,
})

/**
 * One line for people; never shows credentials.
 *
 * @example
 * ```ts
 * import { Env } from 'dynamongo'
 *
 * // for a log line: the region, endpoint, prefix and batch settings, never a credential
 * const env = Env.make({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIA…', secretAccessKey: '…' } })
 * Env.show(env).includes('AKIA') // => false
 * ```
 *
 * @category destructors
 */
export const show = (env: Env): string => {
  try {
    return (
      `{ region: ${shownSetting(env.region)}, endpoint: ${env.endpoint === undefined ? '(AWS)' : showEndpoint(env.endpoint)}, tablePrefix: ${JSON.stringify(shownSetting(env.tablePrefix))}, ` +
      `concurrency: ${env.batch.concurrency}, retry: ${env.batch.retry.maxAttempts} attempts, ${env.batch.retry.baseDelayMs}..${env.batch.retry.maxDelayMs} ms }`
    )
  } catch (e) {
    return unshowable('an Env', env, e)
  }
}
