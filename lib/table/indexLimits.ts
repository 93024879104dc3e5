/**
 * DynamoDB's limits on the secondary indexes of one table, read of the indexes a table would
 * have (`Table.diff`'s, `Dynamo.createTable`'s): `Model.make` holds each model to the counts,
 * but entities sharing a table each bring their own indexes, a table keeps the ones no model
 * declares, and the attributes listed by projections are counted over all of them. Pure.
 *
 * @since 0.3.0
 */
import { GLOBAL_INDEXES, INDEX_PROJECTED_ATTRIBUTES, LOCAL_INDEXES, PROJECTED_ATTRIBUTES } from '../rules/limits.js'
import type { IndexShape } from './Table.js'

/**
 * Why DynamoDB would refuse a table whose secondary indexes are `all` (the reasons, each naming the limit), or
 * none: more than `GLOBAL_INDEXES` global indexes, more than `LOCAL_INDEXES` local ones, more
 * than `PROJECTED_ATTRIBUTES` attributes listed by their projections together, or more than
 * `INDEX_PROJECTED_ATTRIBUTES` by one (entities that share an index list their attributes in
 * one projection). A table that has
 * more than `GLOBAL_INDEXES` global indexes already (`present`: a quota AWS raised for it) is
 * not judged by that count, which is then no longer the table's.
 */
export const indexLimitsWhy = (all: ReadonlyArray<IndexShape>, present: ReadonlyArray<IndexShape> = []): ReadonlyArray<string> => {
  const globalsOf = (ixs: ReadonlyArray<IndexShape>): number => ixs.filter((ix) => ix._tag === 'GlobalIndex').length
  const globals = globalsOf(all)
  const raised = globalsOf(present) > GLOBAL_INDEXES
  const locals = all.length - globals
  const listed = all.reduce((n, ix) => n + (ix.projection._tag === 'Include' ? ix.projection.attributes.length : 0), 0)
  const widest = all.reduce((n, ix) => Math.max(n, ix.projection._tag === 'Include' ? ix.projection.attributes.length : 0), 0)
  return [
    ...(globals > GLOBAL_INDEXES && !raised ? [`indexes: the table would have ${globals} global secondary indexes, and DynamoDB takes at most ${GLOBAL_INDEXES}`] : []),
    ...(locals > LOCAL_INDEXES ? [`indexes: the table would have ${locals} local secondary indexes, and DynamoDB takes at most ${LOCAL_INDEXES}`] : []),
    ...(listed > PROJECTED_ATTRIBUTES
      ? [`indexes: the projections of the table's indexes would list ${listed} attributes together (one listed by two indexes counts twice), and DynamoDB takes at most ${PROJECTED_ATTRIBUTES}`]
      : []),
    ...(widest > INDEX_PROJECTED_ATTRIBUTES ? [`indexes: the projection of one of the table's indexes would list ${widest} attributes, and DynamoDB takes at most ${INDEX_PROJECTED_ATTRIBUTES} in one`] : []),
  ]
}
