/**
 * The adapter framework: how Topo turns a resolved topology into running configuration.
 *
 * An adapter is used in three steps, always in this order:
 *   1. `observe(model)`  reads what is running now (the adapter's state record AND reality:
 *      the state record alone is never trusted, e.g. a restarted daemon has lost what was loaded);
 *   2. `plan(model, state)`  is pure: the ordered list of actions that would change what is
 *      running. An empty plan means "nothing to do"; `problems` that block must be fixed first;
 *   3. `apply(plan, progress)`  executes the actions in order. Each action is idempotent and the
 *      adapter records progress after each one, so a run that fails at any step is completed by
 *      the next observe -> plan -> apply, and a second apply finds nothing to do.
 * `planDestroy(model, state)` plans the removal of everything the adapter put in place; its plan
 * is executed by the same `apply`.
 *
 * Dry run is the default everywhere: nothing changes until `apply` is called (the CLI calls it
 * only with `--yes`; the VS Code command asks first).
 *
 * No value produced here (plans, progress messages, reports, errors) ever contains a pre-shared
 * key: adapters that handle secrets redact them from anything they pass on.
 */
import type { Topology } from '../model/types.js';

/** One step of a plan. `kind` is adapter-specific (strongSwan: write-config, terminate, load, initiate, unload, remove-config). */
export interface Action {
    /** Stable id within a plan, e.g. `load:pek3` or `initiate:sh1:sh1-pek3`. */
    id: string;
    kind: string;
    /** The site whose running configuration the action changes. */
    site: string;
    /** One line for humans (no secrets). */
    description: string;
    /** Why the action is needed (what observe found), one line. */
    reason: string;
    /** Adapter data needed to execute the action (JSON-serialisable, no secrets). */
    data?: Record<string, unknown>;
}

/** Something that prevents (`error`) or qualifies (`warning`) a plan. */
export interface PlanProblem {
    severity: 'error' | 'warning';
    site?: string;
    message: string;
}

export interface Plan {
    adapter: string;
    /**
     * Changes whenever anything the plan would do changes (actions, what would be written, minus
     * keys); holds no key. `apply --plan-id` runs only the plan that was shown.
     */
    id: string;
    /** `apply` (bring the topology up) or `destroy`. */
    mode: 'apply' | 'destroy';
    /** The sites the plan covers (after `--site` filtering). */
    sites: string[];
    actions: Action[];
    /** Things observe found already in place (one line each), for the plan display. */
    unchanged: string[];
    problems: PlanProblem[];
}

/** A progress event: the CLI prints one line per event; the VS Code client reports it in a progress notification. */
export interface ProgressEvent {
    /** 1-based index of the action in the plan; 0 for messages not tied to an action. */
    step: number;
    total: number;
    phase: 'start' | 'done' | 'failed' | 'info';
    action?: Action;
    /** One line, no secrets. */
    message: string;
}

export type Progress = (event: ProgressEvent) => void;

/** What an adapter found about one tunnel end after applying (or when asked). */
export interface TunnelReport {
    tunnel: string;
    /** The end's connection name at `site`. */
    name: string;
    site: string;
    peer: string;
    established: boolean;
    /** The provider reports no tunnel status (QingCloud's API): `established` means nothing then. */
    statusUnknown?: boolean;
    /** IKE version and proposals as configured (strongSwan syntax). */
    configured: { ike: number; ikeProposals: string[]; espProposals: string[]; children: { name: string; local: string[]; remote: string[] }[] };
    /** What was negotiated, when an IKE SA exists. */
    negotiated?: {
        ikeProposal?: string;
        children: { name: string; state: string; espProposal?: string; local: string[]; remote: string[] }[];
    };
    /** true when the negotiated proposals are among the configured ones. */
    proposalsAsConfigured?: boolean;
    /** Children whose negotiated selectors differ from the configured ones (IKEv2 narrowing), one line each. */
    narrowed: string[];
    /** Children configured but not installed. */
    missingChildren: string[];
    notes: string[];
}

export interface ApplyResult {
    ok: boolean;
    /** Ids of actions that completed. */
    completed: string[];
    /** Why nothing was done (blocking problems, or a work folder Topo must not or cannot write into). One line. */
    refused?: string;
    /** The action that failed (apply stops there; the next apply resumes). */
    failed?: { action: Action; error: string };
    /** Actions that ran but whose effect was not reached without being fatal (e.g. a tunnel that did not come up). */
    softFailures: { action: Action; error: string }[];
    reports: TunnelReport[];
}

export interface Adapter<State = unknown> {
    readonly id: string;
    observe(model: Topology): Promise<State>;
    plan(model: Topology, state: State): Plan;
    planDestroy(model: Topology, state: State): Plan;
    apply(plan: Plan, progress?: Progress): Promise<ApplyResult>;
    /** Per-tunnel status from reality, read-only. */
    report(model: Topology): Promise<TunnelReport[]>;
}
