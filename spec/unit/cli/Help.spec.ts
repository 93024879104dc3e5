/**
 * `dynamongo --help` names every flag the command line takes, and takes every flag it names
 * (with the commands of each), so that the help and the parser cannot drift apart.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { flagsOf, options, usage } from '../../../lib/cli/main.js'

const named = new Set([...usage.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]!))

test('every flag the parser takes is in --help, -h too', () => {
  assert.equal(Object.keys(options).filter((f) => !named.has(f)), [])
  assert.match(usage, /--help, -h/)
})

test('every flag --help names is one the parser takes', () => {
  assert.equal([...named].filter((f) => !(f in options)), [])
})

test("each command's flags are in its own line of the usage", () => {
  for (const [flag, command] of Object.entries(flagsOf)) {
    const block = new RegExp(`dynamongo ${command} <table>[^\\n]*\\n(?: {25}[^\\n]*\\n)*`).exec(usage)?.[0] ?? ''
    assert.ok(block.includes(`--${flag}`), `--${flag} under ${command}`)
  }
})

test('--json is explained, not only listed', () => {
  assert.match(usage, /--json: /)
})

test.run()
