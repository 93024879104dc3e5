/** Bundle `lib/index.ts` (or `entry`) into one minified ES module at `outfile`, as `npm run build` does; its size in bytes. */
export declare const bundle: (options: { readonly outfile: string; readonly sourcemap?: boolean; readonly minify?: boolean; readonly entry?: string }) => Promise<number>
