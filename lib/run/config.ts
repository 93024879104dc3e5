/**
 * `Env`'s defaults and the checks of its settings, inside the library: the region's shape,
 * the endpoint (an http(s) URL without credentials), the credentials' characters, and endpoints shown for people without
 * a user name, password, query or fragment (`scrubUrls` does it to every URL in a text).
 *
 * @since 0.1.0
 */
import * as DE from '../DynamoError.js'
import { quoted, tablePrefixWhy } from '../rules/limits.js'
import { scrub, showEndpoint } from '../internal/scrub.js'
import { hasOwn } from '../internal/own.js'
import { wholeWhy } from '../internal/whole.js'
import type { Env, RetryOptions } from './Env.js'
import { kindOf, scalarOrKind } from '../internal/show.js'
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb'

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

export const defaultRegion = 'us-east-2'

export const defaultRetry: RetryOptions = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5_000 }

export const defaultConcurrency = 8

export const defaultTimeoutMs = 5_000

export const defaultWaitTimeoutMs = 600_000

/**
 * The longest request time limit a timer enforces: 24 days. A Node timer holds at most
 * 2^31 - 1 ms (about 24.8 days) and fires at once beyond it, so a longer limit is none.
 */
export const TIMER_LIMIT_MS = 24 * 24 * 60 * 60 * 1000

/**
 * A request attempt's time limit as it is enforced: one beyond `TIMER_LIMIT_MS` is none
 * (`Infinity`), for `Env.make`'s options and an Env spread by hand alike.
 */
export const enforcedLimit = (ms: number): number => (ms > TIMER_LIMIT_MS ? Infinity : ms)

/**
 * The logger of the clients dynamongo builds (`Env.make`'s, `dynamongo/local`'s): it logs
 * nothing, as the SDK's default (`NoOpLogger`) does, but it has no `info` and no `error`. The SDK's logger middleware
 * builds its log record only for a logger that has them (`logger?.info?.(…)`), and the
 * record holds a copy of the whole request and response, walked through the operation's
 * schema to mask sensitive members: work for a record nobody reads, which this logger spares
 * every send (`bench/sdkLogger.ts` measures it). `trace`, `debug` and `warn` stay: the SDK
 * calls them unguarded.
 * A client given to `make` keeps its own logger.
 */
const quietLogger = { trace: () => {}, debug: () => {}, warn: () => {} } as unknown as DynamoDBClientConfig['logger']

/**
 * What every client dynamongo builds is given, whatever the environment (or a profile) tells
 * the SDK (`AWS_RETRY_MODE`, `AWS_DEFAULTS_MODE`, `retry_mode`, `defaults_mode`): `quietLogger`;
 * one attempt per SDK call (dynamongo's backoff is the one retry layer: the SDK's own would
 * multiply the attempts), under the standard strategy (the adaptive one's rate limiter would
 * hold a request back inside dynamongo's attempt, unsent until its time runs out); and the
 * SDK's default defaults mode, `legacy` (a defaults mode sets retries and a connection time
 * limit, which are dynamongo's: `timeoutMs` bounds each attempt; a mode the SDK refuses would
 * reject a promise of the client's that no one takes, and `auto` asks the instance metadata
 * service).
 */
export const ownClientSettings = { logger: quietLogger, maxAttempts: 1, retryMode: 'standard', defaultsMode: 'legacy' } as const

/**
 * What a client dynamongo builds for a loopback endpoint (DynamoDB Local) is given beside it:
 * AWS's FIPS and dual-stack endpoints off, whatever `AWS_USE_FIPS_ENDPOINT` or
 * `AWS_USE_DUALSTACK_ENDPOINT` (or a profile) says. They name variants of AWS's endpoints, none
 * of a server on this machine, and the SDK refuses every request of a client that has both
 * ("FIPS and custom endpoint are not supported").
 */
export const endpointGiven = { useFipsEndpoint: false, useDualstackEndpoint: false } as const

