import { describe, expect, it } from 'vitest';
import { VERSION_PARAM, compareVersions, maxVersion, mediaTypeVersion, segmentVersion, valueVersion } from './versions.js';

describe('version hints', () => {
  it('reads path segments', () => {
    expect(['v1', 'V3', 'v4.0', 'v2.7', 'v2_1', 'api', 'v', 'vip', 'video', '2'].map((s) => segmentVersion(s))).toEqual([
      [1],
      [3],
      [4, 0],
      [2, 7],
      [2, 1],
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads values and media types', () => {
    expect(valueVersion('2023-06-30')).toEqual([2023, 6, 30]);
    expect(valueVersion('v2')).toEqual([2]);
    expect(valueVersion('latest')).toBeUndefined();
    expect(mediaTypeVersion('application/vnd.bank.v2+json')).toEqual([2]);
    expect(mediaTypeVersion('application/json; version=1.1')).toEqual([1, 1]);
    expect(mediaTypeVersion('application/json')).toBeUndefined();
  });

  it('compares part by part', () => {
    expect(compareVersions([2, 7], [4, 0])).toBeLessThan(0);
    expect(compareVersions([4], [4, 0])).toBe(0);
    expect(compareVersions([2023, 6, 30], [2019, 12, 1])).toBeGreaterThan(0);
    expect(maxVersion(['2019-01-01', 'x', 3, '2024-02-01', null])).toEqual({ version: [2024, 2, 1], raw: '2024-02-01' });
  });

  it('knows the names versions travel under', () => {
    for (const n of ['version', 'v', 'api-version', 'api_version', 'apiVersion', 'x-v', 'x-min-v', 'x-api-version', 'accept-version']) expect(VERSION_PARAM.test(n), n).toBe(true);
    for (const n of ['vin', 'video_id', 'versions_list', 'page']) expect(VERSION_PARAM.test(n), n).toBe(false);
  });
});
