/**
 * The leak-trace index's digests, off the main thread (digest-pool.ts): each message is a list of
 * clear values (as code units, value-digester.ts PackedValues), each reply their keyed digests in
 * the same order, packed in one buffer. Values live here only while they are digested.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ValueDigester } from '../analysis/sensitive/value-digester.js';
import type { DigestReply, DigestRequest, DigestWorkerData } from './digest-pool.js';

const data = workerData as DigestWorkerData;
const digester = new ValueDigester(Buffer.from(data.secret));
parentPort!.on('message', (m: DigestRequest) => {
  const digests = digester.digestPacked(m.values);
  // the bytes move to the main thread, not copied
  parentPort!.postMessage({ id: m.id, digests } satisfies DigestReply, [digests.buffer as ArrayBuffer]);
});
