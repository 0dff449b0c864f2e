import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../pipeline/config.js';
import { GeoLocator } from '../analysis/geo/locator.js';
import { isForeign, SIM_GEO_NETWORKS } from './net.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/simulator.guanlan.yaml');

describe("the simulator's address convention as geo settings", () => {
  it('samples/simulator.guanlan.yaml says what SIM_GEO_NETWORKS says, and places foreign and domestic clients as the simulator does', () => {
    const cfg = parseConfig(readFileSync(SAMPLE, 'utf8'), 'samples/simulator.guanlan.yaml');
    expect(cfg.geo.networks).toEqual(SIM_GEO_NETWORKS.map((n) => ({ ...n })));
    const geo = new GeoLocator({ networks: cfg.geo.networks });
    for (const ip of ['198.51.100.7', '203.0.113.9', '192.0.2.140', '192.0.2.201', '2001:db8:1::5']) expect(geo.isForeign(ip), ip).toBe(isForeign(ip));
  });
});
