/**
 * scripts/names.mjs: the published build keeps lib/'s function names as named function
 * expressions in place of esbuild's `keepNames` calls. What it rewrites must mean what esbuild
 * wrote: every function keeps its `name` and its frames in a stack trace, a function whose
 * own code mentions its name keeps its call, other packages' code stays as esbuild writes it,
 * and the source map still points each function at its line.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as esbuild from 'esbuild'
import * as fc from 'fast-check'
import ts from 'typescript'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { bundle, settings } from '../../scripts/build.mjs'
import { nameFunctions } from '../../scripts/names.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'dynamongo-build-names-'))

const names = suite('build: lib/ functions named without a call')

names.after(() => rmSync(dir, { recursive: true, force: true }))

/** The call sites of esbuild's name helper in `code` (minified: `x(function`, `x(this,`, `x(name,"…")`). */
const helperCalls = (code: string): ReadonlyArray<number> => {
  const helper = /([\w$]+)=function\(([\w$]+),([\w$]+)\)\{return [\w$]+\(\2,"name",\{value:\3,configurable:!0\}\)\}/.exec(code)?.[1]
  assert.ok(helper !== undefined, "the bundle holds esbuild's name helper (keepNames)")
  const escaped = (helper as string).replace(/\$/g, '\\$')
  return [...code.matchAll(new RegExp(`(?<![\\w$.])${escaped}\\((?:function|async function|this,|[\\w$]+,")`, 'g'))].map((m) => m.index ?? 0)
}

/** Where `pos` of `code` maps to through `map`: the source (absolute) and its 1-based line. */
const mapped = (code: string, map: SourceMap, file: string, pos: number): { readonly source: string; readonly line: number } | undefined => {
  const before = code.slice(0, pos)
  const line = before.split('\n').length - 1
  const e = map.findEntry(line, pos - (before.lastIndexOf('\n') + 1)) as { originalSource?: string; originalLine?: number }
  return e.originalSource === undefined ? undefined : { source: path.resolve(path.dirname(file), e.originalSource), line: (e.originalLine ?? 0) + 1 }
}

/**
 * esbuild's output and source map (the published build's settings, with `options` over them)
 * for the files `files` (path under `lib/` to text) of a fixture `name`, entry `entry`, and
 * what `nameFunctions` makes of them.
 */
const built = async (name: string, files: Readonly<Record<string, string>>, entry: string, options: esbuild.BuildOptions = {}) => {
  const base = path.join(dir, name)
  const lib = path.join(base, 'lib')
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(base, f)), { recursive: true })
    writeFileSync(path.join(base, f), text)
  }
  const file = path.join(base, 'out', 'a.js')
  const r = await esbuild.build({ ...settings, ...options, entryPoints: [path.join(base, entry)], outfile: file, write: false, sourcemap: 'external', sourcesContent: false, logLevel: 'silent' })
  const js = r.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? ''
  const map = r.outputFiles.find((f) => f.path.endsWith('.map'))?.text ?? ''
  return { js, map, file, lib, out: () => nameFunctions({ code: js, map, file, lib }) }
}

/** Load `code` as the module `file`. */
const load = async (file: string, code: string): Promise<unknown> => {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, code)
  return import(pathToFileURL(file).href)
}

names('a small program: names, stack frames, a name its own code mentions, another package\'s code, the source map', async () => {
  const source = [
    "import { vendored } from '../vendor/v.js'",
    'export const outer = (n: number) => {',
    '  const inner = (m: number) => m + n',
    '  return inner',
    '}',
    '// its own code says `log` (a property): the name would not change it, but it is left as it was',
    'export const log = (m: string) => console.log(m)',
    'export const fails = async (why: string) => {',
    '  throw new Error(why)',
    '}',
    'export const rec = (n: number): number => (n <= 1 ? 1 : n * rec(n - 1))',
    'export { vendored }',
    '',
  ].join('\n')
  const { js, file, lib, out: rewrite } = await built('fixture', { 'vendor/v.js': 'export const vendored = (x) => x + 1\n', 'lib/a.ts': source }, 'lib/a.ts')
  const out = rewrite()
  // outer, inner, fails, rec; log kept
  assert.is(out.named, 4)
  assert.is(out.kept, 1)
  assert.is(helperCalls(js).length - helperCalls(out.code).length, 4)
  for (const n of ['outer', 'inner', 'fails', 'rec']) assert.match(out.code, new RegExp(`function ${n}\\(`))
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, out.code)
  const m = (await import(pathToFileURL(file).href)) as {
    outer: (n: number) => (m: number) => number
    log: (m: string) => void
    fails: (why: string) => Promise<never>
    rec: (n: number) => number
    vendored: (x: number) => number
  }
  assert.equal([m.outer.name, m.outer(1).name, m.log.name, m.fails.name, m.rec.name, m.vendored.name], ['outer', 'inner', 'log', 'fails', 'rec', 'vendored'])
  assert.is(m.outer(1)(2), 3)
  assert.is(m.rec(5), 120)
  const e = await m.fails('no').then(() => undefined, (x: unknown) => x as Error)
  assert.match(e?.stack?.split('\n')[1] ?? '', /^\s+at (?:Module\.)?fails /, 'the frame named by the function')
  // the other package's function keeps esbuild's call
  const vendoredAt = out.code.indexOf('"vendored"')
  assert.ok(vendoredAt > 0, "vendor/v.js's function keeps its call")
  // each named function maps to the line of lib/a.ts that makes it
  const sm = new SourceMap(JSON.parse(out.map))
  const lines = source.split('\n')
  for (const n of ['outer', 'inner', 'fails', 'rec']) {
    const at = mapped(out.code, sm, file, out.code.indexOf(`function ${n}(`))
    assert.is(at?.source, path.join(lib, 'a.ts'), n)
    assert.match(lines[(at?.line ?? 0) - 1] ?? '', new RegExp(`const ${n} =`), n)
  }
})

