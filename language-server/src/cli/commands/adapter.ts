/**
 * `topo plan|apply|destroy FILE --adapter strongswan ...`: bring a topology up through an adapter.
 * Dry run by default: `apply` and `destroy` change nothing without `--yes`.
 */
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { ADAPTER_IDS, CredentialError, createAdapter, formatPlan, formatProgress, formatReports, modelSummary, type AdapterId } from '../../adapters/index.js';
import type { ApplyResult, Plan, ProgressEvent } from '../../adapters/types.js';
import { LockHeldError, acquireLock } from '../../adapters/common/lock.js';
import { UnsafePathError } from '../../adapters/common/safe-files.js';
import { DEFAULT_STATE_DIR, DEFAULT_WORKDIR } from '../../adapters/folders.js';
import { execRunner } from '../../adapters/strongswan/swanctl.js';
import { strongswanSites } from '../../adapters/strongswan/render.js';
import type { Topology } from '../../model/types.js';
import { UsageError } from '../errors.js';
import type { CliContext } from '../main.js';
import { diagnosticsOf, loadWorkspace, topologyDocuments } from '../workspace.js';

interface AdapterOpts {
    adapter: AdapterId;
    site?: string;
    workdir: string;
    viciUri: string[];
    swanctl?: string;
    format: 'text' | 'json';
    timeout?: string;
    stateDir: string;
    adopt: string[];
    yes?: boolean;
    force?: boolean;
    planId?: string;
    wait: string;
}

const HELP = `
How Topo finds each site's charon: by default the vici socket <workdir>/<site>/charon.vici
(start charon with 'plugins.vici.socket = unix://<workdir>/<site>/charon.vici'); or name it per site
with --vici-uri SITE=URI (repeatable, e.g. --vici-uri pek3=unix:///run/pek3/charon.vici); a bare
--vici-uri URI is allowed when one site is selected (--site, or a single strongSwan site).
Topo writes <workdir>/<site>/swanctl.conf (mode 0600: it holds the keys) and topo-state.json,
loads the file with 'swanctl --load-all' (which also unloads connections that are not in it: give
Topo a charon of its own) and initiates each tunnel from the spoke of a star, else from the first
written end. Keys: 'psk env VAR' is read from the environment now; an end without 'psk' reads
TOPO_PSK_<TUNNEL>. 'psk env' reads any variable of this environment: name it for the key.
Keys are written base64-encoded and never printed. The work folder must be Topo's own (created
by it, or owned by you and not writable by group or others); one apply or destroy runs on it at
a time (--wait). --plan-id applies only the plan with that id (plan --format json prints it).

--adapter all drives every site in one plan: the cloud steps first (a cloud gateway's address
exists before the strongSwan peer that needs it is written and initiates), then the strongSwan
steps, planned again with the addresses the clouds reported; destroy the other way round.

Cloud adapters (--adapter tencent, gcp, qingcloud, or cloud for all three in one plan): credentials from each
provider's standard places (Tencent: TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY or
~/.tencentcloud/credentials; Google: Application Default Credentials and GOOGLE_CLOUD_PROJECT).
The plan lists every API call with its values (never a key). The journal of what Topo created
is <state-dir>/<topology>.json. --adopt SITE=ID hands an existing Tencent VPN gateway to Topo
(used, never changed or deleted).`;

function collect(value: string, previous: string[]): string[] {
    return [...previous, value];
}

function common(cmd: Command): Command {
    return cmd
        .argument('<file>', 'the .topo file')
        .addOption(new Option('--adapter <id>', 'which adapter').choices([...ADAPTER_IDS]).makeOptionMandatory())
        .option('--site <name>', 'only this site')
        .option('--workdir <dir>', 'work folder: one sub-folder per site', DEFAULT_WORKDIR)
        .option('--vici-uri <SITE=URI>', "a site's charon (repeatable)", collect, [] as string[])
        .option('--swanctl <path>', 'the swanctl binary (default: $TOPO_SWANCTL or swanctl)')
        .option('--state-dir <dir>', 'cloud adapters: where the journal of what Topo created is kept', DEFAULT_STATE_DIR)
        .option('--adopt <SITE=ID>', 'cloud adapters: use this existing VPN gateway for SITE (repeatable; never deleted)', collect, [] as string[])
        .addOption(new Option('--format <format>', 'output: text, or JSON lines (plan, progress events, result)').choices(['text', 'json']).default('text'))
        .addHelpText('after', HELP);
}

