/**
 * The analyses run on every resolved topology. Each is a pure function of the model
 * (no Langium), so each can be tested on a model built in plain code.
 * A crash in one analysis is caught and reported; the others' findings still arrive.
 */
import type { Finding, Topology } from '../model/types.js';
import { analyseBgp } from './bgp.js';
import { analyseCrypto } from './crypto.js';
import { analyseEnds } from './ends.js';
import { analyseHubs } from './hub.js';
import { analyseNames } from './names.js';
import { analyseOverlaps } from './overlaps.js';
import { analyseReachability } from './reachability.js';
import { analyseRedundancy } from './redundancy.js';
import { analyseSelectors } from './selectors.js';

export interface Analysis {
    /** Short id, used in logs and in the `internal-error` finding. */
    name: string;
    run(topology: Topology): Finding[];
}

/** Registered analyses, in the order their findings are listed. */
export const ANALYSES: Analysis[] = [
    { name: 'crypto', run: analyseCrypto },
    { name: 'hub', run: analyseHubs },
    { name: 'names', run: analyseNames },
    { name: 'overlaps', run: analyseOverlaps },
    { name: 'selectors', run: analyseSelectors },
    { name: 'reachability', run: analyseReachability },
    { name: 'redundancy', run: analyseRedundancy },
    { name: 'bgp', run: analyseBgp },
    { name: 'ends', run: analyseEnds },
];

export interface AnalysisRun {
    findings: Finding[];
    /** Analyses that threw, with their error (already logged). */
    failures: { name: string; error: unknown }[];
}

export function runAnalyses(topology: Topology, analyses: readonly Analysis[] = ANALYSES, log: (msg: string) => void = m => console.error(m)): AnalysisRun {
    const findings: Finding[] = [];
    const failures: AnalysisRun['failures'] = [];
    for (const a of analyses) {
        try {
            findings.push(...a.run(topology));
        } catch (error) {
            failures.push({ name: a.name, error });
            log(`Topo: the ${a.name} analysis failed: ${describeError(error)}`);
            const at = topology.sites[0]?.src ?? { uri: topology.uris[0] ?? '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
            findings.push({
                code: 'internal-error', severity: 'warning', at,
                message: `Topo's ${a.name} analysis failed on this topology, so its checks are missing here (the other checks ran). Please report this with the file.`,
            });
        }
    }
    return { findings, failures };
}

/**
 * An exception for the log: its type and stack frames, not its message, because a message may
 * quote the input (and the input may hold a pre-shared key).
 */
export function describeError(error: unknown): string {
    if (!(error instanceof Error)) return typeof error;
    const frames = (error.stack ?? '').split('\n').filter(l => /^\s+at /.test(l)).slice(0, 8);
    return [error.name, ...frames].join('\n');
}
