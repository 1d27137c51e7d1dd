/**
 * Output formats of `topo check`: text for people, JSON (the contract's shape) for scripts,
 * SARIF 2.1.0 for GitHub code scanning.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import type { OutcomeData } from '../analyses/outcome.js';
import { describeCode } from '../diagnostic-codes.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Row {
    file: string;
    range: Diagnostic['range'];
    severity: Severity;
    code: string;
    message: string;
    related?: { file: string; range: Diagnostic['range']; message: string }[];
    /** A finding about a tunnel: the verdict on it (analyses/outcome.ts). */
    outcome?: OutcomeData;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

export function toRow(file: string, d: Diagnostic, fileOfUri: (uri: string) => string): Row {
    return {
        file,
        range: d.range,
        severity: SEVERITIES[(d.severity ?? 1) - 1] ?? 'error',
        code: String(d.code ?? 'unknown'),
        message: typeof d.message === 'string' ? d.message : d.message.value,
        related: d.relatedInformation?.map(r => ({ file: fileOfUri(r.location.uri), range: r.location.range, message: r.message })),
        ...((d.data as { outcome?: OutcomeData } | undefined)?.outcome ? { outcome: (d.data as { outcome: OutcomeData }).outcome } : {}),
    };
}

/** Text for people: errors, warnings and infos; hints (e.g. the proposal Topo chose) are counted, not listed. */
export function formatText(allRows: Row[], fileCount: number): string {
    const rows = allRows.filter(r => r.severity !== 'hint');
    const hints = allRows.length - rows.length;
    const lines = rows.map(r => {
        const head = `${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity} [${r.code}] ${r.message}`;
        const rel = (r.related ?? []).map(x => `    ${x.file}:${x.range.start.line + 1}:${x.range.start.character + 1}: ${x.message}`);
        return [head, ...rel].join('\n');
    });
    const count = (s: Severity) => rows.filter(r => r.severity === s).length;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const hintNote = hints ? ` (${plural(hints, 'hint')} not shown; --format json lists them)` : '';
    lines.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')} in ${plural(fileCount, 'file')}${hintNote}`);
    return lines.join('\n') + '\n';
}

export function formatJson(rows: Row[]): string {
    return JSON.stringify(rows.map(r => ({ file: r.file, range: r.range, severity: r.severity, code: r.code, message: r.message, ...(r.outcome ? { outcome: r.outcome } : {}) })), null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF for code scanning: errors, warnings and infos (hints are editor suggestions, not alerts). */
export function formatSarif(allRows: Row[], version: string): string {
    const rows = allRows.filter(r => r.severity !== 'hint');
    const ruleIds = [...new Set(rows.map(r => r.code))].sort();
    const region = (range: Diagnostic['range']) => ({
        startLine: range.start.line + 1, startColumn: range.start.character + 1,
        endLine: range.end.line + 1, endColumn: range.end.character + 1,
    });
    // GitHub code scanning wants paths relative to the repository root (%SRCROOT%).
    const artifact = (file: string) => path.isAbsolute(file)
        ? { uri: pathToFileURL(file).href }
        : { uri: file.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' };
    const sarif = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'topo',
                    version,
                    informationUri: 'https://example.invalid/topo',
                    rules: ruleIds.map(id => {
                        const d = describeCode(id);
                        return {
                            id,
                            name: id.replace(/(^|-)([a-z])/g, (_m, _s, c: string) => c.toUpperCase()),
                            shortDescription: { text: d.summary },
                            fullDescription: { text: d.summary },
                            defaultConfiguration: { level: SARIF_LEVEL[d.severity] },
                            help: { text: d.summary },
                        };
                    }),
                },
            },
            results: rows.map(r => ({
                ruleId: r.code,
                ruleIndex: ruleIds.indexOf(r.code),
                level: SARIF_LEVEL[r.severity],
                message: { text: r.message },
                locations: [{ physicalLocation: { artifactLocation: artifact(r.file), region: region(r.range) } }],
                ...(r.outcome ? { properties: { outcome: r.outcome } } : {}),
                ...(r.related?.length ? {
                    relatedLocations: r.related.map((x, i) => ({
                        id: i + 1,
                        message: { text: x.message },
                        physicalLocation: { artifactLocation: artifact(x.file), region: region(x.range) },
                    })),
                } : {}),
            })),
        }],
    };
    return JSON.stringify(sarif, null, 2) + '\n';
}
