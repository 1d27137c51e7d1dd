/**
 * The tunnel status the clouds reported, as the cloud adapter keeps it in its journal
 * (`<stateDir>/<topology>.json`, `status`), for the editor: the tunnel hover and the diagram
 * (`topo/graph`, `topo graph --state-dir`) read it from here. Light on purpose: no SDK is
 * loaded by the language server to read a file.
 *
 * Written by `CloudAdapter.report` (after every `topo apply` and whenever the status is asked
 * for), only while a journal exists (destroy removes it with the last resource). No key is ever
 * in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One tunnel end as its cloud reported it. */
export interface CloudEndStatus {
    tunnel: string;
    /** The end's name at `site` (the tunnel statement's). */
    end: string;
    site: string;
    provider: string;
    /** The provider's own word: Tencent `NetStatus` (`AVAILABLE`), GCP tunnel `status` (`ESTABLISHED`, `NO_INCOMING_PACKETS`...), or `not created`. */
    status: string;
    /** `up`: the provider says it is established; `down`: it says otherwise; `unknown`: its API reports no status (QingCloud). */
    state: 'up' | 'down' | 'unknown';
    /** When it was read (ISO time). */
    at: string;
}

/** The name a topology's journal is kept under (a file without `topology NAME`: `topo`). */
export const journalName = (t: { name?: string }): string => t.name ?? 'topo';

/** The journal file of a topology in a state folder. */
export function journalFile(stateDir: string, topology: string): string {
    return path.resolve(stateDir, `${topology.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

/** Key of an end in the journal's `status`. */
export const statusKey = (site: string, end: string) => `${site}/${end}`;

/** The status the last report recorded for each end of `topology` (empty when never applied or unreadable). */
export function readCloudStatus(stateDir: string, topology: { name?: string }): Map<string, CloudEndStatus> {
    const out = new Map<string, CloudEndStatus>();
    let journal: { adapter?: string; status?: Record<string, CloudEndStatus> };
    try { journal = JSON.parse(fs.readFileSync(journalFile(stateDir, journalName(topology)), 'utf8')); } catch { return out; }
    if (journal?.adapter !== 'cloud' || typeof journal.status !== 'object' || journal.status === null) return out;
    for (const s of Object.values(journal.status)) {
        if (s && typeof s.site === 'string' && typeof s.end === 'string' && typeof s.status === 'string') out.set(statusKey(s.site, s.end), s);
    }
    return out;
}

/** One line for people: `ESTABLISHED (tencent, 2026-12-02T00:30:00Z)`. */
export function statusLine(s: CloudEndStatus): string {
    const word = s.state === 'unknown' ? 'configured (its API reports no tunnel status)' : s.state === 'up' ? `up (${s.status})` : `not up (${s.status})`;
    return `${word}, as ${s.provider} reported at ${s.at}`;
}
