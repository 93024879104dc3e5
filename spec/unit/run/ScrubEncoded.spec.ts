/**
 * A URL's user information written with a percent-encoded `@` (`%40`) or a percent-encoded
 * scheme (`http%3A%2F%2F`), and a query after a path without a scheme (`db:8000/?password=…`),
 * are scrubbed as their plain forms are: in `scrub` and in a refused region's message.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Config from '../../../lib/run/config.js'

const texts = [
  'http://admin:hunter2%40db:8000',
  'http%3A%2F%2Fadmin%3Ahunter2%40db',
  'admin:hunter2%40db',
  'admin:hunter2%40DB:8000 and more',
  'db:8000/?password=hunter2',
  'db:8000/x#password=hunter2',
  'db:8000%2F%3Fpassword%3Dhunter2',
]

test('an encoded @ or scheme, and a scheme-less query, leave no password', () => {
  for (const text of texts) {
    for (const shown of [Config.scrub(text), Config.checkRegion(text) ?? '']) assert.not.ok(shown.includes('hunter2'), `${text} -> ${shown}`)
  }
})

test('a text without an encoded @ or a query keeps every word', () => {
  for (const text of ['Requested resource not found: Table: users%41 not found', 'see docs/x.html for more', 'is this a question?']) assert.is(Config.scrub(text), text)
})

test.run()
