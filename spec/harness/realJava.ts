/**
 * The java of the PATH this process was given, by its absolute path: what a spec's wrapper
 * script named `java` (put first on the PATH of a DynamoDB Local it starts) runs in the end.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

export const realJava = (): string => {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const p = path.join(dir, 'java')
    try {
      if (readFileSync(p).length > 0) return p
    } catch {
      // not there
    }
  }
  throw new Error('no java on the PATH')
}
