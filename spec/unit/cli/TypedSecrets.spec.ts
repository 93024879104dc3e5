/**
 * What the command line echoes of its arguments in a refusal (a word too many, an unknown
 * command, a table name or `--segments` it refuses) shows a URL without its user name,
 * password, query or fragment, as every endpoint it shows: `dynamongo dump users
 * http://admin:…@db:8000` (the `--endpoint` forgotten) must not print the password to a
 * terminal or a CI log. A huge word (a file's content passed as an argument) is shown by its
 * first characters.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../../../lib/cli/main.js'
import { withStderr } from '../../harness/stderr.js'

const url = 'http://admin:hunter2secret@db.example:8000/?X-Amz-Security-Token=tok3nsecret#frag'

const cases: ReadonlyArray<ReadonlyArray<string>> = [
  ['dump', 'users', url],
  [url, 'users'],
  ['dump', url],
  ['dump', 'users', '--segments', url],
]

test('a URL typed where the command line expects no URL: its credentials, query and fragment never reach stderr', async () => {
  for (const argv of cases) {
    const [code, stderr] = await withStderr(() => main(argv, {}))
    assert.is(code, 2, argv.join(' '))
    assert.ok(stderr.includes('db.example:8000'), `${argv.join(' ')}: the URL is shown: ${stderr}`)
    for (const secret of ['hunter2secret', 'admin', 'tok3nsecret', 'frag']) assert.not.ok(stderr.includes(secret), `${argv.join(' ')}: ${secret} in ${stderr.split('\n')[0]}`)
  }
})

test('a huge word typed where the command line expects none: the refusal is a line, not the word whole', async () => {
  const junk = 'x'.repeat(100_000)
  for (const argv of [['dump', 'users', junk], [junk, 'users'], ['dump', 'users', '--segments', junk], ['dump', 'users', `--${junk}`]]) {
    const [code, stderr] = await withStderr(() => main(argv, {}))
    assert.is(code, 2)
    const first = stderr.split('\n')[0] as string
    assert.ok(first.length < 600, `${argv[0]?.slice(0, 10)} ${argv[2]?.slice(0, 10)}: ${first.length} characters`)
  }
})

test.run()
