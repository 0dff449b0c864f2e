/**
 * The vocabulary of API asset discovery (DESIGN §3–4): applications, endpoints, formats, function
 * classes, auth kinds and lifecycle states. Plain data shared by the analysis stages, the store,
 * the CLI and (later) the console; this file imports nothing else of ours.
 */

/** Wire format / API style of an Exchange, and so of its endpoint. */
export type ApiFormat =
  | 'rest' // JSON (or no body) over plain HTTP methods and paths
  | 'graphql'
  | 'soap'
  | 'json-rpc'
  | 'xml-rpc'
  | 'grpc'
  | 'grpc-web'
  | 'form' // application/x-www-form-urlencoded request bodies
  | 'multipart' // multipart/form-data (file upload)
  | 'xml' // other XML bodies
  | 'file' // binary download / upload that is not multipart
  | 'websocket' // Upgrade: websocket
  | 'html' // pages: kept in the inventory but not an API
  | 'static' // assets (js, css, images, fonts): counted, kept out of the API inventory
  | 'other';

/** The operation an RPC-style exchange names (GraphQL, SOAP, JSON-RPC, XML-RPC, gRPC). */
export interface ApiOperation {
  /** GraphQL: query | mutation | subscription; others: undefined */
  type?: string;
  /** GraphQL operation name (or first root field when anonymous), SOAP operation, RPC method, gRPC `Service/Method` */
  name: string;
}

export interface FormatInfo {
  format: ApiFormat;
  operation?: ApiOperation;
  /** why, in a few words (e.g. `content-type application/grpc`, `SOAPAction header`) */
  reason: string;
  /** extra observations, e.g. `graphql.introspection`, `graphql.batched`, `jsonrpc.batch` */
  notes?: string[];
}

/** Function classes (more than one per endpoint where fitting). */
export type FunctionClass =
  | 'login'
  | 'logout'
  | 'register'
  | 'password-reset'
  | 'verification-send' // SMS / e-mail code send
  | 'verification-check' // SMS / e-mail code check
  | 'query' // read one object
  | 'list' // list / search
  | 'create'
  | 'update'
  | 'delete'
  | 'export'
  | 'import'
  | 'upload'
  | 'download'
  | 'payment' // payment / transfer
  | 'admin' // admin / back office
  | 'health'; // health / monitoring

/** Who the endpoint serves. */
export type ServiceObject = 'public' | 'partner' | 'internal';

/** Authentication seen on requests. */
export type AuthKind = 'none' | 'basic' | 'bearer' | 'jwt' | 'cookie' | 'api-key' | 'signature' | 'digest' | 'mtls-header';

/** A decision with its reason, e.g. { value: 'login', reason: 'path word "login" and response sets a session cookie' }. */
export interface Classified<T> {
  value: T;
  reason: string;
}

/** Lifecycle states (windows configurable, event time). */
export type LifecycleState = 'new' | 'active' | 'inactive' | 'revived';

/** Inferred JSON type of a value (shape inference). */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** A request parameter seen on an endpoint. */
export interface ParamInfo {
  name: string;
  /** path: template variable; query; form: urlencoded body; body: JSON body path (e.g. `user.mobile`, `items[].id`); header */
  in: 'path' | 'query' | 'form' | 'body' | 'multipart';
  types: JsonType[];
  /** how many of the sampled requests carried it */
  count: number;
  /** a masked example value */
  example?: string;
}

/** Response JSON shape: path → types (paths like `data.items[].id`). */
export type JsonShape = Record<string, JsonType[]>;

/** What a path segment looked like when it became a template parameter. */
export type SegmentKind =
  | 'integer'
  | 'uuid'
  | 'hex'
  | 'token' // base64 / JWT-like
  | 'date'
  | 'id' // mixed alphanumeric identifier
  | 'cn_id' // resident ID number in the path (a weakness in itself)
  | 'cn_mobile'
  | 'bank_card'
  | 'email'
  | 'string' // generic string, merged by sibling cardinality
  | 'pinned'; // from a user rule or a documented spec

export interface PathParam {
  name: string;
  kind: SegmentKind;
}

/** Latency percentiles in milliseconds (from a log-bucket histogram: ±5 %). */
export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One endpoint of the inventory as `guanlan inventory --json` prints it (DESIGN §3.2). */
export interface InventoryEndpoint {
  /** stable id: first 16 hex of sha256(`app method pathTemplate`) */
  id: string;
  app: string;
  host: string;
  method: string;
  pathTemplate: string;
  pathParams: PathParam[];
  format: ApiFormat;
  operation?: ApiOperation;
  functions: FunctionClass[];
  /** each function class with its reason */
  functionReasons: Classified<FunctionClass>[];
  serviceObject: ServiceObject;
  serviceObjectReason: string;
  /** auth kinds seen, most frequent first; `none` when requests carried none */
  auth: AuthKind[];
  state: LifecycleState;
  counts: {
    calls: number;
    /** distinct client IPs (estimate above 1,000) */
    clients: number;
    /** status class or code → count, e.g. {"200": 10, "404": 2} */
    status: Record<string, number>;
  };
  firstSeen: string;
  lastSeen: string;
  params: ParamInfo[];
  responseShape: JsonShape;
  requestContentTypes: string[];
  responseContentTypes: string[];
  /** masked example URLs */
  examples: string[];
  latencyMs?: Latency;
  /** e.g. `pii-in-path:cn_id`, `graphql.introspection` */
  flags: string[];
  /** data labels the endpoint collects (request) and exposes (response); [] when none was seen */
  labels?: EndpointLabel[];
  /** 高敏感/中敏感/低敏感/非敏感, from the labels (analysis/sensitive/grade.ts) */
  grade?: 'high' | 'medium' | 'low' | 'none';
  /** the grading rule that decided, '' for none */
  gradeReason?: string;
}

/** One data label at one place of an endpoint's messages, counted over exchanges. */
export interface EndpointLabel {
  label: string;
  direction: 'request' | 'response';
  /** JSON path (`data.list[].idNo`), or `query.x`, `form.x`, `header.x`, `cookie.x`, `multipart.x` */
  location: string;
  /** exchanges that carried it */
  count: number;
  /** every occurrence was masked */
  masked: boolean;
  /** exchanges where it was masked */
  maskedCount: number;
  /** masked but still identifying (first 6 + last 4 of an ID…), at least once */
  partial: boolean;
  /** most occurrences in one message: records per response */
  maxRecords: number;
  totalRecords: number;
}
