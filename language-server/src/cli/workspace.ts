/**
 * Reads the files named on the command line into a Langium workspace and builds them, as the
 * language server would. Unreadable input is a UsageError with a one-line message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { createTopoServices, type TopoServices } from '../topo-module.js';
import { topologyKeyOf } from '../services/workspace/topology-service.js';
import { UsageError } from './errors.js';

/** Above this, a file is refused rather than analysed (a topology is text, not a data dump). */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export function readTopoFile(file: string): string {
    let stat: fs.Stats;
    try {
        stat = fs.statSync(file);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(code === 'ENOENT' ? `cannot read '${file}': no such file` : `cannot read '${file}': ${code ?? String(e)}`);
    }
    if (stat.isDirectory()) throw new UsageError(`cannot read '${file}': it is a directory (name the .topo files, e.g. '${path.join(file, '*.topo')}')`);
    if (!stat.isFile()) throw new UsageError(`cannot read '${file}': not a regular file`);
    if (!file.endsWith('.topo')) throw new UsageError(`cannot read '${file}': Topo reads files whose names end in .topo`);
    if (stat.size > MAX_INPUT_BYTES) {
        throw new UsageError(`cannot read '${file}': ${(stat.size / 1024 / 1024).toFixed(1)} MB is larger than the ${MAX_INPUT_BYTES / 1024 / 1024} MB Topo accepts for one file`);
    }
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot read '${file}': ${code === 'EACCES' ? 'permission denied' : code ?? String(e)}`);
    }
    if (bytes.includes(0)) throw new UsageError(`cannot read '${file}': it is a binary file, not Topo text`);
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
        throw new UsageError(`cannot read '${file}': it is not valid UTF-8 text`);
    }
}

export interface LoadedWorkspace {
    services: TopoServices;
    /** The files named on the command line (what commands report on). */
    documents: { file: string; document: LangiumDocument }[];
    /** Every file loaded: the named ones and the other files of their topologies. */
    loaded: { file: string; document: LangiumDocument }[];
}

/** `topology NAME` at the start of a text (after blank lines and comments), as the grammar reads it. */
const HEADER = /^(?:\s|\/\/[^\n\r]*|\/\*[\s\S]*?\*\/)*topology(?:\s|\/\/[^\n\r]*|\/\*[\s\S]*?\*\/)+([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)/;

export function topologyNameOf(text: string): string | undefined {
    return HEADER.exec(text)?.[1];
}

/**
 * The other files of the topology a file belongs to: the `.topo` files of its folder that start
 * with the same `topology NAME` (as in the editor). A sibling that cannot be read is an error when
 * it may belong to the topology (its name is not known), so that no command acts on half a topology.
 */
function siblingsOf(file: string, name: string, taken: Set<string>): { file: string; text: string }[] {
    const dir = path.dirname(path.resolve(file));
    let entries: string[];
    try {
        entries = fs.readdirSync(dir);
    } catch {
        return [];
    }
    const out: { file: string; text: string }[] = [];
    for (const entry of entries.sort()) {
        if (!entry.endsWith('.topo')) continue;
        const full = path.join(dir, entry);
        if (taken.has(full)) continue;
        let stat: fs.Stats;
        try { stat = fs.statSync(full); } catch { continue; }
        if (!stat.isFile()) continue;
        let text: string;
        try {
            text = readTopoFile(full);
        } catch (e) {
            throw new UsageError(`${(e as Error).message}; it is in the folder of '${file}' (topology ${name}), so it may be part of that topology`);
        }
        if (topologyNameOf(text) !== name) continue;
        taken.add(full);
        out.push({ file: path.relative(process.cwd(), full) || full, text });
    }
    return out;
}

/**
 * Loads and fully builds (parse, link, validate, analyse) the given files and the other files of
 * their topologies: a command on one file of a topology split over several sees all of it.
 */
export async function loadWorkspace(files: string[]): Promise<LoadedWorkspace> {
    const texts = files.map(f => ({ file: f, text: readTopoFile(f) }));
    const taken = new Set(files.map(f => path.resolve(f)));
    const extra: { file: string; text: string }[] = [];
    for (const { file, text } of texts) {
        const name = topologyNameOf(text);
        if (name) extra.push(...siblingsOf(file, name, taken));
    }
    const { shared, Topo } = createTopoServices(NodeFileSystem);
    const load = ({ file, text }: { file: string; text: string }) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path.resolve(file)));
        shared.workspace.LangiumDocuments.addDocument(document);
        return { file, document };
    };
    const documents = texts.map(load);
    const loaded = [...documents, ...extra.map(load)];
    await shared.workspace.DocumentBuilder.build(loaded.map(d => d.document), { validation: true });
    return { services: Topo, documents, loaded };
}

/** The documents of the topology `document` belongs to (itself and the files that share its `topology NAME`). */
export function topologyDocuments(services: TopoServices, document: LangiumDocument): LangiumDocument[] {
    const topo = services.topo.TopologyService;
    const docs = topo.documentsOf(topologyKeyOf(document));
    return docs.length ? docs : [document];
}

export function diagnosticsOf(document: LangiumDocument): Diagnostic[] {
    return [...(document.diagnostics ?? [])].sort((a, b) =>
        a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Writes an output file (`-o FILE`); a failure is a UsageError with a one-line reason. */
export function writeOutputFile(file: string, text: string): void {
    try {
        fs.writeFileSync(file, text);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code ?? String(e);
        throw new UsageError(`cannot write '${file}': ${why}`);
    }
}
