/**
 * Topo: Apply Topology... / Topo: Plan Topology... / Topo: Destroy Topology...
 * Runs the bundled command line (`out/cli.cjs plan|apply|destroy FILE --adapter ADAPTER
 * --format json`) in a child process, for the adapter the command was given, else the
 * `topo.apply.adapter` setting, else the only one the file's providers call for, else the one
 * picked from a list (every site in one plan when the file mixes strongSwan and cloud sites; strongSwan; all clouds; Tencent Cloud; Google Cloud; QingCloud): the plan is shown in the output channel and confirmed in a
 * modal dialog before anything changes; progress appears as a notification, the log in the output
 * channel. Keys are read by the child from the environment (`psk env VAR`) and never printed.
 */
import { fork } from 'node:child_process';
import * as vscode from 'vscode';
import { CLOUD_PROVIDERS } from '../../language-server/src/adapters/cloud/core.js';
import { topologyProviders } from './runbook.js';
import { adapterFoldersFor } from '../config.js';
import type { TopoCommand, TopoContext } from './types.js';

interface PlanAction { id: string; description: string; reason: string; site: string }
interface Plan { id: string; actions: PlanAction[]; unchanged: string[]; problems: { severity: string; site?: string; message: string }[]; sites: string[] }
interface Progress { step: number; total: number; phase: string; message: string }
interface Result { ok: boolean; refused?: string; failed?: { error: string }; softFailures: { error: string }[]; reports: { tunnel: string; site: string; established: boolean; narrowed: string[]; notes: string[] }[] }
type Line = { type: 'plan'; plan: Plan; topologyErrors?: number } | ({ type: 'progress' } & Progress) | { type: 'result'; result: Result } | { type: 'refused'; message: string };

interface RunOutcome { lines: Line[]; stderr: string; code: number | null }

/** Runs the CLI (`args`: command, file, options) with JSON output, in the file's workspace folder; `onLine` sees each line as it arrives. Cancelling kills the child (by its PID). */
function runCli(ctx: TopoContext, args: string[], token?: vscode.CancellationToken, onLine?: (l: Line) => void): Promise<RunOutcome> {
    const cli = ctx.extension.asAbsolutePath('out/cli.cjs');
    return new Promise(resolve => {
        const child = fork(cli, args, { silent: true, cwd: adapterFoldersFor(vscode.Uri.file(args[1])).base });
        const lines: Line[] = [];
        let buffer = '', stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
            buffer += chunk;
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
                const text = buffer.slice(0, nl);
                buffer = buffer.slice(nl + 1);
                if (!text.trim()) continue;
                try {
                    const line = JSON.parse(text) as Line;
                    lines.push(line);
                    onLine?.(line);
                } catch {
                    ctx.output.info(text);
                }
            }
        });
        child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
        token?.onCancellationRequested(() => { if (child.pid) child.kill('SIGTERM'); });
        child.on('error', error => { stderr += String(error); resolve({ lines, stderr, code: null }); });
        child.on('exit', code => resolve({ lines, stderr, code }));
    });
}

const ADAPTERS = {
    all: 'every site in one plan (strongSwan gateways and cloud sites)',
    strongswan: 'strongSwan gateways',
    cloud: 'cloud sites (Tencent Cloud, Google Cloud, QingCloud)',
    tencent: 'Tencent Cloud sites',
    gcp: 'Google Cloud sites',
    qingcloud: 'QingCloud sites',
} as const;
type AdapterId = keyof typeof ADAPTERS;

