/**
 * package.json's `engines.node` is the real floor: at least the first Node release of every
 * Node API the code relies on without a fallback (a feature with one, as `crypto.hash` in
 * run/Cursor.ts, needs none). Node ignores an option it does not know, so a floor set too
 * low fails silently: on Node 20.0–20.9 `createWriteStream(…, { flush: true })` never fsyncs.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8')

/** Each Node API used without a fallback: where, how it reads there, and the first release with it. */
const needs = [{ what: "fs write streams' flush option (the CLI's staged dump flushes its file to disk)", file: 'lib/cli/main.ts', uses: /\bflush: true\b/, since: [20, 10, 0] }] as const

/** The least version a range `>=a.b.c` (or `>=a`, `>=a.b`) takes. */
const floorOf = (range: string): ReadonlyArray<number> => {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim())
  assert.ok(m !== null, `engines.node ${JSON.stringify(range)} is no >= range`)
  return [Number(m?.[1]), Number(m?.[2] ?? 0), Number(m?.[3] ?? 0)]
}

const atLeast = (v: ReadonlyArray<number>, w: ReadonlyArray<number>): boolean => {
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== (w[i] ?? 0)) return (v[i] ?? 0) > (w[i] ?? 0)
  return true
}

test("engines.node (package.json, and the lock's copy of it) is no lower than the first Node of every API used without a fallback", () => {
  const manifest = JSON.parse(read('package.json')) as { engines: { node: string } }
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node: string } }> }
  assert.is(lock.packages['']?.engines?.node, manifest.engines.node, "package-lock.json's copy")
  const floor = floorOf(manifest.engines.node)
  for (const n of needs) {
    assert.match(read(n.file), n.uses, `${n.file} no longer uses ${n.what}: take it off this list`)
    assert.ok(atLeast(floor, n.since), `engines.node ${manifest.engines.node} is below ${n.since.join('.')}, the first Node with ${n.what}`)
  }
})

test.run()
