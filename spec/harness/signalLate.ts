/**
 * Preloaded into a child process (`node --import tsx --import spec/harness/signalLate.ts …`):
 * a signal the process sends itself (`process.kill(process.pid, signal)`) arrives a turn of the
 * event loop later rather than before `kill` returns, as a signal that is pending a while does.
 * What comes after such a `kill` then runs; the program is not changed, only when its own
 * signals arrive.
 */
const kill = process.kill.bind(process)

process.kill = (pid: number, signal?: string | number): true => {
  if (pid !== process.pid) return kill(pid, signal)
  setImmediate(() => kill(pid, signal))
  return true
}
