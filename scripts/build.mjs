/**
 * The published build: `dist/index.js`, one ES module (esbuild: bundled, minified, with a
 * source map into `lib/`), and the type declarations (`tsc --emitDeclarationOnly`).
 *
 * The AWS SDK stays external (an application has it loaded anyway). The parts of fp-ts and
 * io-ts (and io-ts-types, should it be used) that `lib/` uses are bundled from their ES
 * module builds (`es6/`), tree-shaken: Node can load those packages only in their CommonJS
 * form, file by file, which costs more than the rest of dynamongo's import (issue 6: see
 * bench/README.md).
 * Their values are plain data (`Either`) and structural codecs (`t.Type`), so they mix
 * freely with an application's own fp-ts and io-ts; the declarations refer to the
 * packages themselves, which stay dependencies.
 *
 *   node scripts/build.mjs            # dist/
 *   import { bundle } from './build.mjs'; await bundle({ outfile })   # the bundle alone
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Marks for the bundler what fp-ts and io-ts declare themselves (`"sideEffects": false`):
 * their module-level values are built without side effects, so the ones lib/ never uses
 * may drop out. esbuild cannot see it: io-ts's es6 build is TypeScript's ES5 output (every
 * class an IIFE marked `/** @class *\/`, every built-in codec a module-level `new`), and
 * fp-ts builds its instances with module-level calls (`export var as = dual(2, as_(Functor))`).
 * Marked `@__PURE__` (as Angular's build optimizer does for such code): io-ts's IIFEs, `new`s
 * and its branded codecs (`export var Int = brand(number, …)`, `Integer`); in fp-ts, every call of a
 * one-line `export var` initializer, or only its leading call when the initializer holds a
 * function (a call inside a function body is left alone). About 3.6 KB less.
 */
const PURE = '/* @__PURE__ */ '
const markPure = {
  'io-ts': (code) =>
    code
      // a class's module-level `Object.defineProperty(X.prototype, …)` (RecursiveType's `type`
      // getter) moved into the class's IIFE, so that the class drops out when unused
      .replace(/( {4}return (\w+);\n\}\(\w+\)\);\nexport \{ \2 \};\n)(Object\.defineProperty\(\2\.prototype, [^]*?\n\}\);\n)/g, (_, tail, _name, define) =>
        define.replace(/^/gm, '    ') + tail,
      )
      .replace(/\/\*\* @class \*\/ \(function/g, `${PURE}(function`)
      .replace(/^((?:export )?var \w+ = )new (\w+)\(\);$/gm, `$1${PURE}new $2();`)
      .replace(/^export var (\w+) = (brand|refinement)\(/gm, `export var $1 = ${PURE}$2(`)
      // `refinement(number, Number.isInteger, …)`: esbuild keeps a call that reads a property
      // (`Number.isInteger` might be a getter); the same test in a function it can drop
      .replace(/, Number\.isInteger, /g, ', function (n) { return Number.isInteger(n); }, '),
  'fp-ts': (code) =>
    code.replace(/^(export var \w+ = )(.*);$/gm, (_, head, init) =>
      /\bfunction\b|=>/.test(init)
        ? head + init.replace(/^([A-Za-z_$][\w$]*)\(/, `${PURE}$1(`) + ';'
        : head + init.replace(/(^|[^\w.$])([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\(/g, `$1${PURE}$2(`) + ';',
    ),
}

/** `fp-ts/lib/X.js`, `io-ts`, `io-ts-types/lib/X.js` → the package's `es6/X.js`. */
const es6Builds = {
  name: 'es6-builds',
  setup(build) {
    build.onLoad({ filter: /[\\/](io-ts|fp-ts)[\\/]es6[\\/][^\\/]+\.js$/ }, (args) => {
      const pkg = /[\\/](io-ts|fp-ts)[\\/]es6[\\/]/.exec(args.path)?.[1]
      const code = readFileSync(args.path, 'utf8')
      const marked = markPure[pkg](code)
      if (pkg === 'io-ts' && marked === code) throw new Error(`${args.path}: nothing to mark pure (has io-ts's build changed?)`)
      return { contents: marked, loader: 'js' }
    })
    build.onResolve({ filter: /^(fp-ts|io-ts|io-ts-types|monocle-ts|newtype-ts)(\/lib\/.+)?$/ }, (args) => {
      const [, pkg, rest] = /^([^/]+)(?:\/lib\/(.+))?$/.exec(args.path) ?? []
      const file = rest === undefined ? 'index.js' : rest.endsWith('.js') ? rest : `${rest}.js`
      const dir = path.dirname(fileURLToPath(import.meta.resolve(`${pkg}/package.json`, `file://${root}/`)))
      return { path: path.join(dir, 'es6', file) }
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

/** Bundle `lib/index.ts` into one minified ES module at `outfile`; returns its size in bytes. */
export const bundle = async ({ outfile, sourcemap = false, minify = true, entry = path.join(root, 'lib', 'index.ts') }) => {
  const r = await esbuild.build({
    stdin: await namespaceEntry(entry),
    outfile,
    bundle: true,
    minify,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@aws-sdk/*'],
    plugins: [es6Builds],
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  })
  return Object.entries(r.metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1].bytes ?? 0
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = path.join(root, 'dist')
  rmSync(dist, { recursive: true, force: true })
  const bytes = await bundle({ outfile: path.join(dist, 'index.js'), sourcemap: true })
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' })
  if (tsc.status !== 0) process.exit(tsc.status ?? 1)
  console.log(`dist/index.js: ${(bytes / 1024).toFixed(1)} KB (minified ES module, @aws-sdk/* external); dist/*.d.ts`)
}
