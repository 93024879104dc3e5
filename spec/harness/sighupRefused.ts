/**
 * Preloaded into a child process (`node --import tsx --import spec/harness/sighupRefused.ts …`):
 * the process cannot send itself SIGHUP, as on Windows, where libuv's kill sends SIGINT,
 * SIGTERM, SIGKILL and SIGQUIT only and throws ENOSYS for the others. A SIGHUP that comes from
 * outside is still delivered.
 */
const kill = process.kill.bind(process)

process.kill = (pid: number, signal?: string | number): true => {
  if (pid === process.pid && signal === 'SIGHUP') throw Object.assign(new Error('kill ENOSYS'), { code: 'ENOSYS', errno: -38, syscall: 'kill' })
  return kill(pid, signal)
}
