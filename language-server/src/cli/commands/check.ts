/** `topo check FILE... [--format text|json|sarif]`: exit 0 no errors, 1 errors found, 2 usage or input error. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { diagnosticsOf, loadWorkspace } from '../workspace.js';
import { formatJson, formatSarif, formatText, toRow, type Row } from '../format.js';
import type { CliContext } from '../main.js';

export function registerCheck(program: Command, ctx: CliContext): void {
    program
        .command('check')
        .description('analyse topology files and report problems (exit 0: no errors, 1: errors found, 2: usage or input error)')
        .argument('<files...>', '.topo files; files that name the same topology are checked together')
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
        .action(async (files: string[], opts: { format: 'text' | 'json' | 'sarif' }) => {
            const { documents } = await loadWorkspace(files);
            const fileOfUri = new Map(documents.map(d => [d.document.uri.toString(), d.file]));
            const fileOf = (uri: string) => fileOfUri.get(uri) ?? path.relative(process.cwd(), fileURLToPath(uri));
            const rows: Row[] = documents.flatMap(({ file, document }) => diagnosticsOf(document).map(d => toRow(file, d, fileOf)));
            const out = opts.format === 'json' ? formatJson(rows)
                : opts.format === 'sarif' ? formatSarif(rows, ctx.version)
                    : formatText(rows, documents.length);
            ctx.stdout(out);
            ctx.exitCode = rows.some(r => r.severity === 'error') ? 1 : 0;
        });
}
