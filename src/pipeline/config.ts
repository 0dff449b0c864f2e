/**
 * guanlan.yaml: one zod schema, validated at start (fail fast, one clear line naming the file and
 * the place). Sections belong to the stages that use them: `discovery`, `sensitive`, `weaknesses`, `risks`, `geo`, `alerts`.
 *
 * Looked up in this order: `--config FILE`, else `./guanlan.yaml` when it exists, else defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { DiscoveryConfigSchema, type DiscoveryConfig } from '../analysis/endpoints/config.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { SensitiveConfigSchema } from '../analysis/sensitive/config.js';
import { WeaknessConfigSchema } from '../analysis/weaknesses/config.js';
import { RiskConfigSchema } from '../analysis/risks/config.js';
import { GeoConfigSchema } from '../analysis/geo/config.js';
import { AlertsConfigSchema } from '../sinks/config.js';

export const ConfigSchema = z
  .object({
    discovery: DiscoveryConfigSchema.default(DiscoveryConfigSchema.parse({})),
    sensitive: SensitiveConfigSchema.default(SensitiveConfigSchema.parse({})),
    weaknesses: WeaknessConfigSchema.default(WeaknessConfigSchema.parse({})),
    risks: RiskConfigSchema.default(RiskConfigSchema.parse({})),
    geo: GeoConfigSchema.default(GeoConfigSchema.parse({})),
    alerts: AlertsConfigSchema.optional(),
  })
  .strict();

export type GuanlanConfig = z.infer<typeof ConfigSchema>;

export const DEFAULT_CONFIG_FILE = 'guanlan.yaml';

function fail(file: string, where: string, message: string): never {
  throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `${file}: ${where ? `${where}: ` : ''}${message}`);
}

/** Parse and validate config text; `file` names it in errors. */
export function parseConfig(text: string, file: string): GuanlanConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    fail(file, `line ${pos.line}, column ${pos.col}`, e.message.split('\n')[0]!);
  }
  const value: unknown = doc.toJS() ?? {};
  const r = ConfigSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.map(String);
    const node = path.length ? doc.getIn(path, true) : undefined;
    const range = (node as { range?: [number, number] } | undefined)?.range;
    const where = range ? `line ${lines.linePos(range[0]).line}` : '';
    fail(file, where, `${path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return r.data;
}

/** Load the config named on the command line, or ./guanlan.yaml, or the defaults. */
export function loadConfig(file?: string): GuanlanConfig {
  const name = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (name === undefined) return ConfigSchema.parse({});
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (err) {
    fail(name, '', `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseConfig(text, name);
}

/** Command-line additions to the discovery settings (`--pin`, `--never-merge`, `--param`). */
export function withCliRules(c: DiscoveryConfig, o: { pin?: string[]; neverMerge?: string[] }): DiscoveryConfig {
  const r = DiscoveryConfigSchema.safeParse({ pins: o.pin ?? [], neverMerge: o.neverMerge ?? [] });
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new GuanlanError(ErrorCodes.USAGE, `--${i.path[0] === 'pins' ? 'pin' : 'never-merge'} ${String((i.path[0] === 'pins' ? o.pin : o.neverMerge)?.[Number(i.path[1])])}: ${i.message}`);
  }
  return { ...c, pins: [...c.pins, ...r.data.pins], neverMerge: [...c.neverMerge, ...r.data.neverMerge] };
}
