/**
 * An endpoint is shown by the one URL rule of `scrubUrls` (then without anything from a `?`
 * or `#`): an encoded `@` in its user information is taken out as a plain one is.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Config from '../../../lib/run/config.js'
import * as Env from '../../../lib/run/Env.js'

test('showEndpoint takes out user information written with %40, as scrub does', () => {
  for (const endpoint of ['http://admin:hunter2%40db:8000', 'http://admin:hunter2@db:8000/?a=hunter2', 'http://admin:hunter2%40db:8000#hunter2']) {
    const shown = Config.showEndpoint(endpoint)
    assert.not.ok(shown.includes('hunter2'), shown)
    assert.ok(shown.startsWith(Config.scrubUrls(endpoint).split(/[?#]/)[0] ?? ''), shown)
    assert.not.ok(Env.show(Env.make({ region: 'us-east-1', endpoint })).includes('hunter2'))
  }
})

test.run()