/** The adapter to drive: given, or the setting, or the only kind the file's providers call for, or picked. */
async function chooseAdapter(ctx: TopoContext, file: vscode.Uri, given?: string): Promise<AdapterId | undefined> {
    if (given && given in ADAPTERS) return given as AdapterId;
    const setting = vscode.workspace.getConfiguration('topo', file).get<string>('apply.adapter', 'ask');
    if (setting in ADAPTERS) return setting as AdapterId;
    // the providers of the whole topology (all its files, a site without `provider` is strongSwan), from the server
    const providers = new Set(await topologyProviders(ctx, file));
    const clouds = CLOUD_PROVIDERS.filter(p => providers.has(p));
    const strongswan = providers.has('strongswan');
    // a topology that mixes kinds of site is offered as one plan first, then each part alone
    const offered: AdapterId[] = [...(strongswan && clouds.length ? ['all' as const] : []), ...(strongswan ? ['strongswan' as const] : []), ...(clouds.length ? ['cloud' as const] : []), ...(clouds.length > 1 ? clouds : [])];
    if (offered.length === 1) return offered[0];
    const items = (offered.length ? offered : (Object.keys(ADAPTERS) as AdapterId[])).map(id => ({ label: id, description: ADAPTERS[id], id }));
    return (await vscode.window.showQuickPick(items, { title: 'Topo: which adapter?', placeHolder: 'what to plan and apply' }))?.id;
}

/** The adapters' folders for this file (adapters/folders.ts, the rule the hover and the diagram read by), as command-line options. */
function settings(file: vscode.Uri, adapter: AdapterId): string[] {
    const { workdir, stateDir } = adapterFoldersFor(file);
    return [
        ...(adapter === 'strongswan' || adapter === 'all' ? ['--workdir', workdir] : []),
        ...(adapter !== 'strongswan' ? ['--state-dir', stateDir] : []),
    ];
}

function logPlan(ctx: TopoContext, plan: Plan, adapter: AdapterId): void {
    ctx.output.info(`Topo plan (${adapter}) for ${plan.sites.join(', ') || `no ${ADAPTERS[adapter]}`}:`);
    plan.actions.forEach((a, i) => ctx.output.info(`  ${i + 1}. ${a.description} (${a.reason})`));
    plan.unchanged.forEach(u => ctx.output.info(`  = ${u}`));
    plan.problems.forEach(p => (p.severity === 'error' ? ctx.output.error : ctx.output.warn).call(ctx.output, `  ! ${p.site ? `${p.site}: ` : ''}${p.message}`));
}

async function readText(file: vscode.Uri): Promise<string | undefined> {
    try { return new TextDecoder().decode(await vscode.workspace.fs.readFile(file)); } catch { return undefined; }
}

function activeFile(): vscode.Uri | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc?.languageId === 'topo' ? doc.uri : undefined;
}

