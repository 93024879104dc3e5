/**
 * A region or endpoint refused (a variable of `fromEnv`, an option of `make`, a flag of the
 * command line) is quoted in its message by its first characters, as a refused table name or
 * prefix is: a variable holding a megabyte of junk (a file's content pasted, a runaway script)
 * is a message of a line, not of a megabyte.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as Env from '../../../lib/run/Env.js'
import { main } from '../../../lib/cli/main.js'
import { withStderr } from '../../harness/stderr.js'

const junk = 'é'.repeat(1_000_000)

test('fromEnv: a huge AWS_REGION, AWS_REGION_NAME or DYNAMODB_ENDPOINT refused by a message of a line, naming it', () => {
  for (const [name, value] of [
    ['AWS_REGION', junk],
    ['AWS_REGION_NAME', junk],
    ['DYNAMODB_ENDPOINT', junk],
    ['DYNAMODB_ENDPOINT', `ftp://${junk}`],
  ] as const) {
    const r = Env.fromEnv({ [name]: value })
    assert.ok(E.isLeft(r), name)
    const message = (r as E.Left<{ readonly message: string }>).left.message
    assert.ok(message.startsWith(`${name}: `), message.slice(0, 100))
    assert.ok(message.length < 300, `${name}: ${message.length} characters`)
  }
})

test('make: a huge endpoint refused by a message of a line', () => {
  const invalid = Env.make({ endpoint: junk }).invalid as { readonly message: string } | undefined
  assert.ok(invalid !== undefined)
  assert.ok(invalid.message.length < 300, `${invalid.message.length} characters`)
})

test('the command line: a huge --region or --endpoint refused by a line', async () => {
  for (const flag of ['--region', '--endpoint']) {
    const [code, stderr] = await withStderr(() => main(['describe', 'users', flag, junk], {}))
    assert.is(code, 2)
    assert.ok(stderr.length < 300, `${flag}: ${stderr.length} characters`)
  }
})

test.run()
