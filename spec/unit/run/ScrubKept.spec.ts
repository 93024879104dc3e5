/**
 * `scrub` takes out a URL's user information and marks where (`***@`), and keeps a word
 * holding an `@` that is no user information: an SDK message's principal (marked at least),
 * a syntax error's quoted `@`, a file under an `@scope` folder, a table named like an e-mail
 * address.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { scrub } from '../../../lib/run/config.js'

test('what is no user information is kept', () => {
  for (const text of [
    'Invalid UpdateExpression: Syntax error; token: "@", near: "SET @a"',
    "ENOENT: no such file or directory, open '/tmp/x/node_modules/@scope/x.jsonl'",
    '"users@example.com" is no table name',
  ]) assert.is(scrub(text), text)
})

test('where user information is taken out, a marker shows it', () => {
  const sso = scrub('User: arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc123/alice@example.com is not authorized to perform: dynamodb:PutItem')
  assert.ok(sso.includes('***@example.com is not authorized to perform: dynamodb:PutItem'), sso)
  assert.is(scrub('region admin:hunter2@db:8000 is no region'), 'region ***@db:8000 is no region')
  assert.is(scrub('endpoint http://admin:hunter2@db:8000/?x=1'), 'endpoint http://***@db:8000/')
  const proxy = scrub('Proxy error at http://proxy:3128 see https://docs.example; contact ops@example.com')
  assert.ok(proxy.startsWith('Proxy error at http://***@'), proxy)
})

test.run()
