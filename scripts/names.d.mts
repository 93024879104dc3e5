/**
 * esbuild's output `code` at `file` (its source map `map`, the JSON text) with lib/'s
 * `__name(function (…) {…}, "x")` calls written as `function x(…) {…}`, the map shifted to
 * match; `named`: the calls rewritten, `kept`: lib/'s calls left as they were.
 */
export declare const nameFunctions: (options: { readonly code: string; readonly map: string; readonly file: string; readonly lib: string }) => {
  readonly code: string
  readonly map: string
  readonly named: number
  readonly kept: number
}
