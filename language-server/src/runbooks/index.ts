/**
 * Console runbooks: `runbookMarkdown(topology, options)` is what `topo steps` prints and what the
 * language server's `topo.runbook` command returns. Pure functions of the resolved model.
 */
import type { Topology } from '../model/types.js';
import { buildRunbook } from './generate.js';
import { renderMarkdown } from './markdown.js';
import type { RunbookOptions } from './types.js';

export { buildRunbook } from './generate.js';
export { renderMarkdown } from './markdown.js';
export { LANGS, type Lang, type Runbook, type RunbookOptions } from './types.js';

export function runbookMarkdown(topology: Topology, options: RunbookOptions = {}): string {
    return renderMarkdown(buildRunbook(topology, options), options);
}
