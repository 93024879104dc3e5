/**
 * Preloaded into a child process (`node --import tsx --import spec/harness/fsyncFails.ts …`):
 * every fsync and fdatasync of `node:fs` fails as on a disk that cannot write back (EIO), in
 * its callback, sync and promise (`FileHandle`) forms, as Node's own errors read. What a flush
 * to disk meets on a failing disk, which no file system at hand gives; the program run is not
 * changed, only the file system calls it makes.
 */
import fs from 'node:fs'

const eio = (syscall: string): NodeJS.ErrnoException => Object.assign(new Error(`EIO: i/o error, ${syscall}`), { errno: -5, code: 'EIO', syscall })

const failing = (syscall: string) => (_fd: number, callback: (e: NodeJS.ErrnoException) => void) => void process.nextTick(callback, eio(syscall))
const throwing = (syscall: string) => (): never => {
  throw eio(syscall)
}

const writable = fs as unknown as Record<string, unknown>
writable['fsync'] = failing('fsync')
writable['fdatasync'] = failing('fdatasync')
writable['fsyncSync'] = throwing('fsync')
writable['fdatasyncSync'] = throwing('fdatasync')

const handle = await fs.promises.open('/dev/null', 'r')
const proto = Object.getPrototypeOf(handle) as Record<string, unknown>
await handle.close()
proto['sync'] = () => Promise.reject(eio('fsync'))
proto['datasync'] = () => Promise.reject(eio('fdatasync'))
