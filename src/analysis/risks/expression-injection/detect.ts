import { attackInstance } from '../attack-risk.js';
import { defineRisk } from '../types.js';
import { descriptor } from './descriptor.js';

export const expressionInjectionRisk = defineRisk({
  descriptor,
  dimension: 'attack',
  create: (p) => attackInstance('expression-injection', p),
});
