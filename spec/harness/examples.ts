/**
 * Documentation examples as modules: type-checked against lib/ in one program (README.md's
 * walk-through, and the `@example`s of lib/'s doc comments), and run when they claim values.
 *
 * The modules are written into a temporary directory inside node_modules/.cache, so that
 * fp-ts and io-ts resolve as from an application; `dynamongo` maps to lib/index.ts (and
 * `dynamongo/local` to lib/local/DynamoLocal.ts) with the project's compiler options.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isDeepStrictEqual, inspect } from 'node:util'
import ts from 'typescript'
import { createProgram } from './programs.js'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The ```ts blocks of a markdown text, each with the line (1-based) of its first code line. */
export const tsBlocks = (markdown: string): ReadonlyArray<{ readonly line: number; readonly code: string }> => {
  const blocks: Array<{ line: number; code: string }> = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end]?.trim() !== '```') end++
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') })
    i = end
  }
  return blocks
}

/** A module of example code; `at` names the line of its source (README.md or lib/) for a line of the module (0-based). */
export interface Example {
  readonly code: string
  readonly at: (line: number) => string
}

/** The project's compiler options, for examples: `dynamongo` mapped to lib/, unused values allowed (examples show values without using them all). */
const options = (): ts.CompilerOptions => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (config === undefined) throw new Error('tsconfig.json: not read')
  return {
    ...config.options,
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: { dynamongo: [path.join(root, 'lib', 'index.ts')], 'dynamongo/local': [path.join(root, 'lib', 'local', 'DynamoLocal.ts')] },
  }
}

