/**
 * The fold of a tagged union by its `_tag` (`Condition.match`, `Update.match`, `Plan.match`,
 * `Strategy.match`, `DynamoError.match`): the handler of the value's tag, applied to it. Each
 * module gives it its own union's type.
 */
export const matchTag =
  <B>(handlers: Readonly<Record<string, (t: any) => B>>) =>
  (t: { readonly _tag: string }): B =>
    (handlers[t._tag] as (t: unknown) => B)(t)
