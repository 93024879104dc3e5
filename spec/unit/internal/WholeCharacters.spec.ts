/**
 * A value cut short for a message is cut between characters, never inside one: no half of a
 * UTF-16 pair (a lone surrogate, which JSON and a terminal show as garbage) ends the cut.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { scalarOrKind, show } from '../../../lib/internal/show.js'
import { nameWhy } from '../../../lib/rules/path.js'
import * as P from '../../../lib/ast/Path.js'

const whole = (s: string, what: string) => assert.ok(s.isWellFormed() && !/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i.test(s), `${what}: ${JSON.stringify(s)}`)

test('scalarOrKind and show of a long string of emoji: cut between characters', () => {
  for (let pre = 0; pre < 3; pre++) {
    const s = 'a'.repeat(pre) + '😀'.repeat(40)
    whole(scalarOrKind(s), `scalarOrKind ${pre}`)
    whole(show(s), `show ${pre}`)
    whole(show({ s }), `show of an object ${pre}`)
    whole(show({ toString: () => s, toJSON: () => { throw new Error('no') } }), `show falling back ${pre}`)
  }
})

test('an attribute name over its bytes, of emoji: the path shown cut between characters', () => {
  for (let pre = 0; pre < 3; pre++) {
    const name = 'a'.repeat(pre) + '😀'.repeat(17_000)
    const why = nameWhy(P.of(name), name)
    assert.ok(why !== undefined)
    whole(why, `nameWhy ${pre}`)
  }
})

test.run()
