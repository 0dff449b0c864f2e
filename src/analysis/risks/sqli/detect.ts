import { attackInstance } from '../attack-risk.js';
import { defineRisk } from '../types.js';
import { descriptor } from './descriptor.js';

export const sqliRisk = defineRisk({
  descriptor,
  dimension: 'attack',
  create: (p) => attackInstance('sqli', p),
});
