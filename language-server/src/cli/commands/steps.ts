/**
 * `topo steps FILE [--provider ID] [--lang en|zh] [-o FILE]`: the console runbook as Markdown.
 *
 * Exit 0 when the runbook is written — also for a topology with errors: the user may want to see
 * the steps anyway, so the runbook starts with a warning line giving the error count. Exit 2 for
 * usage and input errors (unknown provider: the list of providers; unwritable output file).
 */
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { PROVIDER_IDS, isProviderId } from '../../model/types.js';
import { LANGS, type Lang, runbookMarkdown } from '../../runbooks/index.js';
import { UsageError } from '../errors.js';
import type { CliContext } from '../main.js';
import { loadWorkspace, writeOutputFile } from '../workspace.js';
import { graphOfDocument, renderText } from '../../graph/index.js';

export function registerSteps(program: Command, ctx: CliContext): void {
    program
        .command('steps')
        .description('print the console runbook of a topology as Markdown (exit 0: written, also when the topology has errors; 2: usage or input error)')
        .argument('<file>', '.topo file')
        .option('--provider <id>', `only the steps in this provider's console (${PROVIDER_IDS.join(', ')})`)
        .addOption(new Option('--lang <lang>', 'language of the runbook').choices([...LANGS]).default('en'))
        .option('-o, --output <file>', 'write the runbook to this file instead of stdout')
        .action(async (file: string, opts: { provider?: string; lang: Lang; output?: string }) => {
            if (opts.provider !== undefined && !isProviderId(opts.provider)) {
                throw new UsageError(`unknown provider '${opts.provider}' (one of: ${PROVIDER_IDS.join(', ')})`);
            }
            const { services, documents } = await loadWorkspace([file]);
            const { document } = documents[0];
            const result = services.topo.TopologyService.resultFor(document);
            const graph = graphOfDocument(services, document);
            const markdown = runbookMarkdown(result.topology, {
                lang: opts.lang,
                provider: opts.provider as never,
                errorCount: graph.totals.errors,
                source: path.basename(file),
                diagram: renderText(graph),
            });
            if (opts.output !== undefined) writeOutputFile(opts.output, markdown);
            else ctx.stdout(markdown);
            ctx.exitCode = 0;
        });
}
