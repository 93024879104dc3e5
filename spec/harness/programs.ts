/**
 * TypeScript programs for the specs that compile code (Types, Docs, Readme), built through
 * one compiler host per program that shares its parsed source files with the others of the
 * process: the files no spec writes — TypeScript's default libraries, the packages of
 * node_modules (@types/node, fp-ts, io-ts, the AWS SDK) and lib/ — are parsed once, not once
 * per program.
 *
 * A source file is shared between programs whose options parse and bind it alike: the key is
 * the one TypeScript's language service shares files by (`DocumentRegistry`'s
 * `getKeyForCompilationSettings`: the options that affect parsing and binding), with the
 * file's language version and module format. Each program still has its own type checker.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const modules = path.join(root, 'node_modules') + path.sep
const written = path.join(root, 'node_modules', '.cache') + path.sep
const lib = path.join(root, 'lib') + path.sep
const defaultLibs = path.dirname(ts.getDefaultLibFilePath({})) + path.sep

/** Files no spec writes: shared between programs. The specs' own modules (in node_modules/.cache) are read afresh. */
const shared = (fileName: string): boolean => {
  const file = path.resolve(fileName)
  return (file.startsWith(modules) && !file.startsWith(written)) || file.startsWith(lib) || file.startsWith(defaultLibs)
}

const registry = ts.createDocumentRegistry()
const sourceFiles = new Map<string, ts.SourceFile>()

/** A compiler host for `options` whose shared files come from (and go to) the process's cache. */
export const compilerHost = (options: ts.CompilerOptions): ts.CompilerHost => {
  const host = ts.createCompilerHost(options)
  const settings = registry.getKeyForCompilationSettings(options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (shouldCreateNewSourceFile === true || !shared(fileName)) return read(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile)
    const version = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions }
    const key = [settings, version.languageVersion, version.impliedNodeFormat, version.jsDocParsingMode, path.resolve(fileName)].join('|')
    const known = sourceFiles.get(key)
    if (known !== undefined) return known
    const file = read(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile)
    if (file !== undefined) sourceFiles.set(key, file)
    return file
  }
  return host
}

/** `ts.createProgram` through a host that shares the parsed files no spec writes. */
export const createProgram = (rootNames: ReadonlyArray<string>, options: ts.CompilerOptions): ts.Program =>
  ts.createProgram(rootNames, options, compilerHost(options))
