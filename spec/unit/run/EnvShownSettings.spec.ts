/**
 * An Env printed for people (`show`, `String`, `JSON.stringify`, `util.inspect`) never shows
 * a credential someone put in its region or table prefix (a URL pasted in the wrong setting):
 * both pass through `scrub`, as the endpoint passes through `showEndpoint`.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { inspect } from 'node:util'
import * as Env from '../../../lib/run/Env.js'

const prints = (env: Env.Env): ReadonlyArray<string> => [Env.show(env), String(env), JSON.stringify(env), inspect(env)]

test('a credential in the region or the table prefix is printed by none of show, String, JSON and inspect', () => {
  for (const env of [
    Env.make({ region: 'http://admin:hunter2@db:8000' }),
    Env.make({ region: 'us-east-1', tablePrefix: 'http://admin:hunter2@db:8000' }),
    Env.make({ region: 'us-east-1', tablePrefix: 'x-amz-security-token=IQoJb3JpZ2luX2VjEJr+/=' }),
  ]) {
    for (const printed of prints(env)) {
      for (const secret of ['hunter2', 'admin', 'IQoJb3JpZ2lu']) assert.not.ok(printed.includes(secret), `${secret} in ${printed}`)
    }
  }
})

test('a region and a prefix without a credential are printed as they are', () => {
  const env = Env.make({ region: 'eu-west-1', tablePrefix: 'dev_' })
  assert.ok(Env.show(env).includes('region: eu-west-1'))
  assert.ok(Env.show(env).includes('tablePrefix: "dev_"'))
  assert.equal(JSON.parse(JSON.stringify(env)), { ...JSON.parse(JSON.stringify(env)), region: 'eu-west-1', tablePrefix: 'dev_' })
})

test.run()
