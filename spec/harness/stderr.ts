/**
 * What `f` writes on the process's stderr while it runs (the command line's `main` writes its
 * messages there), with its result: stderr is taken over for the run and given back after it,
 * whatever `f` does.
 */
export const withStderr = async <A>(f: () => Promise<A>): Promise<readonly [A, string]> => {
  const written: string[] = []
  const write = process.stderr.write
  process.stderr.write = ((text: string | Uint8Array) => {
    written.push(String(text))
    return true
  }) as typeof process.stderr.write
  try {
    const a = await f()
    return [a, written.join('')]
  } finally {
    process.stderr.write = write
  }
}
