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

/** The diagnostics of modules type-checked in one program, each as `where: message` (only the modules' own: lib/ is type-checked by `npm run typecheck`). */
const diagnostics = (files: ReadonlyArray<string>, modules: ReadonlyArray<Example>): ReadonlyArray<string> => {
  const program = createProgram(files, options())
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

/** Type-checks modules in one program: each diagnostic as `where: message`. */
export const check = (modules: ReadonlyArray<Example>): Promise<ReadonlyArray<string>> =>
  withDir((dir) =>
    diagnostics(
      modules.map((m, i) => {
        const file = path.join(dir, `example${i}.mts`)
        writeFileSync(file, m.code)
        return file
      }),
      modules,
    ),
  )

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
 * Type-checks the modules in one program, then runs those with claims (`// => value`),
 * each as a module importing `dynamongo` from lib/. Gives the diagnostics, and each claim as
 * `where: failure` or `where: ok`, with a module that threw as `where: threw …`.
 */
export const checkAndRun = (modules: ReadonlyArray<Example>): Promise<{ readonly diagnostics: ReadonlyArray<string>; readonly claims: ReadonlyArray<string> }> =>
  withDir(async (dir) => {
    const claimFrom = path.join(root, 'spec', 'harness', 'examples.js')
    const made = modules.map((m) => withClaims(m, claimFrom))
    const files = made.map((m, i) => {
      const file = path.join(dir, `example${i}.mts`)
      writeFileSync(file, m.code)
      return file
    })
    const found = diagnostics(files, modules)
    results.length = 0
    const thrown: string[] = []
    if (found.length === 0) {
      for (const [i, m] of made.entries()) {
        if (m.claims === 0) continue
        // run from lib/'s sources (the loader of the specs compiles them), not through the type-checking's `paths`
        const runnable = path.join(dir, `run${i}.mts`)
        writeFileSync(runnable, m.code.replace(/from 'dynamongo'/g, `from ${JSON.stringify(path.join(root, 'lib', 'index.ts'))}`))
        try {
          await import(pathToFileURL(runnable).href)
        } catch (e) {
          thrown.push(`${modules[i]?.at(0) ?? '?'}: threw ${inspect(e)}`)
        }
      }
    }
    return { diagnostics: found, claims: [...results.map((r) => `${r.where}: ${r.failure ?? 'ok'}`), ...thrown] }
  })
