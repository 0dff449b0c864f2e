/**
 * The shapes shared by the recognisers and the scanners.
 *
 * A recogniser sits at a trust boundary (values come from traffic), so `validate` returns a
 * result instead of throwing, like zod's `safeParse`.
 */
import type { LabelId } from './labels.js';

/** Why a value is not a valid instance of the label (python-stdnum's exception classes). */
export type InvalidReason = 'length' | 'format' | 'checksum' | 'component';

export type Validation =
  | { ok: true; value: string; detail?: Readonly<Record<string, string | number | boolean>> }
  | { ok: false; reason: InvalidReason };

export interface CheckContext {
  /** The value sits under a key that hints at this label: formats may be looser. */
  hinted?: boolean;
  /** Event time in ms since the epoch: dates in identifiers must not be after it. */
  refTime?: number;
}

/** A masked value: what stays visible and how much is hidden. */
export interface MaskedForm {
  /** e.g. `keep 3+4`: 3 leading and 4 trailing characters visible. */
  pattern: string;
  /** Masked but what is left still identifies (first 6 + last 4 of an ID, the birth date visible…). */
  partial: boolean;
}

export interface Recogniser {
  readonly label: LabelId;
  /**
   * `value`: the value's shape and checksum carry it, found under any key name;
   * `hint`: needs a key hint (a 6-digit SMS code looks like any 6-digit number).
   */
  readonly trigger: 'value' | 'hint';
  /** Minimal representation: separators and surrounding space removed, canonical case. */
  compact(v: string): string;
  validate(v: string, ctx?: CheckContext): Validation;
  isValid(v: string, ctx?: CheckContext): boolean;
  /** The value is a masked form of this label (`138****5678`), or undefined. */
  checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined;
}

/**
 * One label found at one place, aggregated over the occurrences in one message: an array of 500
 * customer records gives one hit per (label, location, masked) with count 500.
 */
export interface DataHit {
  label: LabelId;
  /** JSON path with `[]` for array elements (`data.list[].idNo`), or the parameter/tag name. */
  location: string;
  masked: boolean;
  /** For masked hits, e.g. `keep 3+4` (the first masking pattern seen there). */
  maskPattern?: string;
  /** Masked but still identifying (at least one occurrence). */
  partial?: boolean;
  count: number;
  /** One occurrence, masked for storage (masked values are kept as seen). */
  sample: string;
  /**
   * Normalised clear values, one per occurrence (capped by `maxValues`), only when the scan was
   * asked for them (`withValues`); they feed the keyed-digest index and must not be stored.
   */
  values?: string[];
}

export interface ScanOptions {
  /** Return normalised clear values in `DataHit.values` (default false). */
  withValues?: boolean;
  /** Cap on values kept per hit (default 1000). */
  maxValues?: number;
  /** Event time (ms) for date plausibility (birth dates, timestamps). Default: 2100-01-01. */
  refTime?: number;
  /** Labels to skip. */
  disabled?: ReadonlySet<LabelId>;
  /** Prefix for every location, e.g. `query` gives `query.mobile`. */
  locationPrefix?: string;
  /** Extra key names (normalised: lower case, no `_-.`) under which numbers are never cards or mobiles. */
  allowKeys?: ReadonlySet<string>;
}
