/**
 * The public surface: the runtime keys of the package root and of each of its namespaces,
 * pinned. The surface is DESIGN.md's contract (§2, §5) plus what users need (the README);
 * internals (key identity, codec walkers, attribute-name rules, comparison of stored
 * values, …) live in modules the root does not export, so a leak fails here.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as Root from '../../lib/index.js'

const surface = suite('surface: the root and its namespaces')

const expected: Readonly<Record<string, ReadonlyArray<string>>> = {
  Attr: ['path'],
  Command: [
    'absentCondition',
    'batchable',
    'checkCondition',
    'createTable',
    'deleteCondition',
    'deleteFound',
    'deleteIf',
    'deleteItem',
    'enableTtl',
    'existsCondition',
    'expiredCondition',
    'getItem',
    'isExpired',
    'liveCondition',
    'livePlan',
    'page',
    'putCondition',
    'putItem',
    'query',
    'restoreItem',
    'saveCondition',
    'scan',
    'stamp',
    'updateItem',
    'updateParts',
    'updatesOf',
  ],
  Condition: ['and', 'attributeType', 'beginsWith', 'between', 'contains', 'eq', 'exists', 'gt', 'gte', 'isIn', 'lt', 'lte', 'match', 'ne', 'not', 'notExists', 'or', 'size', 'value'],
  Dynamo: [
    'clearTable', 'collection', 'count', 'createTable', 'deleteMany', 'deleteOne', 'deleteTable', 'describeTable', 'dump', 'explain', 'getMany', 'getOne', 'load',
    'page', 'pages', 'planTable', 'reduce', 'saveMany', 'saveOne', 'send', 'syncTable', 'transactGet', 'transactWrite', 'updateFromDict', 'updateOne',
  ],
  DynamoError: [
    'SchemaException', 'awsError', 'conditionalCheckFailed', 'configError', 'draw', 'expressionError', 'isDynamoError', 'itemTooLarge', 'match',
    'notFound', 'schemaError', 'show', 'transactionCanceled', 'validationError',
  ],
  Env: ['fromEnv', 'make', 'show', 'tableName', 'withBatch'],
  Evaluate: ['condition', 'saveOne', 'update', 'updateOne'],
  Expression: ['condition', 'keyCondition', 'projection', 'request', 'show', 'showUpdate', 'update'],
  Field: [
    'NumberValue', 'bigint', 'binary', 'binarySet', 'boolean', 'date', 'dateTime', 'decimal', 'duration', 'email', 'epochSeconds', 'float', 'int', 'ipAddress', 'json',
    'legacyBoolean', 'list', 'make', 'map', 'naiveDateTime', 'numberSet', 'pynamoBinary', 'pynamoBinarySet', 'pynamoDateTime', 'string', 'stringSet', 'url', 'uuid',
  ],
  Item: ['decode', 'decodeValue', 'encode', 'marshall', 'marshallValue', 'size', 'unmarshall', 'unmarshallValue'],
  Model: ['attrsOf', 'decode', 'encode', 'globalIndex', 'key', 'keysIn', 'localIndex', 'make'],
  Path: ['equals', 'index', 'isPath', 'key', 'name', 'of', 'show'],
  Plan: ['fromCondition', 'fromKeys', 'fromSelection', 'make', 'match', 'show'],
  Strategy: ['fromCondition', 'fromValues', 'match', 'parse', 'parseList', 'parseSelection', 'parseWrite'],
  Table: ['diff', 'shapeOf'],
  TablePlan: ['createTable', 'isEmpty', 'request', 'show', 'unfixable', 'updateTimeToLive'],
  Transaction: ['check', 'delete', 'get', 'put', 'toGetInput', 'toWriteInput', 'update'],
  Update: ['add', 'append', 'decrement', 'deleteFrom', 'ifNotExists', 'increment', 'listAppend', 'match', 'minus', 'plus', 'prepend', 'remove', 'set', 'setIfNotExists'],
}

const sorted = (ks: ReadonlyArray<string>): ReadonlyArray<string> => [...ks].sort()

surface('the root exports exactly the namespaces', () => {
  assert.equal(sorted(Object.keys(Root)), sorted(Object.keys(expected)))
})

for (const name of Object.keys(expected)) {
  surface(`${name} exports exactly its public names`, () => {
    const ns = (Root as unknown as Record<string, object>)[name] as object
    assert.equal(sorted(Object.keys(ns)), sorted(expected[name] as ReadonlyArray<string>))
  })
}

surface.run()
