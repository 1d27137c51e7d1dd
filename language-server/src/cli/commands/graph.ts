/**
 * `topo graph FILE... [--format svg|dot|json|text] [-o FILE] [--expand GROUP...] [--workdir DIR] [--state-dir DIR]`:
 * the topology as a picture, the same as the diagram in VS Code (for docs and CI artefacts).
 * Exit 0 when it is drawn (also for a topology with errors: they are drawn red), 2 for usage and
 * input errors.
 */
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { graphOfDocument, layoutGraph, renderDot, renderSvg, renderText } from '../../graph/index.js';
import { topologyKeyOf } from '../../services/workspace/topology-service.js';
import { UsageError } from '../errors.js';
import type { CliContext } from '../main.js';
import { loadWorkspace, writeOutputFile } from '../workspace.js';

export function registerGraph(program: Command, ctx: CliContext): void {
    program
        .command('graph')
        .description('draw the topology: sites grouped by provider and region, tunnels coloured by their worst problem (exit 0: drawn; 2: usage or input error)')
        .argument('<files...>', '.topo files of one topology')
        .addOption(new Option('--format <format>', 'output format').choices(['svg', 'dot', 'json', 'text']).default('svg'))
        .option('-o, --output <file>', 'write to this file instead of stdout')
        .option('--expand <group...>', 'in a large topology, draw the sites of these groups (e.g. group:aws/us-east-1) one by one')
        .option('--workdir <dir>', "the strongSwan adapter's work folder: show which tunnels it initiated", undefined)
        .option('--state-dir <dir>', "the cloud adapters' state folder: show each cloud tunnel end's status as its provider reported it", undefined)
        .action(async (files: string[], opts: { format: 'svg' | 'dot' | 'json' | 'text'; output?: string; expand?: string[]; workdir?: string; stateDir?: string }) => {
            const { services, documents } = await loadWorkspace(files);
            const keys = new Set(documents.map(d => topologyKeyOf(d.document)));
            if (keys.size > 1) {
                throw new UsageError(`the files form ${keys.size} topologies (${files.map(f => path.basename(f)).join(', ')}); draw one topology at a time`);
            }
            const graph = graphOfDocument(services, documents[0].document, { workdir: opts.workdir, stateDir: opts.stateDir });
            let out: string;
            if (opts.format === 'json') out = JSON.stringify(graph, null, 2) + '\n';
            else if (opts.format === 'dot') out = renderDot(graph);
            else if (opts.format === 'text') out = renderText(graph, Number.MAX_SAFE_INTEGER) + '\n';
            else out = renderSvg(await layoutGraph(graph, { expanded: opts.expand }));
            if (opts.output !== undefined) writeOutputFile(opts.output, out);
            else ctx.stdout(out);
            ctx.exitCode = 0;
        });
}