async function planThenRun(ctx: TopoContext, mode: 'apply' | 'destroy', uri?: vscode.Uri, given?: string): Promise<Result | undefined> {
    const file = uri ?? activeFile();
    if (!file) return void vscode.window.showWarningMessage('Topo: open a .topo file first.');
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === file.toString());
    if (doc?.isDirty) await doc.save();
    const adapter = await chooseAdapter(ctx, file, given);
    if (!adapter) return undefined;
    const base = [mode, file.fsPath, '--adapter', adapter, '--format', 'json', ...settings(file, adapter)];
    const shown = await readText(file);
    ctx.output.show(true);
    const planned = await runCli(ctx, base);
    const planLine = planned.lines.find((l): l is Extract<Line, { type: 'plan' }> => l.type === 'plan');
    if (!planLine) {
        const why = planned.stderr.trim().split('\n')[0] || `the command line exited with ${planned.code}`;
        ctx.output.error(`Topo: could not plan: ${why}`);
        return void vscode.window.showErrorMessage(`Topo: could not plan: ${why}`);
    }
    const plan = planLine.plan;
    logPlan(ctx, plan, adapter);
    const errors = plan.problems.filter(p => p.severity === 'error');
    if (errors.length) {
        return void vscode.window.showErrorMessage(`Topo: the plan has ${errors.length} problem${errors.length === 1 ? '' : 's'} (first: ${errors[0].message}). See the output.`);
    }
    if (planLine.topologyErrors) {
        return void vscode.window.showErrorMessage(`Topo: the topology has ${planLine.topologyErrors} error${planLine.topologyErrors === 1 ? '' : 's'}; fix them before applying (Problems panel).`);
    }
    if (plan.actions.length === 0) {
        return void vscode.window.showInformationMessage('Topo: nothing to change; everything is as the topology says.');
    }
    const verb = mode === 'apply' ? 'Apply' : 'Destroy';
    const pick = await vscode.window.showWarningMessage(
        `${verb} ${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'} to the ${ADAPTERS[adapter]} ${plan.sites.join(', ')}?`,
        { modal: true, detail: plan.actions.map((a, i) => `${i + 1}. ${a.description}`).join('\n') }, verb);
    if (pick !== verb) return undefined;
    // Run the plan that was shown, or nothing: the file must be what was planned, and the command
    // line refuses (--plan-id) when the gateways or the file changed in the meantime.
    const nowDoc = vscode.workspace.textDocuments.find(d => d.uri.toString() === file.toString());
    if (nowDoc?.isDirty || (await readText(file)) !== shown) {
        const msg = `Topo: ${file.fsPath} changed after the plan was shown; nothing was changed. Run ${verb} again to see the new plan.`;
        ctx.output.error(msg);
        return void vscode.window.showErrorMessage(msg);
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Topo: ${mode}`, cancellable: true }, async (progress, token) => {
        const run = await runCli(ctx, [...base, '--yes', '--plan-id', plan.id], token, line => {
            if (line.type !== 'progress') return;
            ctx.output.info(`[${line.step}/${line.total}] ${line.phase} ${line.message}`);
            if (line.phase === 'start' && line.total) progress.report({ message: line.message, increment: 100 / line.total });
        });
        const result = run.lines.find((l): l is Extract<Line, { type: 'result' }> => l.type === 'result')?.result;
        const refusal = run.lines.find((l): l is Extract<Line, { type: 'refused' }> => l.type === 'refused');
        if (refusal) {
            ctx.output.error(`Topo: ${mode} refused: ${refusal.message}`);
            void vscode.window.showErrorMessage(`Topo: ${mode} refused: ${refusal.message}`);
            return undefined;
        }
        if (!result) {
            const why = run.stderr.trim().split('\n')[0] || `the command line exited with ${run.code}`;
            ctx.output.error(`Topo: ${mode} failed: ${why}`);
            void vscode.window.showErrorMessage(`Topo: ${mode} failed: ${why}`);
            return undefined;
        }
        for (const r of result.reports) ctx.output.info(`  ${r.tunnel} at ${r.site}: ${r.established ? 'established' : 'NOT established'}${r.narrowed.length ? `; narrowed: ${r.narrowed.join('; ')}` : ''}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`);
        if (result.ok) void vscode.window.showInformationMessage(`Topo: ${mode} done (${result.reports.filter(r => r.established).length} of ${result.reports.length} tunnel ends up).`);
        else if (result.refused) void vscode.window.showErrorMessage(`Topo: ${mode} refused: ${result.refused}. Nothing changed.`);
        else void vscode.window.showErrorMessage(`Topo: ${mode} stopped: ${result.failed?.error ?? result.softFailures[0]?.error ?? 'see the output'}. Run it again to resume.`);
        return result;
    });
}

export const APPLY_COMMANDS: TopoCommand[] = [
    { id: 'topo.apply', run: (ctx, uri?: vscode.Uri, adapter?: string) => planThenRun(ctx, 'apply', uri, adapter) },
    { id: 'topo.destroy', run: (ctx, uri?: vscode.Uri, adapter?: string) => planThenRun(ctx, 'destroy', uri, adapter) },
    {
        id: 'topo.plan',
        run: async (ctx, uri?: vscode.Uri, given?: string) => {
            const file = uri ?? activeFile();
            if (!file) return void vscode.window.showWarningMessage('Topo: open a .topo file first.');
            const adapter = await chooseAdapter(ctx, file, given);
            if (!adapter) return undefined;
            const run = await runCli(ctx, ['plan', file.fsPath, '--adapter', adapter, '--format', 'json', ...settings(file, adapter)]);
            const line = run.lines.find((l): l is Extract<Line, { type: 'plan' }> => l.type === 'plan');
            if (line) logPlan(ctx, line.plan, adapter); else ctx.output.error(`Topo: could not plan: ${run.stderr.trim().split('\n')[0]}`);
            ctx.output.show(true);
            return line?.plan;
        },
    },
];
