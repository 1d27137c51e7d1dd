/** Runbook test helpers: the resolved topology of a file, as `topo steps` sees it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Topology } from '../../language-server/src/model/types.js';
import { checkTexts, services } from '../helpers.js';
import { graphOfDocument, renderText } from '../../language-server/src/graph/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GOLDEN = path.join(ROOT, 'test/runbooks/golden');
export const FIXTURES = path.join(ROOT, 'test/runbooks/fixtures');
/** The two source guides, kept in the repository (see test/fixtures/seeds/README.md). */
export const SEEDS = path.join(ROOT, 'test/fixtures/seeds');

export function read(file: string): string {
    return fs.readFileSync(path.isAbsolute(file) ? file : path.join(ROOT, file), 'utf8');
}

export async function topologyOf(text: string): Promise<{ topology: Topology; errorCount: number; diagram: string }> {
    const [doc] = await checkTexts(text);
    const topology = services.topo.TopologyService.resultFor(doc).topology;
    const errorCount = (doc.diagnostics ?? []).filter(d => d.severity === 1).length;
    return { topology, errorCount, diagram: renderText(graphOfDocument(services, doc)) };
}
