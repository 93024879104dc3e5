/** `true` when `A` and `B` are the same type (not merely assignable one to the other). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Compiles only when its type argument is `true`: `expect<Equals<typeof x, User>>()`. */
export const expect = <T extends true>(): T | undefined => undefined

/** `true` when `T` is `any` (which every type is assignable to, and `0` extends `1 & any`). */
export type IsAny<T> = 0 extends 1 & T ? true : false
