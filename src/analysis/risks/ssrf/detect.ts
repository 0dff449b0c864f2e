import { attackInstance } from '../attack-risk.js';
import { defineRisk } from '../types.js';
import { descriptor } from './descriptor.js';

export const ssrfRisk = defineRisk({
  descriptor,
  dimension: 'attack',
  create: (p) => attackInstance('ssrf', p),
});