/** Whether `endpoint` (a URL `checkEndpoint` takes) is on this machine: `localhost`, `127.0.0.0/8` or `[::1]`. */
export const isLoopback = (endpoint: string): boolean => {
  const host = new URL(endpoint).hostname
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/**
 * What a client dynamongo builds for `endpoint` is given beside it (`endpointGiven` on
 * loopback), or why it cannot be built: an endpoint elsewhere while `vars` (the SDK reads the
 * process's) ask for AWS's FIPS or dual-stack endpoints. Such a setting is a compliance rule: it is
 * never turned off quietly for an endpoint that may be a server anywhere.
 */
export const endpointSettings = (endpoint: string, vars: Readonly<Record<string, string | undefined>>): typeof endpointGiven | Record<string, never> | string => {
  if (isLoopback(endpoint)) return endpointGiven
  const asked = ['AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT'].filter((name) => vars[name] === 'true')
  return asked.length === 0
    ? {}
    : `endpoint ${quoted(showEndpoint(endpoint))} is not on loopback, and ${asked.join(' and ')} ask${asked.length === 1 ? 's' : ''} for AWS's own endpoints (AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT apply to AWS's endpoints, never to one given): unset them, or give no endpoint`
}

/**
 * The endpoint the SDK sends a client's requests to when it is given none, from `vars` as the
 * SDK reads them: `AWS_ENDPOINT_URL_DYNAMODB`, else `AWS_ENDPOINT_URL` (the first that is not
 * empty), none when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`; with the variable's name.
 * (A profile's `endpoint_url` is the SDK's to read, as the request is sent.)
 */
export const configuredEndpoint = (vars: Readonly<Record<string, string | undefined>>): { readonly name: string; readonly url: string } | undefined => {
  if (vars['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] === 'true') return undefined
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL']) {
    const url = vars[name]
    if (url !== undefined && url !== '') return { name, url }
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

export { scrub, scrubUrls, showEndpoint } from '../internal/scrub.js'

const regionShape = /^[a-z]{2}(?:-[a-z]+){1,3}-\d{1,2}$/

/** `undefined` when `region` looks like an AWS region (`us-east-2`, `us-gov-west-1`, `cn-north-1`). */
export const checkRegion = (region: string): string | undefined =>
  regionShape.test(region) ? undefined : `region ${quoted(region)} is not an AWS region name (like us-east-2)`

/**
 * What an error's message may quote of a text an endpoint gave (an SDK error's message, a name
 * or status in an answer): `scrub`bed, and without the credentials `redact` (an Env's) knows.
 * The one cleaning of answered text; what the caller wrote (a model's names) goes through `quoted` (scrubbed, then clipped).
 */
export const cleaner =
  (redact: ((text: string) => string) | undefined) =>
  (text: string): string =>
    scrub(typeof redact === 'function' ? redact(text) : text)

/** `undefined` when `endpoint` is an absolute http(s) URL without credentials in it, on a port other than 0. */
export const checkEndpoint = (endpoint: string): string | undefined => {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return `endpoint ${quoted(showEndpoint(endpoint))} is not a URL`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `endpoint ${quoted(showEndpoint(endpoint))} is not an http(s) URL`
  if (url.username !== '' || url.password !== '') return 'endpoint must not carry a user name or password'
  // no server listens on port 0, and the SDK reads it as no port: every request would go to the scheme's default port
  if (url.port === '0') return `endpoint ${quoted(showEndpoint(endpoint))} names port 0, where no server listens (the SDK would send to the scheme's default port instead)`
  return undefined
}

/** What a value given for an option was, for a reason: a number as it is, else its kind (`kindOf`: a string may be a secret). */
const got = (v: unknown): string => (typeof v === 'number' ? scalarOrKind(v) : kindOf(v))

/** Why one option's value is refused (without its name), or `undefined`: taken. Each is asked only of a value given (not `undefined`). */
type Rule = (v: unknown) => string | undefined

/** A count (`maxAttempts`, `concurrency`): a whole number ≥ 1 (the one rule, the value shown by its kind). */
const count: Rule = (n) => wholeWhy(n, 1, undefined, got)

/** A time limit (`timeoutMs`, `waitTimeoutMs`): more than 0 ms, `Infinity` for none (0 would fail every request; the SDK reads it as no limit). */
const timeLimit: Rule = (n) => (typeof n === 'number' && n > 0 ? undefined : `expected a positive number of milliseconds (Infinity: no limit), got ${got(n)}`)

/** A backoff delay (`retry.baseDelayMs`, `retry.maxDelayMs`): a finite number of milliseconds from 0. */
const delay: Rule = (n) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? undefined : `expected a finite number of milliseconds from 0, got ${got(n)}`)

/** The cap of the backoff (`retry.maxDelayMs`): a number of milliseconds from 0, `Infinity` for none. */
const cap: Rule = (n) => (typeof n === 'number' && n >= 0 ? undefined : `expected a number of milliseconds from 0 (Infinity: no cap), got ${got(n)}`)

/** A function dynamongo calls (a listener, the clock, sleep, random): a listener's failure is ignored, so one that is no function would silently never hear. */
const fn: Rule = (f) => (typeof f === 'function' ? undefined : `must be a function, got ${got(f)}`)

const bool: Rule = (b) => (typeof b === 'boolean' ? undefined : `expected a boolean, got ${got(b)}`)

const text: Rule = (s) => (typeof s === 'string' ? undefined : `expected a string, got ${got(s)}`)

/** A client of the caller's: an object that sends (dynamongo calls its `send`, and nothing else of it, to run a request). */
const client: Rule = (c) =>
  typeof c === 'object' && c !== null && typeof (c as { readonly send?: unknown }).send === 'function' ? undefined : `expected a DynamoDBClient (an object with send), got ${got(c)}`

/** A cursor key: 32 bytes, a `Uint8Array`. */
const key: Rule = (given) => {
  const k = ownBytes(given) ?? given
  return k instanceof Uint8Array && k.length === 32 ? undefined : `must be 32 bytes (a Uint8Array), got ${k instanceof Uint8Array ? `${k.length} bytes` : got(k)}`
}

/**
 * A copy of `k`'s own bytes when it is a Uint8Array (a Buffer too), `undefined` for anything
 * else: `new Uint8Array` of a typed array copies its bytes as stored, never through its iterator
 * or its `length`, which a subclass may redefine (a key of 32 bytes whose iterator yields 64).
 */
export const ownBytes = (k: unknown): Uint8Array | undefined => {
  if (!(k instanceof Uint8Array) || !ArrayBuffer.isView(k)) return undefined
  try {
    return new Uint8Array(k)
  } catch {
    // an object that only claims to be one (its prototype set by hand): none
    return undefined
  }
}

/** Why a cursor key is refused: `Env.make`'s rule of `cursorKey`, which the cursors check again at use (an Env built by hand). */
export const cursorKeyWhy = (k: unknown): string | undefined => {
  const why = key(k)
  return why === undefined ? undefined : `cursorKey ${why}`
}

/** The options of `Env.withBatch` and their rules (`Env.make` takes them too). */
const batchRules: Readonly<Record<string, Rule>> = { maxAttempts: count, concurrency: count, onProgress: fn }

/** The options of `Env.make` (and of `Env.fromEnv`) checked by kind; `endpoint`, `credentials` and `tablePrefix` have rules of their own (`checkEndpoint`, `credentialsWhy`, `tablePrefixWhy`). */
const makeRules: Readonly<Record<string, Rule>> = {
  ...batchRules,
  region: text,
  client,
  timeoutMs: timeLimit,
  waitTimeoutMs: timeLimit,
  on: fn,
  sleep: fn,
  random: fn,
  now: fn,
  consumedCapacity: bool,
  cursorKey: key,
}

/**
 * Why the options of `Env.make` (`make`: true) or `Env.withBatch` are refused, each reason
 * naming its option (`retry.baseDelayMs: …`): every option given (not `undefined`) of the wrong
 * type or out of its range, `NaN` included: a count that is no whole number from 1, a time
 * limit of 0 or less, a delay below 0 or not finite, a `retry` that is no object, a function
 * that is none, a `consumedCapacity` that is no boolean. A `'5000'` read from a config file is
 * not read as 5,000, nor as the default, and nothing is brought back into range silently. The
 * one rule of both, so that `withBatch` reads its options as `make` does.
 */
export const optionsWhy = (
  options: Readonly<Record<string, unknown>>,
  make: boolean,
  alsoTakes: ReadonlyArray<string> = [],
  of: string = make ? 'make' : 'withBatch',
  instead: Readonly<Record<string, string>> = {},
): ReadonlyArray<string> => {
  const out: string[] = []
  const rules = make ? makeRules : batchRules
  // an own key no option names (a misspelt `concurency`) would be ignored: refused by name, as the operations refuse theirs
  const takes = [...Object.keys(rules).filter((k) => !(k in instead)), 'retry', ...alsoTakes]
  for (const name of Object.keys(options)) {
    if (options[name] === undefined || takes.includes(name)) continue
    out.push(`${name}: is no option of ${of} (${hasOwn(instead, name) ? instead[name] : `it takes ${takes.join(', ')}`})`)
  }
  for (const name of Object.keys(rules)) {
    const v = options[name]
    const why = v === undefined ? undefined : (rules[name] as Rule)(v)
    if (why !== undefined) out.push(`${name}: ${why}`)
  }
  const retry = options['retry']
  if (retry !== undefined) {
    if (typeof retry !== 'object' || retry === null || Array.isArray(retry)) out.push(`retry: expected an object (baseDelayMs, maxDelayMs), got ${got(retry)}`)
    else {
      for (const name of Object.keys(retry)) {
        if ((retry as Readonly<Record<string, unknown>>)[name] === undefined || name === 'baseDelayMs' || name === 'maxDelayMs') continue
        out.push(`retry.${name}: is no option of retry (it takes baseDelayMs, maxDelayMs${name === 'maxAttempts' ? '; maxAttempts is an option of its own, beside retry' : ''})`)
      }
      for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
        const v = (retry as Readonly<Record<string, unknown>>)[name]
        const why = v === undefined ? undefined : (name === 'maxDelayMs' ? cap : delay)(v)
        if (why !== undefined) out.push(`retry.${name}: ${why}`)
      }
    }
  }
  return out
}

/**
 * Why the settings an `Env` holds are refused, or `undefined`: `optionsWhy`'s rules, read
 * from the Env's own fields (`batch.concurrency`, `batch.retry.maxAttempts`, the time limits,
 * the functions, the client), for an Env no `make` checked (one spread or built by hand).
 */
export const envWhy = (env: Env): string | undefined => {
  const batch = env.batch as Partial<Env['batch']> | undefined
  const retry = batch?.retry as Partial<RetryOptions> | undefined
  if (typeof batch !== 'object' || batch === null) return `batch: expected an object (concurrency, retry), got ${got(batch)}`
  if (typeof retry !== 'object' || retry === null) return `batch.retry: expected an object (maxAttempts, baseDelayMs, maxDelayMs), got ${got(retry)}`
  const prefix = tablePrefixWhy(env.tablePrefix)
  if (prefix !== undefined) return `tablePrefix: ${prefix}`
  const why = optionsWhy(
    {
      region: env.region,
      client: env.client,
      concurrency: batch.concurrency ?? 0,
      maxAttempts: retry.maxAttempts ?? 0,
      retry: { baseDelayMs: retry.baseDelayMs ?? -1, maxDelayMs: retry.maxDelayMs ?? -1 },
      onProgress: batch.onProgress,
      timeoutMs: env.timeoutMs ?? 0,
      waitTimeoutMs: env.waitTimeoutMs ?? 0,
      on: env.on,
      sleep: env.sleep ?? 0,
      random: env.random ?? 0,
      now: env.now ?? 0,
    },
    true,
  )
  return why.length === 0 ? undefined : why.join('; ')
}

/** Frozen Envs whose settings were checked and taken, and the last one asked (one comparison a request). */
const checked = new WeakSet<Env>()
let lastChecked: Env | undefined

/**
 * Why `env` sends no request, or `undefined`: its `invalid` (what `make` or `withBatch`
 * refused), else the rule of its settings (`envWhy`), for an Env no `make` checked
 * (spread or built by hand: `{ ...env, batch: { ...env.batch, concurrency: NaN } }`), so that
 * such an Env is refused as `make` refuses its options: every request a `ConfigError`,
 * unsent. A frozen Env (its batch settings frozen too) is checked once; another at every
 * request.
 */
export const invalidOf = (env: Env): DE.DynamoError | undefined => {
  if (env === lastChecked) return undefined
  if (env.invalid !== undefined) return env.invalid
  if (checked.has(env)) {
    lastChecked = env
    return undefined
  }
  const why = envWhy(env)
  if (why !== undefined) return DE.configError(`the Env's settings are refused: ${why}`)
  if (Object.isFrozen(env) && Object.isFrozen(env.batch) && Object.isFrozen(env.batch.retry)) {
    checked.add(env)
    lastChecked = env
  }
  return undefined
}

/** The names a credentials check gives its three values in its reasons (`fromEnv`'s variables, `make`'s option paths). */
export interface CredentialNames {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
}

/**
 * Why credentials are refused, each reason naming the value (by `names`), never showing it;
 * none: they may be signed with. The one rule of `Env.fromEnv` and `Env.make`:
 * - a value given is a string; `''` is one not given;
 * - the key id and the secret go together (`required`: both must be given), and a session
 *   token needs both;
 * - whitespace, a control character or an invisible one (a zero-width space, a soft hyphen:
 *   `\p{Cf}`) inside a credential is a paste gone wrong;
 * - the key id and the token go into request headers, which carry no character above U+00FF
 *   (the request would fail when sent); a secret is only signed with, so any visible
 *   character of any script is its own.
 */
export const credentialsWhy = (
  values: { readonly accessKeyId?: unknown; readonly secretAccessKey?: unknown; readonly sessionToken?: unknown },
  names: CredentialNames,
  required: boolean,
): ReadonlyArray<string> => {
  const out: string[] = []
  const fields = [
    [names.accessKeyId, values.accessKeyId, true],
    [names.secretAccessKey, values.secretAccessKey, false],
    [names.sessionToken, values.sessionToken, true],
  ] as const
  for (const [name, v] of fields) if (v !== undefined && typeof v !== 'string') out.push(`${name} must be a string, got ${kindOf(v)}`)
  const given = (v: unknown): boolean => typeof v === 'string' && v !== ''
  const id = given(values.accessKeyId)
  const secret = given(values.secretAccessKey)
  if (required && !id && !secret) out.push(`${names.accessKeyId} and ${names.secretAccessKey} are not set`)
  else if (id && !secret) out.push(`${names.accessKeyId} is set but ${names.secretAccessKey} is not`)
  else if (!id && secret) out.push(`${names.secretAccessKey} is set but ${names.accessKeyId} is not`)
  if (given(values.sessionToken) && (!id || !secret)) out.push(`${names.sessionToken} is set without ${names.accessKeyId} and ${names.secretAccessKey}`)
  for (const [name, v, header] of fields) {
    if (typeof v !== 'string') continue
    if (/[\s\p{Cc}\p{Cf}]/u.test(v)) out.push(`${name} holds whitespace, a control character or an invisible one`)
    else if (header && /[^\u0000-\u00ff]/u.test(v)) out.push(`${name} holds a character an HTTP header cannot carry (above U+00FF)`)
  }
  return out
}
