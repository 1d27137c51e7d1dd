/**
 * Reads the files named on the command line into a Langium workspace and builds them, as the
 * language server would. Unreadable input is a UsageError with a one-line message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { createTopoServices, type TopoServices } from '../services/topo-module.js';
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
    documents: { file: string; document: LangiumDocument }[];
}

/** Loads and fully builds (parse, link, validate, analyse) the given files. */
export async function loadWorkspace(files: string[]): Promise<LoadedWorkspace> {
    const texts = files.map(f => ({ file: f, text: readTopoFile(f) }));
    const { shared, Topo } = createTopoServices(NodeFileSystem);
    const documents = texts.map(({ file, text }) => {
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(path.resolve(file)));
        shared.workspace.LangiumDocuments.addDocument(document);
        return { file, document };
    });
    await shared.workspace.DocumentBuilder.build(documents.map(d => d.document), { validation: true });
    return { services: Topo, documents };
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