names('a function holding a direct eval keeps its call: the named function would be what the eval reads', async () => {
  const source = "export const make = () => {\n  const foo = 'outer'\n  return { foo: () => eval('foo') }\n}\n"
  const { file, out } = await built('evals', { 'lib/a.ts': source }, 'lib/a.ts')
  const r = out()
  // the eval is inside both: it could read either name
  assert.is(r.named, 0)
  assert.is(r.kept, 2, 'make, foo')
  const m = (await load(file, r.code)) as { make: () => { foo: () => unknown } }
  assert.is(m.make().foo(), 'outer')
  assert.is(m.make.name, 'make')
  assert.is(m.make().foo.name, 'foo')
})

names('a call that starts a statement keeps it: there `function x` would be a declaration', async () => {
  // built without keepNames, so that the helper-shaped function of the source is the helper
  const source = [
    'var nm = function (fn, name) { return Object.defineProperty(fn, "name", { value: name, configurable: true }) }',
    'export const hoists = (ks) => { nm(function () { return 1 }, "x"); for (const k of ks) ks.push(k); return typeof x }',
    'export const calls = (o) => nm(function () { return this }, "y").call(o)',
    'export const inStatement = (o) => { nm(function () { return this }, "z").call(o) }',
    '',
  ].join('\n')
  const { js, file, out } = await built('statements', { 'lib/a.js': source }, 'lib/a.js', { keepNames: false })
  assert.match(js, /\{[\w$]+\(function\(\)\{return 1\},"x"\);/, 'esbuild writes the call at the start of a statement')
  const r = out()
  assert.is(r.named, 1, 'y')
  assert.is(r.kept, 2, 'x, z')
  const m = (await load(file, r.code)) as { hoists: (ks: Array<number>) => string; calls: (o: object) => unknown; inStatement: (o: object) => void }
  assert.is(m.hoists([]), 'undefined')
  const o = {}
  assert.is(m.calls(o), o)
  assert.is(m.inStatement(o), undefined)
})

names('a name that is a reserved word keeps the call (an object\'s `delete` and `default`)', async () => {
  const source = 'export const o = { delete: () => 1, default: () => 2, plain: () => 3 }\n'
  const { file, out } = await built('reserved', { 'lib/a.ts': source }, 'lib/a.ts')
  const r = out()
  assert.is(r.named, 1, 'plain')
  assert.is(r.kept, 2, 'delete, default')
  const m = (await load(file, r.code)) as { o: Record<string, () => number> }
  assert.equal(Object.entries(m.o).map(([k, f]) => [k, f.name, f()]), [['delete', 'delete', 1], ['default', 'default', 2], ['plain', 'plain', 3]])
})

/** The tokens of `code`: `[start, end)` and text. */
const tokens = (code: string): ReadonlyArray<readonly [number, number, string]> => {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code)
  const out: Array<readonly [number, number, string]> = []
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    out.push([scanner.getTokenStart(), scanner.getTokenEnd(), scanner.getTokenText()])
  }
  return out
}

/** Each position of `b` in a token that `b` shares with `a` (their longest common subsequence of tokens), to its position in `a`. */
const alignment = (a: string, b: string): Map<number, number> => {
  const ta = tokens(a)
  const tb = tokens(b)
  const n = ta.length
  const m = tb.length
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = ta[i]![2] === tb[j]![2] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const at = new Map<number, number>()
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (ta[i]![2] === tb[j]![2]) {
      for (let d = 0; d < tb[j]![1] - tb[j]![0]; d++) at.set(tb[j]![0] + d, ta[i]![0] + d)
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++
    else j++
  }
  return at
}

