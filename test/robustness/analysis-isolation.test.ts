/**
 * A crash in one analysis is caught and logged; the other analyses' findings still arrive, as
 * one `internal-error` warning says which checks are missing. Runs on a test-local services
 * instance with a throwing analysis registered in front of the real ones.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { ANALYSES, runAnalyses, type Analysis } from '../../language-server/src/analyses/index.js';
import { createTopoServices } from '../../language-server/src/topo-module.js';

const TEXT = `topology iso
site a < provider strongswan cidr 10.0.0.0/24 gateway 198.51.100.1 >
site b < provider strongswan cidr 10.0.0.0/25 gateway 198.51.100.2 >
site c < provider qingcloud cidr 10.9.0.0/24 > hub c
site d < provider qingcloud cidr 10.8.0.0/24 > hub c
tunnel ab a <-> b < ike v1 ike-proposal 3des-md5-modp768 esp-proposal 3des-md5-modp768 psk env AB_PSK routing bgp >
`;

async function diagnosticsOf(text: string): Promise<{ doc: LangiumDocument; logs: string[]; services: ReturnType<typeof createTopoServices> }> {
    const services = createTopoServices(EmptyFileSystem);
    const logs: string[] = [];
    services.Topo.topo.TopologyService.log = m => { logs.push(m); };
    const doc = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('file:///iso/a.topo'));
    services.shared.workspace.LangiumDocuments.addDocument(doc);
    await services.shared.workspace.DocumentBuilder.build([doc], { validation: true });
    return { doc, logs, services };
}

const codes = (doc: LangiumDocument) => new Set((doc.diagnostics ?? []).map(d => String(d.code)));

describe('a crashing analysis', () => {
    let baseline: Set<string>;
    const boom: Analysis = { name: 'boom', run: () => { throw new TypeError("Cannot read properties of undefined (reading 'prefix')"); } };

    beforeAll(async () => {
        baseline = codes((await diagnosticsOf(TEXT)).doc);
        ANALYSES.unshift(boom);
    });
    afterAll(() => { ANALYSES.splice(ANALYSES.indexOf(boom), 1); });

    test('without it, the topology has findings of several analyses', () => {
        expect(baseline.size).toBeGreaterThanOrEqual(2); // e.g. weak-crypto (crypto) and cidr-overlap (overlaps)
        expect(baseline).not.toContain('internal-error');
    });

    test('is caught and logged; every other finding still arrives, with one internal-error warning', async () => {
        const { doc, logs } = await diagnosticsOf(TEXT);
        const got = codes(doc);
        for (const c of baseline) expect(got, `finding ${c} of the other analyses`).toContain(c);
        const internal = (doc.diagnostics ?? []).filter(d => d.code === 'internal-error');
        expect(internal).toHaveLength(1);
        expect(internal[0].severity).toBe(2);
        expect(internal[0].message).toContain('boom analysis failed');
        expect(logs.some(l => l.includes('the boom analysis failed') && l.includes('TypeError'))).toBe(true);
    });

    test('editor features keep working on the topology', async () => {
        const { doc, services } = await diagnosticsOf(TEXT);
        const lsp = services.Topo.lsp;
        const textDocument = { uri: doc.uri.toString() };
        const hover = await lsp.HoverProvider!.getHoverContent(doc, { textDocument, position: { line: 1, character: 5 } });
        expect(hover).toBeDefined();
        await lsp.CodeLensProvider?.provideCodeLens(doc, { textDocument });
        await lsp.InlayHintProvider?.getInlayHints(doc, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } } });
        const actions = await lsp.CodeActionProvider!.getCodeActions(doc, {
            textDocument, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } }, context: { diagnostics: doc.diagnostics ?? [] },
        });
        expect(Array.isArray(actions)).toBe(true);
    });

    test('runAnalyses on its own: the failure is returned, the other analyses run', async () => {
        const { services, doc } = await diagnosticsOf(TEXT);
        const topology = services.Topo.topo.TopologyService.resultFor(doc).topology;
        const logs: string[] = [];
        const run = runAnalyses(topology, [boom, ...ANALYSES.filter(a => a !== boom)], m => logs.push(m));
        expect(run.failures.map(f => f.name)).toEqual(['boom']);
        expect(run.findings.filter(f => f.code !== 'internal-error').length).toBeGreaterThan(0);
        expect(logs).toHaveLength(1);
    });
});
