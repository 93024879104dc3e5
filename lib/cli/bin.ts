/**
 * The `dynamongo` executable (`dist/cli.js`, the package's `bin`): the command line of
 * `main.ts` on this process's arguments, its result as the exit code.
 */
import { main } from './main.js'

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
