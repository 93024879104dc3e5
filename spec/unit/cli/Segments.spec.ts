/**
 * `--segments` is refused by the one rule of a whole number (internal/whole), in its words:
 * DynamoDB's bound written as every other message writes it, the text typed shown as typed.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../../../lib/cli/main.js'
import { withStderr } from '../../harness/stderr.js'

/** The exit code and what `main` wrote on stderr for `argv` (no request: refused before any). */
const refused = async (argv: ReadonlyArray<string>): Promise<readonly [number, string]> => {
  return withStderr(() => main(argv, {}))
}

test("--segments out of DynamoDB's bound, or not in decimal digits: exit 2, the rule as an option's segments says it", async () => {
  for (const n of ['0', '1000001', '0x2', 'abc']) {
    assert.equal(await refused(['dump', 't', '--segments', n]), [2, `dynamongo: --segments must be a whole number from 1 to 1,000,000, got ${JSON.stringify(n)}\n`], n)
  }
})

test.run()
