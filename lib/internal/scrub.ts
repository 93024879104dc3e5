/**
 * What dynamongo shows of a text that may hold a credential: a URL without its user
 * information, query or fragment, a text without what a request's signature carries, and a
 * text cut to a length after both. Pure; `run/config` re-exports it, `rules/limits`' `quoted`
 * and the command line's refusals quote through `clipped`.
 */
import { shortened } from './show.js'

/**
 * An endpoint for people: `scrubUrls`' rule (the one URL rule: user information out, marked
 * `***@`), then without anything from its first `?` or `#` (or `%3F`, `%23`), even when the
 * text is no URL.
 */
export const showEndpoint = (endpoint: string): string => {
  const s = scrubUrls(endpoint)
  const end = s.search(/[?#]|%3F|%23/i)
  return end === -1 ? s : s.slice(0, end)
}

/** Where a URL's user information may begin: after a scheme's `//` (or `%2F%2F`, percent-encoded), or what a mistyped one leaves (`:/`, `\\`, `:\`). */
const userInfoStart = /(?::|%3A)?(?:\/\/|%2F%2F)|:\/|:?\\\\|:\\/i

/**
 * `text` without the user name, password, query or fragment of any URL in it, whatever
 * the URL's shape: everything from the first place a URL's user information may begin
 * (`userInfoStart`) to the last `@` after it goes, across spaces and quotes (a password
 * holding one, or split over two words); then, in each whitespace-free word shaped as user
 * information, everything up to its last `@` (a URL typed without a scheme, `admin:pw@db:8000`:
 * a password holding a space there shows its first part, the price of keeping `users@example.com`);
 * each removal shown as `***@`; then, in each word
 * holding a `/` or `\`, everything from its first `?` or `#` after it (`db:8000/?password=…`).
 * A percent-encoded `@`, `//`, `/`, `?` or `#` counts as the character. A text that only looks
 * like a URL loses more, never less.
 */
export const scrubUrls = (text: string): string => {
  let s = text
  const at = lastAt(s)
  if (at !== -1) {
    const start = userInfoStart.exec(s.slice(0, at))
    // after the last `@` no word holds one: only what comes before step 1's removal is read word by word
    s = start === null
      ? s.replace(/\S+/g, withoutUserInfo)
      : `${s.slice(0, start.index + start[0].length).replace(/\S+/g, withoutUserInfo)}${marker}${s.slice(at + 1)}`
  }
  return s.replace(/\S+/g, withoutQuery)
}

/* Word by word, each word matched once by `\S+` and cut by index: no pattern here can scan a text again from each of its positions. */

/** Where the last `@` of a text ends, a percent-encoded one (`%40`) too: the index of its last character, or -1. */
const lastAt = (text: string): number => {
  const encoded = text.lastIndexOf('%40')
  return Math.max(text.lastIndexOf('@'), encoded === -1 ? -1 : encoded + 2)
}

/** What stands where user information was taken out. */
const marker = '***@'

/**
 * A word shaped as user information (a `:` or `%3A` before its last `@`, `lastAt`) with what
 * comes up to that `@` as `marker`; any other word as it is (`users@example.com`, `@scope/x`,
 * a quoted `"@"`).
 */
const withoutUserInfo = (word: string): string => {
  const at = lastAt(word)
  return at !== -1 && /:|%3A/i.test(word.slice(0, at)) ? `${marker}${word.slice(at + 1)}` : word
}

/** A word holding a `/` or `\` (`%2F`) without what comes from the first `?` or `#` (`%3F`, `%23`) after it: a URL's query, with a scheme or without (`db:8000/?password=…`). */
const withoutQuery = (word: string): string => {
  const slash = word.search(/[/\\]|%2F/i)
  if (slash === -1) return word
  const end = word.slice(slash).search(/[?#]|%3F|%23/i)
  return end === -1 ? word : word.slice(0, slash + end)
}

/**
 * What a request's signature carries, in a text that quotes it (an AWS error's "canonical
 * string", a proxy echoing the request's headers as text, JSON, escaped JSON, XML or a URL's
 * query, a credentials document): the value of a session token or secret access key named as
 * the headers, the SDK, the AWS files, STS and the instance metadata name them
 * (`x-amz-security-token`, `sessionToken`, `aws_session_token`, `SecretAccessKey`, `Token`),
 * the access key id of a `Credential=`, a `Signature=`, any word shaped as an AWS access key
 * id (`AKIA…`, `ASIA…`) and any text shaped as a session token (`IQoJb3JpZ2lu…`,
 * `FwoGZXIvYXdz…`). A value is what its kind looks like (12 or more characters of base64, a
 * key id of 16 or more, a signature of hex), so a DynamoDB message quoting an expression
 * (`signature = :v`) keeps it. These are the credentials an Env does not know to redact:
 * those its client resolves from a provider (the environment, a role, a function) at each
 * request.
 */
const quote = String.raw`(?:\\?["']|%2[27])*`
const separator = String.raw`${quote}\s*(?:[:=>]|%3[ADad])\s*${quote}`
const signingSecrets = new RegExp(
  String.raw`((?:security|session)[-_]?token${separator}|secret[-_]?access[-_]?key${separator}|(?:^|[^A-Za-z])token${separator})[A-Za-z0-9+/=%]{12,}` +
    String.raw`|((?:^|[^A-Za-z])credential${separator})[A-Za-z0-9]{16,}` +
    String.raw`|((?:^|[^A-Za-z])signature${separator})[0-9a-f]{16,}`,
  'gi',
)

/** An access key id (upper case, as AWS makes them: a table named in lower case is no key id), wherever it is glued. */
const accessKeyId = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g

/** A session token wherever it is, by how AWS's begin (base64 of their first bytes). */
const sessionToken = /(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9+/=%]*/g

/** `text` without what a request's signature carries (`signingSecrets`), each value as `***`. */
export const scrubSigning = (text: string): string =>
  text
    .replace(signingSecrets, (_, token?: string, credential?: string, signature?: string) => `${token ?? credential ?? signature ?? ''}***`)
    .replace(accessKeyId, '***')
    .replace(sessionToken, '***')

/**
 * `text` as dynamongo shows it, wherever it is from (an SDK error's message, what the command
 * line typed, a refused name or setting): without a URL's user information, query or
 * fragment (`scrubUrls`) and without what a request's signature carries (`scrubSigning`).
 */
export const scrub = (text: string): string => scrubSigning(scrubUrls(text))

/**
 * `text` as a message quotes it: `scrub`bed, then its first `most` code points (`shortened`).
 * The one place a shown text is cut, always after the scrub: a cut first could split a
 * password from the `@` that marks it.
 */
export const clipped = (text: string, most: number): string => shortened(scrub(text), most)
