/**
 * `Env`'s defaults and the checks of its settings, inside the library: the region's shape,
 * the endpoint (an http(s) URL without credentials), and endpoints shown for people without
 * a user name, password, query or fragment (`scrubUrls` does it to every URL in a text).
 *
 * @since 0.1.0
 */
import type { RetryOptions } from './Env.js'

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

export const defaultRegion = 'us-east-2'

export const defaultRetry: RetryOptions = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5_000 }

export const defaultConcurrency = 8

export const defaultTimeoutMs = 5_000

export const defaultWaitTimeoutMs = 600_000

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

const regionShape = /^[a-z]{2}(?:-[a-z]+){1,3}-\d{1,2}$/

/** `undefined` when `region` looks like an AWS region (`us-east-2`, `us-gov-west-1`, `cn-north-1`). */
export const checkRegion = (region: string): string | undefined =>
  regionShape.test(region) ? undefined : `region ${JSON.stringify(region)} is not an AWS region name (like us-east-2)`

/**
 * An endpoint for people: without a user name, password, query or fragment, even when the
 * text is no URL. Everything up to the last `@` after the scheme's `//` (or from the start,
 * without one) goes, then everything from the first `?` or `#`: a password holding `/`,
 * `?`, `#` or `@` goes with it, and a text that only looks like a URL loses more, never less.
 */
export const showEndpoint = (endpoint: string): string => {
  let s = endpoint
  const at = s.lastIndexOf('@')
  if (at !== -1) {
    const slashes = s.indexOf('//')
    s = (slashes !== -1 && slashes < at ? s.slice(0, slashes + 2) : '') + s.slice(at + 1)
  }
  const end = s.search(/[?#]/)
  return end === -1 ? s : s.slice(0, end)
}

const urlInText = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]*/g

/** `text` with every URL in it shown by `showEndpoint` (used on the messages of SDK errors). */
export const scrubUrls = (text: string): string => (text.includes('//') ? text.replace(urlInText, showEndpoint) : text)

/** `undefined` when `endpoint` is an absolute http(s) URL without credentials in it. */
export const checkEndpoint = (endpoint: string): string | undefined => {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return `endpoint ${JSON.stringify(showEndpoint(endpoint))} is not a URL`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `endpoint ${JSON.stringify(showEndpoint(endpoint))} is not an http(s) URL`
  if (url.username !== '' || url.password !== '') return 'endpoint must not carry a user name or password'
  return undefined
}
