import { attackInstance } from '../attack-risk.js';
import { defineRisk } from '../types.js';
import { descriptor } from './descriptor.js';

export const pathTraversalRisk = defineRisk({
  descriptor,
  dimension: 'attack',
  create: (p) => attackInstance('path-traversal', p),
});
