/**
 * Function names kept without a call at load. esbuild's `keepNames` keeps a function's name
 * through minification with a call where the function is made, `__name(function (…) {…},
 * "getOne")`, that is an `Object.defineProperty`: the main bundle makes most of its functions
 * at import, a named closure inside an operation makes one on every request, and each pays for
 * the call. A named function expression, `function getOne(…) {…}`, has the same `name` and
 * the same frames in a stack trace, with nothing run (bench/README.md, import time).
 *
 * `nameFunctions` rewrites each such call of esbuild's output into the named expression where
 * that means the same: the function is lib/'s code (other packages' code stays as esbuild
 * writes it), its name is an identifier that is not reserved, and no identifier of that name
 * occurs inside the function (there the name would now be the function itself), nor a direct
 * `eval` (it could read that name), and the call does not start a statement (there `function x`
 * would be a declaration). Classes
 * (`static { __name(this, …) }`) and function declarations keep esbuild's calls. The source
 * map's columns are shifted to match the rewritten text.
 */
import { SourceMap } from 'node:module'
import path from 'node:path'
import * as esbuild from 'esbuild'
import ts from 'typescript'

/** Words a function expression cannot be named in a module (strict mode): reserved words, `eval`, `arguments`. */
const reserved = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package ' +
    'private protected public await eval arguments').split(' '),
)

/**
 * The name of esbuild's `__name` helper in `sf`, or `undefined` (built without `keepNames`): the
 * module-level `var x = function (fn, name) { return defineProperty(fn, "name", { value: name, … }) }`.
 */
const helperName = (sf) => {
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue
    for (const d of s.declarationList.declarations) {
      const f = d.initializer
      if (f === undefined || !(ts.isFunctionExpression(f) || ts.isArrowFunction(f)) || f.parameters.length !== 2 || !ts.isIdentifier(d.name)) continue
      const body = ts.isBlock(f.body) ? (f.body.statements.length === 1 && ts.isReturnStatement(f.body.statements[0]) ? f.body.statements[0].expression : undefined) : f.body
      if (body !== undefined && ts.isCallExpression(body) && body.arguments.length === 3 && ts.isStringLiteral(body.arguments[1]) && body.arguments[1].text === 'name') return d.name.text
    }
  }
  return undefined
}

/**
 * Whether `node` holds a direct `eval` call: its code can read any name in scope, the
 * function's own name included once it has one (`eval('x')` inside `function x` is the function).
 */
const evals = (node) => {
  let found = false
  const visit = (n) => {
    if (found) return
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'eval') found = true
    else ts.forEachChild(n, visit)
  }
  visit(node)
  return found
}

/**
 * Whether the call `n` is the first thing of a statement (`f(function () {}, "x").call(o)`,
 * `export default f(…)`): there `function x` would start a function declaration (a binding
 * of x in the enclosing scope, hoisted) or not parse, not an expression.
 */
const startsStatement = (n) => {
  const start = n.getStart()
  for (let p = n.parent; p !== undefined && p.getStart() === start; p = p.parent) {
    if (ts.isExpressionStatement(p) || ts.isExportAssignment(p)) return true
  }
  return false
}

/** Whether an identifier `name` occurs anywhere inside `node`. */
const mentions = (node, name) => {
  let found = false
  const visit = (n) => {
    if (found) return
    if (ts.isIdentifier(n) && n.text === name) found = true
    else ts.forEachChild(n, visit)
  }
  visit(node)
  return found
}

// -------------------------------------------------------------------------------------
// source map mappings (base64 VLQ), decoded to absolute numbers and encoded back
// -------------------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]))

/** `mappings` as one list per generated line of segments `[column, source, line, column, name?]`, every number absolute. */
const decodeMappings = (mappings) => {
  const prev = [0, 0, 0, 0, 0]
  return mappings.split(';').map((line) => {
    prev[0] = 0
    if (line === '') return []
    return line.split(',').map((seg) => {
      const values = []
      let shift = 0
      let value = 0
      for (const c of seg) {
        const digit = B64_INDEX.get(c)
        if (digit === undefined) throw new Error(`source map: bad mapping character ${c}`)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1)
          shift = 0
          value = 0
        }
      }
      return values.map((v, i) => (prev[i] += v))
    })
  })
}

const encodeVlq = (n) => {
  let v = n < 0 ? (-n << 1) | 1 : n << 1
  let out = ''
  do {
    const digit = v & 31
    v >>>= 5
    out += B64[v > 0 ? digit | 32 : digit]
  } while (v > 0)
  return out
}

