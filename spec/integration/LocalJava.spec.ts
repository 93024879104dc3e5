/**
 * Which `java` `dynamongo/local` runs: `JAVA_HOME`'s first (as Java's own tools choose), then
 * the one on the PATH, each passed over when it is missing or too old for DynamoDB Local (Java
 * before 17: its classes are of version 61). A java too old is a script that prints what such
 * a JVM prints (`UnsupportedClassVersionError`) and exits 1; a good one is this machine's own.
 * The JVM started is told by its program (`/proc/<pid>/exe`, Linux) and stopped by its pid.
 */
import { mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { start, type DynamoLocal, type LocalError } from '../../lib/local/DynamoLocal.js'
import { START_MS } from '../harness/local.js'

/** The java on the PATH this process was given, its real path (symbolic links followed). */
const pathJava = (): string => {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    try {
      return realpathSync(path.join(dir, 'java'))
    } catch {
      // not there
    }
  }
  throw new Error('no java on the PATH')
}

/** A folder whose `bin/java` is a Java 11 as DynamoDB Local's jar finds it: it says so and exits 1. */
const oldJava = (dir: string): string => {
  mkdirSync(path.join(dir, 'bin'), { recursive: true })
  writeFileSync(
    path.join(dir, 'bin', 'java'),
    '#!/bin/sh\necho \'Error: A JNI error has occurred, please check your installation and try again\' >&2\n' +
      'echo \'Exception in thread "main" java.lang.UnsupportedClassVersionError: com/amazonaws/services/dynamodbv2/local/main/ServerRunner has been compiled by a more recent version of the Java Runtime (class file version 61.0), this version of the Java Runtime only recognizes class file versions up to 55.0\' >&2\nexit 1\n',
    { mode: 0o755 },
  )
  return dir
}

/** `body` with these variables set (`undefined`: removed) in this process's environment, put back after. */
const withEnv = async <A>(set: Readonly<Record<string, string | undefined>>, body: () => Promise<A>): Promise<A> => {
  const before = Object.keys(set).map((k) => [k, process.env[k]] as const)
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  try {
    return await body()
  } finally {
    for (const [k, v] of before) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

/** One start: the program its JVM runs (the instance stopped), or its `LocalError`. */
const program = async (): Promise<E.Either<LocalError, string>> => {
  const r = await start({ timeoutMs: START_MS })()
  if (E.isLeft(r)) return r
  const db: DynamoLocal = r.right
  try {
    return E.right(readlinkSync(`/proc/${db.pid}/exe`))
  } finally {
    await db.stop()
  }
}

const good = pathJava()
const goodHome = path.dirname(path.dirname(good))

test("the PATH's java too old, JAVA_HOME a good one: start() runs JAVA_HOME's java", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-oldjava-'))
  try {
    const got = await withEnv({ PATH: `${path.join(oldJava(dir), 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`, JAVA_HOME: goodHome }, program)
    assert.equal(got, E.right(good), E.isLeft(got) ? got.left.message : '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("JAVA_HOME's java too old, the PATH's a good one: start() passes over JAVA_HOME's and runs the PATH's", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-oldhome-'))
  try {
    const got = await withEnv({ JAVA_HOME: oldJava(dir) }, program)
    assert.equal(got, E.right(good), E.isLeft(got) ? got.left.message : '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("JAVA_HOME relative (to this process's working directory), the PATH's java too old: start() runs JAVA_HOME's java", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-relhome-'))
  const cwd = process.cwd()
  try {
    symlinkSync(goodHome, path.join(dir, 'jdk'))
    const old = oldJava(path.join(dir, 'old'))
    process.chdir(dir)
    const got = await withEnv({ PATH: `${path.join(old, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`, JAVA_HOME: 'jdk' }, program)
    assert.equal(got, E.right(good), E.isLeft(got) ? got.left.message : '')
  } finally {
    process.chdir(cwd)
    rmSync(dir, { recursive: true, force: true })
  }
})

test('no java that can run it (JAVA_HOME with no bin/java, the PATH\'s too old; or both too old): start() fails with NoJava naming each java tried and why', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamongo-nojava-'))
  try {
    const old = oldJava(path.join(dir, 'old'))
    const empty = path.join(dir, 'empty')
    mkdirSync(empty)
    for (const home of [empty, old]) {
      const got = await withEnv({ PATH: path.join(old, 'bin'), JAVA_HOME: home }, program)
      assert.ok(E.isLeft(got), JSON.stringify(got))
      if (E.isRight(got)) return
      assert.is(got.left.reason, 'NoJava', got.left.message)
      const said = got.left.message
      assert.match(said, /needs Java 17 or newer/)
      assert.match(said, new RegExp(`JAVA_HOME's java \\(${path.join(home, 'bin', 'java')}\\): ${home === empty ? 'none \\(ENOENT\\)' : 'too old'}`), said)
      assert.match(said, /the java on the PATH: too old .*UnsupportedClassVersionError/, said)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()
