/**
 * The published JSON Schema of the Exchange (schema/exchange.v1.schema.json), generated from
 * ExchangeSchema so the two cannot disagree. A test compares the committed file with
 * `exchangeJsonSchema()`; after changing the schema, regenerate it from the repository root with
 *
 *   UPDATE_SCHEMA=1 npx vitest run src/core/exchange-schema.test.ts
 *   (or, built: node dist/src/core/write-exchange-schema.js [out-file])
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ExchangeSchema } from './exchange-schema.js';

export const EXCHANGE_SCHEMA_ID = 'https://guanlan.dev/schema/exchange.v1.schema.json';
export const EXCHANGE_SCHEMA_FILE = 'schema/exchange.v1.schema.json';

export function exchangeJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ExchangeSchema, { target: 'draft-2020-12', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...body } = generated;
  return {
    $schema,
    $id: EXCHANGE_SCHEMA_ID,
    title: 'Guanlan Exchange v1',
    description:
      'One HTTP request with its response, as Guanlan sources emit it and as its JSONL ingest format carries it (one object per line). ' +
      'Header names are lower-case with order and duplicates kept; bodies are decoded (chunked, gzip, deflate, br removed).',
    ...body,
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function exchangeJsonSchemaText(): string {
  return `${JSON.stringify(exchangeJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? EXCHANGE_SCHEMA_FILE);
  writeFileSync(out, exchangeJsonSchemaText());
  process.stdout.write(`wrote ${out}\n`);
}
