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
const signature = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'
const stsToken = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH'

test('each quoted form of a session token, secret, signature and key id comes out as ***', () => {
  const forms: ReadonlyArray<readonly [string, string]> = [
    [`x-amz-security-token:${token}\nhost:x`, 'x-amz-security-token:***\nhost:x'],
    [`{"x-amz-security-token":"${token}"}`, '{"x-amz-security-token":"***"}'],
    [`x-amz-security-token: "${token}"`, 'x-amz-security-token: "***"'],
    [`X-Amz-Security-Token%3D${encodeURIComponent(token)}&X-Amz-Date=1`, 'X-Amz-Security-Token%3D***&X-Amz-Date=1'],
    [`{"SecretAccessKey":"${secret}", "SessionToken": "${token}"}`, '{"SecretAccessKey":"***", "SessionToken": "***"}'],
    [`aws_secret_access_key = ${secret} aws_session_token=${token}`, 'aws_secret_access_key = *** aws_session_token=***'],
    [`"Credential":"${keyId}/20261206/us-east-1"`, '"Credential":"***/20261206/us-east-1"'],
    [`Credential=${keyId}/20261206, Signature=${signature}) more`, 'Credential=***/20261206, Signature=***) more'],
    [`credential = ${keyId}/2026`, 'credential = ***/2026'],
    [`${keyId}_1 and x${keyId}`, '***_1 and x***'],
    [`{\\"X-Amz-Security-Token\\":\\"${token}\\"}`, '{\\"X-Amz-Security-Token\\":\\"***\\"}'],
    [`X-Amz-Security-Token%22%3A%22${encodeURIComponent(token)}%22`, 'X-Amz-Security-Token%22%3A%22***'],
    [`{"Code":"Success","AccessKeyId":"${keyId}","SecretAccessKey":"${secret}","Token":"${token}"}`, '{"Code":"Success","AccessKeyId":"***","SecretAccessKey":"***","Token":"***"}'],
    [`<AccessKeyId>${keyId}</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey><SessionToken>${token}</SessionToken>`, '<AccessKeyId>***</AccessKeyId><SecretAccessKey>***</SecretAccessKey><SessionToken>***</SessionToken>'],
    [`X-Amz-Security-Token%253D${encodeURIComponent(encodeURIComponent(token))}`, 'X-Amz-Security-Token%253D***'],
    [`a token alone: ${stsToken} and more`, 'a token alone: *** and more'],
  ]
  for (const [text, shown] of forms) assert.is(scrub(text), shown, text)
})

test("a DynamoDB message that quotes no credential is kept as it is (a lower-case table name shaped as a key id too)", () => {
  for (const text of [
    'The conditional request failed',
    'One or more parameter values were invalid: Missing the key pk in the item',
    'The security token included in the request is expired',
    'Requested resource not found: Table: akiaabcdefghijklmnop not found',
    'Invalid ConditionExpression: Syntax error; token: "=", near: "signature = :v"',
    'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: token',
    'ExpressionAttributeNames contains invalid key: "#sessionToken" = :v0, credential = :v1',
  ]) assert.is(scrub(text), text)
})

test('property: a random token, secret or key id quoted in any form never survives', () => {
  const base64 = fc.stringMatching(/^[A-Za-z0-9+/=]{12,40}$/)
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/)
  const keyIds = fc.stringMatching(/^[A-Z0-9]{16,24}$/)
  const named = fc.oneof(
    fc.tuple(fc.constantFrom('x-amz-security-token', 'X-Amz-Security-Token', 'SessionToken', 'aws_session_token', 'SecretAccessKey', 'secret_access_key', 'Token'), base64),
    fc.tuple(fc.constantFrom('Signature', 'X-Amz-Signature'), hex),
    fc.tuple(fc.constantFrom('Credential', 'X-Amz-Credential'), keyIds),
  )
  const shapes = fc.constantFrom(
    (n: string, v: string) => `${n}:${v}`,
    (n: string, v: string) => `${n}=${v}`,
    (n: string, v: string) => `{"${n}":"${v}"}`,
    (n: string, v: string) => `'${n}' : '${v}'`,
    (n: string, v: string) => `${n}%3D${encodeURIComponent(v)}`,
    (n: string, v: string) => `${n}%3a ${v}`,
    (n: string, v: string) => `{\\"${n}\\":\\"${v}\\"}`,
    (n: string, v: string) => `<${n}>${v}</${n}>`,
    (n: string, v: string) => `${n}%22%3A%22${encodeURIComponent(v)}%22`,
  )
  fc.assert(
    fc.property(named, shapes, fc.string({ maxLength: 8 }), ([n, v], shape, around) => {
      const out = scrub(`${around} ${shape(n, v)} ${around}`)
      assert.not.ok(out.includes(v) || out.includes(encodeURIComponent(v)), out)
    }),
    { numRuns: 2000 },
  )
})

test.run()
