/**
 * The `dynamongo` executable (`dist/cli.js`, the package's `bin`): the command line of
 * `main.ts` on this process's arguments, its result as the exit code.
 */
import { main } from './main.js'

// a reader of stdout or stderr that went away (`| head`, a log collector that died) is an error
// each write sees in its callback (the command's output, its exit code) or that is let go (what
// stderr would have said): never an unhandled 'error' event ending the process with a stack trace
process.stdout.on('error', () => undefined)
process.stderr.on('error', () => undefined)

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
