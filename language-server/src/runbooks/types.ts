/**
 * The runbook model: a list of console steps, each a pure function of the resolved topology.
 * Values that are not known when the runbook is written (a gateway address that a step
 * produces) are `Ref`s, resolved to "the address reserved in step N" once the steps are numbered.
 */
import type { ProviderId, Site } from '../model/types.js';

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

/**
 * A reference to something a step produces (`gwip:SITE`, `gwip:SITE@TUNNEL`, `psk:TUNNEL`):
 * the first key of `ref` that some step produces, else `fallback`.
 */
export interface Ref { ref: string | string[]; fallback: string }
export type Piece = string | Ref;
/** Text with references in it. Strings are Markdown (values already in backticks). */
export type Txt = Piece[];

export interface Field { label: string; value: Txt }

export type Block =
    | { kind: 'fields'; heading?: string; fields: Field[] }
    | { kind: 'table'; header: string[]; rows: string[][] }
    | { kind: 'code'; lang: string; text: string; caption?: Txt }
    | { kind: 'para'; text: Txt };

/**
 * Steps are ordered by phase, then by the site's position in the file, then as emitted.
 * `connect` is for providers whose connection object must exist before the peers can be
 * configured (AWS: the VPN connection produces the tunnel's outside address).
 */
export type Phase = 'gateway' | 'peer' | 'connect' | 'tunnel' | 'routes' | 'verify';
export const PHASE_ORDER: Record<Phase, number> = { gateway: 0, peer: 1, connect: 2, tunnel: 3, routes: 4, verify: 5 };

export interface Step {
    /** Unique within a runbook (`tencent:gw:tencent-hk`). */
    key: string;
    phase: Phase;
    /** The site whose console this step is done in (absent for verification steps). */
    site?: Site;
    provider?: ProviderId;
    title: string;
    /** Console navigation, e.g. `私有网络 → 路由表 → 新增路由策略`. */
    console?: string;
    blocks: Block[];
    notes: Txt[];
    /** What a failure at this step usually means. */
    troubleshooting: Txt[];
    /** Parts of this step Topo's provider facts do not cover yet (shown with a marker). */
    uncovered: string[];
    /** What this step produces, by ref key: how to refer to it from another step, given this step's number. */
    produces?: Record<string, (n: number) => string>;
}

export interface RunbookOptions {
    lang?: Lang;
    /** Only the steps in consoles of this provider (plus verification). */
    provider?: ProviderId;
    /** Errors found in the topology (`topo check`); a warning line at the top when > 0. */
    errorCount?: number;
    /** Shown in the header (a file name; keep it stable for golden files). */
    source?: string;
    /** The topology as a text picture (graph/text.ts `renderText`), shown at the top. */
    diagram?: string;
}

export interface Runbook {
    title: string;
    lang: Lang;
    warnings: Txt[];
    /** Every step, numbered 1..n in order. */
    steps: Step[];
    /** The steps shown (all, or those of `provider` plus verification). */
    shown: Step[];
    numberOf: Map<Step, number>;
}