async function prepare(file: string, opts: AdapterOpts, env: Record<string, string | undefined>) {
    const { services, documents } = await loadWorkspace([file]);
    const doc = documents[0].document;
    const topology: Topology = services.topo.TopologyService.resultFor(doc).topology;
    // errors anywhere in the topology (every file that shares its `topology NAME`) block an apply
    const errors = topologyDocuments(services, doc).reduce((n, d) => n + diagnosticsOf(d).filter(x => x.severity === 1).length, 0);
    const viciUris: Record<string, string> = {};
    for (const v of opts.viciUri) {
        const m = v.match(/^([A-Za-z0-9_-]+)=(.+)$/);
        if (m && !/^[a-z]+:\/\//.test(v)) { viciUris[m[1]] = m[2]; continue; }
        const selected = strongswanSites(topology, opts.site);
        if (selected.length !== 1) throw new UsageError(`--vici-uri ${v}: without SITE= it needs exactly one selected strongSwan site (found ${selected.length}); write --vici-uri SITE=URI`);
        viciUris[selected[0].name] = v;
    }
    for (const s of Object.keys(viciUris)) {
        if (!topology.siteByName.has(s)) throw new UsageError(`--vici-uri: no site named ${s} in ${file}`);
    }
    let timeout: number | undefined;
    if (opts.timeout !== undefined) {
        timeout = Number(opts.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600) throw new UsageError(`--timeout ${opts.timeout}: give seconds between 1 and 600`);
    }
    const adopt: Record<string, string> = {};
    for (const a of opts.adopt) {
        const m = /^([A-Za-z0-9_-]+)=(\S+)$/.exec(a);
        if (!m) throw new UsageError(`--adopt ${a}: write --adopt SITE=ID`);
        if (!topology.siteByName.has(m[1])) throw new UsageError(`--adopt: no site named ${m[1]} in ${file}`);
        adopt[m[1]] = m[2];
    }
    const num = (v: string | undefined) => (v && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);
    const adapter = await createAdapter(opts.adapter, {
        strongswan: { workdir: path.resolve(opts.workdir), viciUris, site: opts.site, runner: execRunner(opts.swanctl), initiateTimeout: timeout, env },
        cloud: {
            stateDir: path.resolve(opts.stateDir), site: opts.site, adopt, env,
            // for tests against local fakes: polling interval, first retry backoff, request timeout
            pollMs: num(env.TOPO_CLOUD_POLL_MS), backoffMs: num(env.TOPO_CLOUD_BACKOFF_MS), timeoutSeconds: num(env.TOPO_CLOUD_REQUEST_TIMEOUT),
        },
    });
    return { topology, errors, adapter };
}

/** observe, with a missing credential as one line and exit 2 (nothing has been called yet). */
async function observe(adapter: Awaited<ReturnType<typeof createAdapter>>, topology: Topology): Promise<unknown> {
    try {
        return await adapter.observe(topology);
    } catch (e) {
        if (e instanceof CredentialError) throw new UsageError(e.message);
        throw e;
    }
}

/** Options of the commands that change things: one run per work folder at a time, and only the plan that was shown. */
function changing(cmd: Command): Command {
    return cmd
        .option('--plan-id <id>', 'change things only if the plan is still the one with this id (printed by plan, --format json)')
        .option('--wait <seconds>', 'how long to wait for another apply or destroy on the same work folder', '60');
}

/**
 * Runs `body` holding the work folder's lock. A folder Topo must not use, or a lock held past
 * --wait, is one line on stderr and exit code 1; nothing changes.
 */
async function locked(ctx: CliContext, opts: AdapterOpts, command: string, body: () => Promise<void>): Promise<void> {
    const wait = Number(opts.wait);
    if (!Number.isFinite(wait) || wait < 0 || wait > 3600) throw new UsageError(`--wait ${opts.wait}: give seconds between 0 and 3600`);
    // the strongSwan adapter's work folder, the cloud adapters' state folder, or both (all)
    const dirs = [...(opts.adapter === 'strongswan' || opts.adapter === 'all' ? [opts.workdir] : []), ...(opts.adapter !== 'strongswan' ? [opts.stateDir] : [])].map(d => path.resolve(d));
    const releases: (() => void)[] = [];
    try {
        for (const dir of dirs) {
            releases.push(await acquireLock(dir, {
                command, waitMs: wait * 1000,
                onWait: o => ctx.stderr(`topo: waiting up to ${wait} s for ${o ? `${o.command} (pid ${o.pid})` : 'another run'} to finish with ${dir}\n`),
            }));
        }
    } catch (e) {
        for (const r of releases.reverse()) r();
        if (!(e instanceof LockHeldError || e instanceof UnsafePathError)) throw e;
        ctx.stderr(`topo: ${e.message}; nothing changed\n`);
        ctx.exitCode = 1;
        return;
    }
    try { await body(); } finally { for (const r of releases.reverse()) r(); }
}

/** The plan is not the one that was shown: one line, exit 1, nothing changed. */
function stalePlan(ctx: CliContext, opts: AdapterOpts, plan: Plan): boolean {
    if (opts.planId === undefined || opts.planId === plan.id) return false;
    const msg = `the plan changed since it was shown (id ${opts.planId}, now ${plan.id}: the file or the gateways changed); nothing changed. Plan again.`;
    if (opts.format === 'json') emit(ctx, opts, { type: 'refused', message: msg }); else ctx.stderr(`topo: ${msg}\n`);
    ctx.exitCode = 1;
    return true;
}

/** A refused apply (unsafe or unwritable work folder) is one line on stderr. */
function refused(ctx: CliContext, result: ApplyResult): void {
    if (result.refused) ctx.stderr(`topo: ${result.refused}; nothing changed\n`);
}

function emit(ctx: CliContext, opts: AdapterOpts, obj: Record<string, unknown>): void {
    if (opts.format === 'json') ctx.stdout(JSON.stringify(obj) + '\n');
}

function hasBlocking(plan: Plan): boolean {
    return plan.problems.some(p => p.severity === 'error');
}

export function registerPlan(program: Command, ctx: CliContext): void {
    common(program.command('plan'))
        .description('show what `topo apply` would change (changes nothing)')
        .action(async (file: string, opts: AdapterOpts) => {
            const { topology, errors, adapter } = await prepare(file, opts, ctx.env);
            const plan = adapter.plan(topology, await observe(adapter, topology));
            if (opts.format === 'json') emit(ctx, opts, { type: 'plan', plan, model: modelSummary(topology), topologyErrors: errors });
            else {
                ctx.stdout(formatPlan(plan));
                if (errors) ctx.stdout(`Note: the topology has ${errors} error${errors === 1 ? '' : 's'} (see topo check ${file}).\n`);
            }
            ctx.exitCode = hasBlocking(plan) ? 1 : 0;
        });
}

export function registerApply(program: Command, ctx: CliContext): void {
    changing(common(program.command('apply')))
        .description('apply the topology through an adapter (dry run: prints the plan; --yes applies it)')
        .option('--yes', 'apply the plan (without it nothing changes)')
        .option('--force', 'apply even when topo check finds errors in the topology')
        .option('--timeout <seconds>', 'how long each tunnel may take to come up (default 20)')
        .action(async (file: string, opts: AdapterOpts) => {
            const { topology, errors, adapter } = await prepare(file, opts, ctx.env);
            if (!opts.yes) return applyBody(ctx, file, opts, topology, errors, adapter);
            await locked(ctx, opts, `topo apply ${file}`, () => applyBody(ctx, file, opts, topology, errors, adapter));
        });
}

async function applyBody(ctx: CliContext, file: string, opts: AdapterOpts, topology: Topology, errors: number, adapter: Awaited<ReturnType<typeof createAdapter>>): Promise<void> {
    const plan = adapter.plan(topology, await observe(adapter, topology));
    const text = opts.format === 'text';
    if (text) ctx.stdout(formatPlan(plan));
    else emit(ctx, opts, { type: 'plan', plan, model: modelSummary(topology), topologyErrors: errors });
    if (hasBlocking(plan)) {
        if (text) ctx.stdout('Nothing changed: fix the problems above first.\n');
        ctx.exitCode = 1;
        return;
    }
    if (!opts.yes) {
        if (text) ctx.stdout(`Dry run: nothing changed. Run again with --yes to apply${errors ? ' (and --force: the topology has errors)' : ''}.\n`);
        ctx.exitCode = 0;
        return;
    }
    if (errors && !opts.force) {
        const msg = `the topology has ${errors} error${errors === 1 ? '' : 's'} (see topo check ${file}); nothing changed. Add --force to apply it anyway.`;
        if (text) ctx.stdout(`${msg}\n`); else emit(ctx, opts, { type: 'refused', message: msg });
        ctx.exitCode = 1;
        return;
    }
    if (stalePlan(ctx, opts, plan)) return;
    const progress = (e: ProgressEvent) => (text ? ctx.stdout(formatProgress(e) + '\n') : emit(ctx, opts, { type: 'progress', ...e }));
    const result = await adapter.apply(plan, progress);
    if (result.refused) { refused(ctx, result); if (!text) emit(ctx, opts, { type: 'result', result }); ctx.exitCode = 1; return; }
    if (!result.failed) result.reports = await adapter.report(topology);
    if (text) {
        ctx.stdout(formatReports(result.reports));
        if (result.failed) ctx.stdout(`Stopped at step ${plan.actions.indexOf(result.failed.action) + 1} (${result.failed.action.id}); run topo apply again to resume.\n`);
    } else emit(ctx, opts, { type: 'result', result });
    const down = result.reports.filter(r => !r.established && !r.statusUnknown);
    ctx.exitCode = result.failed || result.softFailures.length || (!opts.site && down.length) ? 1 : 0;
    if (text) ctx.stdout(ctx.exitCode === 0 ? 'Applied.\n' : `Not everything is up${down.length ? `: ${down.length} tunnel end${down.length === 1 ? '' : 's'} not established` : ''}.\n`);
}

export function registerDestroy(program: Command, ctx: CliContext): void {
    changing(common(program.command('destroy')))
        .description("remove what topo apply put in place (dry run: prints the plan; --yes removes)")
        .option('--yes', 'execute the plan (without it nothing changes)')
        .action(async (file: string, opts: AdapterOpts) => {
            const { topology, adapter } = await prepare(file, opts, ctx.env);
            const body = async () => {
                const plan = adapter.planDestroy(topology, await observe(adapter, topology));
                const text = opts.format === 'text';
                if (text) ctx.stdout(formatPlan(plan)); else emit(ctx, opts, { type: 'plan', plan, model: modelSummary(topology) });
                if (hasBlocking(plan)) { ctx.exitCode = 1; return; }
                if (!opts.yes) {
                    if (text) ctx.stdout('Dry run: nothing changed. Run again with --yes to destroy.\n');
                    ctx.exitCode = 0;
                    return;
                }
                if (stalePlan(ctx, opts, plan)) return;
                const progress = (e: ProgressEvent) => (text ? ctx.stdout(formatProgress(e) + '\n') : emit(ctx, opts, { type: 'progress', ...e }));
                const result = await adapter.apply(plan, progress);
                refused(ctx, result);
                if (!text) emit(ctx, opts, { type: 'result', result });
                else if (!result.refused) ctx.stdout(result.ok ? 'Destroyed.\n' : 'Destroy stopped; run topo destroy again to resume.\n');
                ctx.exitCode = result.ok ? 0 : 1;
            };
            if (!opts.yes) return body();
            await locked(ctx, opts, `topo destroy ${file}`, body);
        });
}