const encodeMappings = (lines) => {
  const prev = [0, 0, 0, 0, 0]
  return lines
    .map((segments) => {
      prev[0] = 0
      return segments
        .map((seg) =>
          seg
            .map((v, i) => {
              const d = v - prev[i]
              prev[i] = v
              return encodeVlq(d)
            })
            .join(''),
        )
        .join(',')
    })
    .join(';')
}

/** Where generated column `c` of a line goes after that line's edits `[start, end, delta]`, in order: one inside a replaced range goes to its start. */
const moved = (edits, c) => {
  let shift = 0
  for (const [start, end, delta] of edits) {
    if (c >= end) shift += delta
    else if (c >= start) return start + shift
    else break
  }
  return c + shift
}

// -------------------------------------------------------------------------------------
// the rewrite
// -------------------------------------------------------------------------------------

/**
 * `code` (esbuild's output at `file`, with its source map `map`, the JSON text) with lib/'s
 * `__name(function (…) {…}, "x")` calls written as `function x(…) {…}`, and the map shifted to
 * match; `named` counts the calls rewritten, `kept` those left (their name or their code does
 * not allow it). `lib` is the directory whose code is rewritten.
 */
export const nameFunctions = ({ code, map, file, lib }) => {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const helper = helperName(sf)
  if (helper === undefined) return { code, map, named: 0, kept: 0 }
  const sourceMap = new SourceMap(JSON.parse(map))
  const sources = JSON.parse(map).sources.map((s) => path.resolve(path.dirname(file), s))
  const inLib = new Set(sources.filter((s) => s.startsWith(lib + path.sep)))
  const lineStarts = [0]
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  const lineOf = (pos) => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid] <= pos) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  const fromLib = (pos) => {
    const line = lineOf(pos)
    const entry = sourceMap.findEntry(line, pos - lineStarts[line])
    return entry.originalSource !== undefined && inLib.has(path.resolve(path.dirname(file), entry.originalSource))
  }

  /** `[start, end, text]`: replace code[start, end) by text; none crosses a line. */
  const edits = []
  let kept = 0
  const visit = (n) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === helper && n.arguments.length === 2) {
      const [f, name] = n.arguments
      if (ts.isFunctionExpression(f) && f.name === undefined && ts.isStringLiteral(name) && fromLib(f.getStart())) {
        const paren = code.indexOf('(', f.getStart())
        const head = code.slice(f.getStart(), paren)
        const allowed =
          /^[A-Za-z_$][\w$]*$/.test(name.text) &&
          !reserved.has(name.text) &&
          !mentions(f, name.text) &&
          !evals(f) &&
          !startsStatement(n) &&
          /^(async\s+)?function\s*\*?\s*$/.test(head)
        if (allowed) {
          // `helper(function (` → `function x(`; `}, "x")` → `}`
          edits.push([n.getStart(), paren, `${head.trimEnd()} ${name.text}`], [f.end, n.end, ''])
        } else kept++
      }
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  edits.sort((a, b) => a[0] - b[0])

  let out = ''
  let last = 0
  for (const [start, end, text] of edits) {
    out += code.slice(last, start) + text
    last = end
  }
  out += code.slice(last)
  // a rewrite that does not parse is a bug here: never publish it
  esbuild.transformSync(out, { loader: 'js', format: 'esm', logLevel: 'silent' })

  // each generated column after an edit on its line moves by the edits before it. A segment
  // inside removed text (`}, "x")`'s `, "x")`) has no text left to map: it is dropped (moved, it
  // would share the next token's column). Of the segments inside a replaced head (`f(function (`),
  // the last (the function's) goes to the start of its replacement (`function x(`), the others
  // are dropped: one segment per column.
  const byLine = new Map()
  for (const [start, end, text] of edits) {
    const line = lineOf(start)
    if (lineOf(end) !== line) throw new Error(`${file}: a rewritten name crosses a line at ${start}`)
    byLine.set(line, [...(byLine.get(line) ?? []), [start - lineStarts[line], end - lineStarts[line], text.length - (end - start), text === '']])
  }
  const payload = JSON.parse(map)
  const lines = decodeMappings(payload.mappings)
  for (const [line, lineEdits] of byLine) {
    const segments = []
    let lastEdit
    for (const seg of lines[line] ?? []) {
      const edit = lineEdits.find(([start, end]) => seg[0] >= start && seg[0] < end)
      if (edit?.[3] === true) continue
      if (edit !== undefined && edit === lastEdit) segments.pop()
      lastEdit = edit
      seg[0] = moved(lineEdits, seg[0])
      segments.push(seg)
    }
    lines[line] = segments
  }
  payload.mappings = encodeMappings(lines)
  return { code: out, map: JSON.stringify(payload), named: edits.length / 2, kept }
}