/** How many segments of source map `mappings` share their generated line and column with the one before. */
const sharedColumns = (mappings: string): number => {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let shared = 0
  for (const line of mappings.split(';')) {
    let column = 0
    let previous = -1
    for (const segment of line === '' ? [] : line.split(',')) {
      // the first VLQ number of a segment: its column, relative to the one before on the line
      let value = 0
      let shift = 0
      for (const c of segment) {
        const d = digits.indexOf(c)
        value += (d & 31) << shift
        shift += 5
        if ((d & 32) === 0) break
      }
      column += value & 1 ? -(value >>> 1) : value >>> 1
      if (column === previous) shared++
      previous = column
    }
  }
  return shared
}

names('property: a position of the rewritten code maps where the same token of esbuild\'s output maps', async () => {
  const source = [
    'export const outer = (n: number) => {',
    '  const inner = (m: number) => m + n',
    '  const pair = { left: (k: number) => k - n, right: async (k: number) => [k, n] }',
    '  return [inner, pair]',
    '}',
    'export function* gen(n: number) { yield (() => n)() }',
    'export const log = (m: string) => console.log(m)',
    'export const rec = (n: number): number => (n <= 1 ? 1 : n * rec(n - 1))',
    '',
  ].join('\n')
  const { js, map, out } = await built('positions', { 'lib/a.ts': source }, 'lib/a.ts')
  const r = out()
  assert.ok(r.named >= 5, `${r.named} named`)
  const before = new SourceMap(JSON.parse(map))
  const after = new SourceMap(JSON.parse(r.map))
  const at = alignment(js, r.code)
  const lineStarts = (code: string) => [0, ...[...code.matchAll(/\n/g)].map((x) => (x.index ?? 0) + 1)]
  const startsJs = lineStarts(js)
  const startsOut = lineStarts(r.code)
  const entry = (sm: SourceMap, starts: ReadonlyArray<number>, pos: number) => {
    let line = starts.length - 1
    while (starts[line]! > pos) line--
    return sm.findEntry(line, pos - starts[line]!) as { generatedLine?: number; generatedColumn?: number; originalSource?: string; originalLine?: number; originalColumn?: number }
  }
  // every position of the rewritten code in a token esbuild wrote, and whose mapping in esbuild's
  // output is not a segment in the text the rewrite removed
  const removed = new Set<number>([...Array(js.length).keys()])
  for (const p of at.values()) removed.delete(p)
  fc.assert(
    fc.property(fc.integer({ min: 0, max: r.code.length - 1 }), (p) => {
      const q = at.get(p)
      if (q === undefined) return true
      const e = entry(before, startsJs, q)
      if (e.generatedLine === undefined) return true
      if (removed.has(startsJs[e.generatedLine]! + (e.generatedColumn ?? 0))) return true
      const f = entry(after, startsOut, p)
      assert.equal([f.originalSource, f.originalLine, f.originalColumn], [e.originalSource, e.originalLine, e.originalColumn], `at ${p}: ${r.code.slice(p, p + 20)}`)
      return true
    }),
    { numRuns: 2000 },
  )
  // no segment is moved onto a column another one has
  assert.is(sharedColumns((JSON.parse(r.map) as { mappings: string }).mappings), sharedColumns((JSON.parse(map) as { mappings: string }).mappings))
})

names('the published bundle: nearly every function of lib/ is named without a call, and its source map still points at its line', async () => {
  const file = path.join(dir, 'dist', 'index.js')
  await bundle({ outfile: file, sourcemap: true })
  const code = readFileSync(file, 'utf8')
  const sm = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')))
  const fromLib = (pos: number) => mapped(code, sm, file, pos)?.source.startsWith(path.join(root, 'lib') + path.sep) === true
  const calls = helperCalls(code).filter((pos) => fromLib(pos + 2))
  const named = [...code.matchAll(/function ([A-Za-z_$][\w$]*)\(/g)].filter((m) => fromLib(m.index ?? 0))
  assert.ok(named.length > 1000, `${named.length} named functions of lib/`)
  assert.ok(calls.length < named.length / 20, `${calls.length} calls of the name helper left in lib/'s code`)
  // each named function maps to lib/ at its own line, or the line above (`export const x =` on its own line)
  const sources = new Map<string, ReadonlyArray<string>>()
  const astray: Array<string> = []
  for (const m of named) {
    const at = mapped(code, sm, file, m.index ?? 0)
    if (at === undefined) continue
    const lines = sources.get(at.source) ?? readFileSync(at.source, 'utf8').split('\n')
    sources.set(at.source, lines)
    const near = lines.slice(Math.max(0, at.line - 3), at.line).join('\n')
    if (!new RegExp(`\\b${(m[1] as string).replace(/\$/g, '\\$')}\\b`).test(near)) astray.push(`${m[1]} at ${path.relative(root, at.source)}:${at.line}`)
  }
  // a function declaration of lib/ is minified (its name stays a call); every other one must land on its line
  assert.ok(astray.length < named.length / 100, `mapped away from their line: ${astray.slice(0, 10).join(', ')}`)
})

names.run()
