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

/** Each typed text holding a credential, with the credential: the refusal that echoes it must show none of it. */
const leaks: ReadonlyArray<readonly [ReadonlyArray<string>, ReadonlyArray<string>]> = [
  // the '@' beyond the 60 characters a refused table name is quoted by
  [['dump', 'http://service-account-dynamodb-reader:S3cretPassw0rdThatIsLong123456@db:8000'], ['S3cret', 'service-account']],
  [['dump', 'users', '--region', 'http://admin:hunter2@db:8000'], ['hunter2', 'admin']],
  [['dump', 'users', 'admin:hunter2@db:8000'], ['hunter2', 'admin']],
  [['dump', 'admin:hunter2@db:8000'], ['hunter2', 'admin']],
  [['dump', 'users', '//admin:hunter2@db:8000'], ['hunter2', 'admin']],
  [['dump', 'users', 'http:/admin:hunter2@db:8000'], ['hunter2', 'admin']],
  [['dump', 'users', 'http:\\\\admin:hunter2@db:8000'], ['hunter2', 'admin']],
  [['dump', 'users', 'http://admin:hun"ter2@db:8000'], ['ter2', 'admin']],
  [['dump', 'users', "http://admin:hun'ter2@db:8000"], ['ter2', 'admin']],
  [['dump', 'users', 'http://admin:hun<ter2@db:8000'], ['ter2', 'admin']],
  [['dump', 'users', 'http://admin:hunt er2@db:8000'], ['hunt', 'admin']],
  [['dump', 'users', 'http://admin:hunt', 'er2@db:8000'], ['hunt', 'admin']],
  [['dump', 'users', 'http://admin:hunt//er2@db:8000'], ['hunt', 'admin']],
  [['dump', 'users', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCY'], ['wJalrXUtnFEMIK7MDENG']],
  [['dump', 'users', 'AKIAIOSFODNN7EXAMPLE'], ['AKIAIOSFODNN7EXAMPLE']],
  [['load', 'users', '--in', 'http://admin:hunter2@db:8000/x'], ['hunter2', 'admin']],
]

test('a credential typed in any shape where none belongs: no part of it reaches stderr', async () => {
  const shown: Array<string> = []
  for (const [argv, secrets] of leaks) {
    const [, stderr] = await withStderr(() => main(argv, {}))
    const refusal = stderr.split('\n').find((line) => line.startsWith('dynamongo: '))
    assert.ok(refusal !== undefined, `${argv.join(' ')}: ${stderr}`)
    for (const secret of secrets) if (stderr.includes(secret)) shown.push(`${argv.join(' ')}: ${secret} in ${refusal}`)
  }
  assert.equal(shown, [])
})

test.run()