/** A temporary directory for example modules, removed after `f`. */
const withDir = async <A>(f: (dir: string) => A | Promise<A>): Promise<A> => {
  const cache = path.join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(path.join(cache, 'dynamongo-examples-'))
  try {
    return await f(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The diagnostics of some of a program's modules (`files`), each as `where: message` (only the modules' own: lib/ is type-checked by `npm run typecheck`). */
const diagnostics = (program: ts.Program, files: ReadonlyArray<string>, modules: ReadonlyArray<Example>): ReadonlyArray<string> => {
  const own = files.flatMap((f) => {
    const sf = program.getSourceFile(f)
    return sf === undefined ? [] : [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
  })
  return [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...own].map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (d.file === undefined || d.start === undefined) return text
    const { line } = d.file.getLineAndCharacterOfPosition(d.start)
    const i = files.indexOf(d.file.fileName)
    return `${i < 0 ? path.relative(root, d.file.fileName) : (modules[i]?.at(line) ?? '?')}: ${text}`
  })
}

/** Modules a spec declared, with the code they are checked as (made when checked) and, once checked, their diagnostics. */
interface Declared {
  readonly modules: ReadonlyArray<Example>
  readonly code: (example: Example) => string
  checked?: { readonly codes: ReadonlyArray<string>; readonly diagnostics: ReadonlyArray<string> } | { readonly error: unknown }
}

const declared: Array<Declared> = []
let checking: Promise<void> = Promise.resolve()

/**
 * Type-checks every declared set of modules not checked yet, all in one program: one checker
 * goes over lib/ for the specs of a process (Docs' `@example`s and README.md's walk-through),
 * not one per spec. Each set gets the diagnostics of its own modules only.
 */
const checkDeclared = (): Promise<void> =>
  (checking = checking.then(async () => {
    const pending = declared.filter((d) => d.checked === undefined)
    if (pending.length === 0) return
    await withDir((dir) => {
      const made = pending.map((d, j) => {
        try {
          const codes = d.modules.map(d.code)
          return { d, codes, files: codes.map((_, i) => path.join(dir, `set${j}`, `example${i}.mts`)) }
        } catch (error) {
          d.checked = { error }
          return undefined
        }
      })
      const sets = made.filter((m) => m !== undefined)
      for (const { codes, files } of sets) {
        files.forEach((file, i) => {
          mkdirSync(path.dirname(file), { recursive: true })
          writeFileSync(file, codes[i]!)
        })
      }
      const program = createProgram(sets.flatMap((m) => m.files), options())
      for (const { d, codes, files } of sets) d.checked = { codes, diagnostics: diagnostics(program, files, d.modules) }
    })
  }))

/** The diagnostics of a declared set of modules (and the code each was checked as), checking it (with the others declared) if not done yet. */
const checked = async (d: Declared): Promise<{ readonly codes: ReadonlyArray<string>; readonly diagnostics: ReadonlyArray<string> }> => {
  if (d.checked === undefined) await checkDeclared()
  const c = d.checked
  if (c === undefined || 'error' in c) throw c === undefined ? new Error('not checked') : c.error
  return c
}

/**
 * Declares modules to type-check; the check that `check()` gives runs at the first check any
 * declared set asks for, over all the sets declared by then, in one program. A spec declares
 * its modules as it loads (before any spec of the process runs) and checks them in a test.
 */
export const declare = (modules: ReadonlyArray<Example>): { readonly check: () => Promise<ReadonlyArray<string>> } => {
  const d: Declared = { modules, code: (m) => m.code }
  declared.push(d)
  return { check: async () => (await checked(d)).diagnostics }
}

// -------------------------------------------------------------------------------------
// claims: `// => value`
// -------------------------------------------------------------------------------------

/** The name of the function a claim becomes in its module. */
const claimName = '__claim'

/**
 * A module's code with its claims made checks, line for line (diagnostics keep their lines).
 * A claim is a comment `// => value` after a top-level statement, on its last line or on the
 * lines after it, continued by the lines that follow indented (`//   …`; a `// note` ends it). After an expression statement it
 * claims the expression's value; after `const x = …`, `x`'s. Each becomes
 * `__claim(() => actual, () => (value), 'where')`; `__claim` is imported at the end of the
 * module from `claimFrom`, which records its results under `where`.
 */
export const withClaims = (example: Example, claimFrom: string): { readonly code: string; readonly claims: number } => {
  const sf = ts.createSourceFile('example.mts', example.code, ts.ScriptTarget.Latest, true)
  const text = example.code
  const edits: Array<{ readonly at: number; readonly end: number; readonly text: string }> = []
  const statements = sf.statements
  statements.forEach((s, i) => {
    const next = statements[i + 1]?.getStart() ?? text.length
    const after = text.slice(s.end, next)
    const found = /^([ \t]*(?:\r?\n[ \t]*)?)\/\/ =>/.exec(after)
    if (found === null) return
    // the claim: its first line, then the lines right after it that go on indented (`//  …`)
    const lines = after.slice(found[1]!.length).split('\n')
    let count = 1
    while (count < lines.length && /^\s*\/\/ {2}/.test(lines[count]!)) count++
    const claimStart = s.end + found[1]!.length
    const claimText = lines.slice(0, count).join('\n')
    const line = sf.getLineAndCharacterOfPosition(claimStart).line
    const where = JSON.stringify(example.at(line))
    const value = claimText.replace(/^\/\/ =>/, '').replace(/\n(\s*)\/\//g, '\n$1  ')
    if (ts.isExpressionStatement(s)) {
      edits.push({ at: s.getStart(), end: s.end, text: `${claimName}(() => (${text.slice(s.expression.getStart(), s.expression.end)}), ` })
    } else if (ts.isVariableStatement(s) && s.declarationList.declarations.length === 1 && ts.isIdentifier(s.declarationList.declarations[0]!.name)) {
      edits.push({ at: s.end, end: s.end, text: `; ${claimName}(() => ${s.declarationList.declarations[0]!.name.text}, ` })
    } else {
      throw new Error(`${example.at(line)}: a claim follows an expression statement or \`const x = …\``)
    }
    edits.push({ at: claimStart, end: claimStart + claimText.length, text: `() => (${value}), ${where})` })
  })
  let code = text
  for (const e of [...edits].sort((a, b) => b.at - a.at)) code = code.slice(0, e.at) + e.text + code.slice(e.end)
  return { code: `${code}\nimport { claim as ${claimName} } from ${JSON.stringify(claimFrom)}\n`, claims: edits.length / 2 }
}

/** The results of the claims run so far, by where they are; a run resets them. */
const results: Array<{ readonly where: string; readonly failure: string | undefined }> = []

/**
 * Records whether `actual()` equals `expected()` (deep, strict: `isDeepStrictEqual`). The
 * claimed value is not typed by the actual one (`E.right('Query')` is an `Either<never, string>`
 * where the actual one is of a union of literals): the run compares them.
 */
export const claim = (actual: () => unknown, expected: () => unknown, where: string): void => {
  try {
    const a = actual()
    const e = expected()
    results.push({ where, failure: isDeepStrictEqual(a, e) ? undefined : `got ${inspect(a, { depth: 8 })}, claimed ${inspect(e, { depth: 8 })}` })
  } catch (e) {
    results.push({ where, failure: `threw ${inspect(e)}` })
  }
}

/**
 * Declares modules that claim values (`// => value`) to type-check (as `declare` does: in one
 * program with the other declared sets); `checkAndRun()` checks them, then runs those with
 * claims, each as a module importing `dynamongo` from lib/. It gives the diagnostics, and each
 * claim as `where: failure` or `where: ok`, with a module that threw as `where: threw …`.
 */
export const declareRunnable = (
  modules: ReadonlyArray<Example>,
): { readonly checkAndRun: () => Promise<{ readonly diagnostics: ReadonlyArray<string>; readonly claims: ReadonlyArray<string> }> } => {
  const claimFrom = path.join(root, 'spec', 'harness', 'examples.js')
  const claims = new Map<Example, number>()
  const d: Declared = {
    modules,
    code: (m) => {
      const made = withClaims(m, claimFrom)
      claims.set(m, made.claims)
      return made.code
    },
  }
  declared.push(d)
  return {
    checkAndRun: async () => {
      const { codes, diagnostics: found } = await checked(d)
      return withDir(async (dir) => {
        results.length = 0
        const thrown: string[] = []
        if (found.length === 0) {
          for (const [i, code] of codes.entries()) {
            if ((claims.get(modules[i]!) ?? 0) === 0) continue
            // run from lib/'s sources (the loader of the specs compiles them), not through the type-checking's `paths`
            const runnable = path.join(dir, `run${i}.mts`)
            writeFileSync(runnable, code.replace(/from 'dynamongo'/g, `from ${JSON.stringify(path.join(root, 'lib', 'index.ts'))}`))
            try {
              await import(pathToFileURL(runnable).href)
            } catch (e) {
              thrown.push(`${modules[i]?.at(0) ?? '?'}: threw ${inspect(e)}`)
            }
          }
        }
        return { diagnostics: found, claims: [...results.map((r) => `${r.where}: ${r.failure ?? 'ok'}`), ...thrown] }
      })
    },
  }
}
