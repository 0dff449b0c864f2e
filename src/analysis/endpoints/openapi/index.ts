/** OpenAPI import (documented specs), export (the discovered inventory) and diff (shadow, zombie, orphan). */
export { loadSpec } from './import.js';
export { toOpenApi, renderOpenApi, type OpenApiOptions } from './export.js';
export { diffInventory, pinnedTemplates, type DiffOptions, type DiffReport, type EndpointRef, type MatchedEntry, type OperationRef, type ZombieEntry } from './diff.js';
export { compileSpecMatcher, compileTemplates, matchTemplate, normalizeTemplate, pathSegments, type Fit, type TemplateMatch, type TemplateMatcher } from './match.js';
export type { SpecDialect, SpecOperation, SpecParam, SpecResult, SpecSchema } from './types.js';
export { scoreTemplates, type LearnedTemplate, type TemplateScore, type TruthOperation } from './score.js';
