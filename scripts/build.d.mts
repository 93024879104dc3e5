import type { BuildOptions, Plugin } from 'esbuild'

/** The esbuild settings of the published bundle (minified ES module for Node, names kept); the bench builds its peers with them too. */
export declare const settings: BuildOptions
/** The plugin that bundles fp-ts's and io-ts's `es6/` builds in place of their CommonJS `lib/` (their `sideEffects: false` kept). */
export declare const es6Builds: Plugin
/** Bundle `lib/index.ts` (or `entry`) into one minified ES module at `outfile`, as `npm run build` does; its size in bytes. */
export declare const bundle: (options: { readonly outfile: string; readonly sourcemap?: boolean; readonly minify?: boolean; readonly entry?: string }) => Promise<number>
/** `dist/index.js` as `npm run build` writes it at `outfile` (`bundle` with its source map beside it, linked from its last line); its size in bytes. */
export declare const publishedBundle: (options: { readonly outfile: string }) => Promise<number>
/** Bundle `lib/local/DynamoLocal.ts` (the `dynamongo/local` entry) into one ES module at `outfile`, every package external; its size in bytes. */
export declare const bundleLocal: (options: { readonly outfile: string; readonly sourcemap?: boolean }) => Promise<number>
/** Bundle `lib/cli/bin.ts` (the `dynamongo` command line, the package's `bin`) into one executable ES module at `outfile`; its size in bytes. */
export declare const bundleCli: (options: { readonly outfile: string; readonly sourcemap?: boolean }) => Promise<number>
