/**
 * A documented API as Guanlan needs it: the operations of an OpenAPI 3.0/3.1 or Swagger 2.0
 * document flattened into what templating, diffing and traffic synthesis use. Produced by
 * `loadSpec` (import.ts); nothing here depends on which dialect the document was written in.
 */
import type { InputIssue } from '../../../core/errors.js';

/** The few schema facts that decide what a parameter's values look like. */
export interface SpecSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface SpecParam {
  name: string;
  required: boolean;
  schema?: SpecSchema;
}

export interface SpecOperation {
  /** upper case, e.g. `GET` */
  method: string;
  /** template as written in the spec, e.g. `/accounts/{AccountId}` */
  path: string;
  /** base path + path, one per base path (in `basePaths` order) */
  fullPaths: string[];
  /** in template order */
  pathParams: SpecParam[];
  queryParams: SpecParam[];
  headerParams: SpecParam[];
  deprecated: boolean;
  operationId?: string;
  tags?: string[];
  summary?: string;
  /** media type of the request body the spec prefers (JSON when offered) */
  requestContentType?: string;
  /** a plausible request body built from the spec's examples and schema */
  requestBodyExample?: unknown;
  /** first documented success status (2xx), if any */
  responseStatus?: number;
  responseContentType?: string;
  responseExample?: unknown;
  /** media types named by the request body and success responses (for version hints such as `vnd.x.v2+json`) */
  contentTypes: string[];
}

export type SpecDialect = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

export interface SpecResult {
  /** the name the caller gave the document (file name), used in every issue */
  name: string;
  dialect?: SpecDialect;
  title: string;
  version: string;
  /** path part of each server URL (Swagger: basePath), top-level servers first; `''` when there is none */
  basePaths: string[];
  /** authorities named by servers (Swagger: host), e.g. `checkout-test.adyen.com`, top-level servers first */
  hosts: string[];
  operations: SpecOperation[];
  /** set when the document could not be read at all; `operations` is then empty */
  error?: InputIssue;
  /** parts that were skipped (a bad path item, an unresolvable $ref), the rest was read */
  warnings: InputIssue[];
}
