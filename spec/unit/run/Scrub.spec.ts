/**
 * What a request's signature carries never survives `scrub`, in every form a text may quote it:
 * AWS's canonical string, a proxy echoing the headers as text, as JSON or in a URL's query,
 * the SDK's and the AWS files' names of a secret key and a session token, and an access key id
 * glued to other characters. A DynamoDB message that quotes none keeps every word.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import { scrub } from '../../../lib/run/config.js'

const token = 'IQoJb3JpZ2luX2VjEJr+/='
const keyId = 'ASIAABCDEFGHIJKLMNOP'
const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCY'

test('each quoted form of a session token, secret, signature and key id comes out as ***', () => {
  const forms: ReadonlyArray<readonly [string, string]> = [
    [`x-amz-security-token:${token}\nhost:x`, 'x-amz-security-token:***\nhost:x'],
    [`{"x-amz-security-token":"${token}"}`, '{"x-amz-security-token":"***"}'],
    [`x-amz-security-token: "${token}"`, 'x-amz-security-token: "***"'],
    [`X-Amz-Security-Token%3D${encodeURIComponent(token)}&X-Amz-Date=1`, 'X-Amz-Security-Token%3D***&X-Amz-Date=1'],
    [`{"SecretAccessKey":"${secret}", "SessionToken": "${token}"}`, '{"SecretAccessKey":"***", "SessionToken": "***"}'],
    [`aws_secret_access_key = ${secret} aws_session_token=${token}`, 'aws_secret_access_key = *** aws_session_token=***'],
    [`"Credential":"${keyId}/20261206/us-east-1"`, '"Credential":"***/20261206/us-east-1"'],
    [`Credential=${keyId}/20261206, Signature=abc123) more`, 'Credential=***/20261206, Signature=***) more'],
    [`credential = ${keyId}/2026`, 'credential = ***/2026'],
    [`${keyId}_1 and x${keyId}`, '***_1 and x***'],
  ]
  for (const [text, shown] of forms) assert.is(scrub(text), shown, text)
})

test("a DynamoDB message that quotes no credential is kept as it is (a lower-case table name shaped as a key id too)", () => {
  for (const text of [
    'The conditional request failed',
    'One or more parameter values were invalid: Missing the key pk in the item',
    'The security token included in the request is expired',
    'Requested resource not found: Table: akiaabcdefghijklmnop not found',
  ]) assert.is(scrub(text), text)
})

test('property: a random token, secret or key id quoted in any form never survives', () => {
  const value = fc.stringMatching(/^[A-Za-z0-9+/=]{12,40}$/)
  const names = fc.constantFrom('x-amz-security-token', 'X-Amz-Security-Token', 'SessionToken', 'aws_session_token', 'SecretAccessKey', 'secret_access_key', 'Signature')
  const shapes = fc.constantFrom(
    (n: string, v: string) => `${n}:${v}`,
    (n: string, v: string) => `${n}=${v}`,
    (n: string, v: string) => `{"${n}":"${v}"}`,
    (n: string, v: string) => `'${n}' : '${v}'`,
    (n: string, v: string) => `${n}%3D${encodeURIComponent(v)}`,
    (n: string, v: string) => `${n}%3a ${v}`,
  )
  fc.assert(
    fc.property(names, value, shapes, fc.string({ maxLength: 8 }), (n, v, shape, around) => {
      const out = scrub(`${around} ${shape(n, v)} ${around}`)
      assert.not.ok(out.includes(v) || out.includes(encodeURIComponent(v)), out)
    }),
    { numRuns: 2000 },
  )
})

test.run()
