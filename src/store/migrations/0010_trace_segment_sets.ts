/**
 * 0010: an index on the leak-trace segments' set (`base_group`), slot and row count, so the
 * compaction (store/sensitive.ts `compactTraceStep`) lists the stored sets, their sizes and cuts
 * from the index alone, without reading a segment's blob, and reads a set's segments one digest
 * range at a time.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('trace_segment_set').on('trace_segment').columns(['base_group', 'slot', 'row_count']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('trace_segment_set').execute();
}
