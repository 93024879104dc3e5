/**
 * dynamongo: a TypeScript toolkit for Amazon DynamoDB in the functional style of fp-ts.
 * Queries are values: codecs describe items, combinators build condition and update ASTs,
 * interpreters compile, run and evaluate them.
 *
 * @since 0.1.0
 * @module dynamongo
 */
export * as Attr from './ast/Attr.js'
export * as Command from './compile/Command.js'
export * as Condition from './ast/Condition.js'
export * as Dynamo from './run/Dynamo.js'
export * as DynamoError from './DynamoError.js'
export * as Env from './run/Env.js'
export * as Evaluate from './evaluate/Evaluate.js'
export * as Expression from './compile/Expression.js'
export * as Field from './codec/Field.js'
export * as Item from './codec/Item.js'
export * as Model from './model/Model.js'
export * as Path from './ast/Path.js'
export * as Plan from './plan/Plan.js'
export * as Strategy from './model/Strategy.js'
export * as Table from './table/Table.js'
export * as TablePlan from './table/TablePlan.js'
export * as Transaction from './compile/Transaction.js'
export * as Update from './ast/Update.js'
/**
 * The error union (`DynamoError.DynamoError`), as a type of the root.
 *
 * @category model
 */
export type { DynamoError as DynamoErrorType } from './DynamoError.js'

// The types, from the root: for annotations, and for the declarations of a project built with
// `declaration: true` (TypeScript names a type only through a module that exports it, not
// through the `export * as` namespaces above). A type named as its namespace takes `Type`.
export type { Attr as AttrType, Children, Codec, Decided, Expr, ExprInfo, ExprNode, Fields, Fixed, Handle, IndexKeyWhy, Misuse, Removable, RequiredOf, Tied, Unkeyed, Writable, WriteWhy } from './ast/Attr.js'
export type {
  And,
  AttributeType,
  AttributeTypeName,
  BeginsWith,
  Between,
  Comparator,
  Comparison,
  Condition as ConditionType,
  Contains,
  Exists,
  In,
  Not,
  NotExists,
  Operand,
  Or,
  Size,
  Sized,
  Subject,
  Value,
} from './ast/Condition.js'
export type { Element, Path as PathType } from './ast/Path.js'
export type {
  Action,
  AddAction,
  Arithmetic,
  DeleteAction,
  IfNotExists,
  ListAppend,
  RemoveAction,
  SetAction,
  SetOperand,
  SetValue,
  Update as UpdateType,
} from './ast/Update.js'
export type { Compiled, RequestExpressions, RequestParts } from './compile/Expression.js'
export type { Overwrite } from './compile/Command.js'
export type { Field as FieldType, StoredAs, StringOptions, RangeOptions } from './codec/Field.js'
export type {
  Any as AnyModel,
  AttributeMap,
  AttributeOf,
  ComposedKey,
  Defaults,
  EntityCheck,
  FieldsOfKey,
  GlobalIndex,
  HashFieldName,
  HashFieldsOf,
  HashFieldsOfKey,
  IndexKeySpec,
  IndexKeyDeclaration,
  IndexTemplateFields,
  TemplateFieldsIn,
  MultiKey,
  KeyFieldName,
  KeyFields,
  KeySpec,
  KeySpecOf,
  RangeFieldsOf,
  RangeFieldsOfKey,
  StoredIndex,
  StoredIndexes,
  TemplateCheck,
  Index,
  DateName,
  IndexKeyName,
  IndexTemplateName,
  IndexName,
  InputOf,
  IsVersioned,
  KeyMisuse,
  IndexKeyMisuse,
  ProjectionMisuse,
  StrategyMisuse,
  KeyStrategy,
  KeyName,
  KeyOf,
  OptionalOn,
  OverwriteOf,
  KeyScalar,
  KeyValue,
  KeyTuple,
  LocalIndex,
  Made,
  Model as ModelType,
  Projected,
  Projection,
  StoredKeyType,
  Strategy as StrategyOf,
  Throughput,
  Timestamps,
  TtlName,
  TypeOf,
  UnknownInput,
  UnknownItem,
  UnknownModel,
  VersionName,
} from './model/Model.js'
export type { Key, Keys, KeyWithCheck, Selection, Strategy as StrategyType, Where } from './model/Strategy.js'
export type { FieldPart as KeyFieldPart, FieldsOf as TemplateFields, ParseOptions as TemplateOptions, Part as KeyPart, Refused as KeyRefused, Template as KeyTemplate } from './model/Key.js'
export type { BatchGetItem, GetItem, Options as PlanOptions, Plan as PlanType, Query, Scan } from './plan/Plan.js'
export type { BatchResult, Op, SaveOptions } from './run/Dynamo.js'
export type { ConsistencyCheck, ConsistentOption, CountCheck, CountOptions, GlobalIndexNames, ExpiredOption, FieldName, IndexCheck, IndexNameOption, IndexOption, KeyObjectMisuse, OneOptions, OrderOption, Page, PageOptions, Pages, Read, ReadChecks, ReadOptions, Select, Selectable, SelectionOf, SplitChecks, Unnamed, WholeKeys, Selection as ReadSelection } from './run/read.js'
export type { Placement } from './plan/composed.js'
export type { Collection, CollectionOptions, KeyValues as CollectionKeyValues, Models as CollectionModels } from './run/collection.js'
export type { BatchOptions, Credentials, Env as EnvType, Progress, RetryOptions } from './run/Env.js'
export type {
  AwsError,
  CancellationReason,
  ConditionalCheckFailed,
  ConfigError,
  ExpressionError,
  ItemTooLarge,
  Issue,
  NotFound,
  SchemaError,
  TransactionCanceled,
  ValidationError,
} from './DynamoError.js'
export type { Predicate, Updater, Write as EvaluateWrite } from './evaluate/Evaluate.js'
export type {
  Check as TransactCheck,
  Delete as TransactDelete,
  Get as TransactGet,
  GetPlan as TransactGetPlan,
  Own as TransactOwn,
  NonEmpty as TransactNonEmpty,
  OwnCheck as TransactOwnCheck,
  Owned as TransactOwned,
  Put as TransactPut,
  PutOptions as TransactPutOptions,
  Results as TransactResults,
  Update as TransactUpdate,
  Write as TransactWrite,
} from './compile/Transaction.js'
export type { GetOptions as TransactGetOptions, WriteOptions as TransactWriteOptions } from './run/transact.js'
export type {
  DiffOptions,
  IndexInfo,
  IndexKey,
  IndexShape,
  KeyAttribute,
  OneTable,
  Projection as TableProjection,
  TableInfo,
  TableModel,
  TableShape,
  TtlInfo,
  Units,
} from './table/Table.js'
export type { Request as TableRequest, Step as TableStep, TablePlan as TablePlanType } from './table/TablePlan.js'
export type { ClearOptions, DumpOptions, ItemProgress, LoadFailure, LoadInput, LoadOptions, LoadResult, Outcome, Target as DataTarget } from './run/data.js'
