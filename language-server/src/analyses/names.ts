/**
 * name-collision: names that are distinct in the file but the same where they are used.
 *
 * - The connection names at one site (each tunnel end's name: declared, or `<site>-<peer>` for
 *   derived ends) once case and `_`/`-` are ignored: strongSwan merges sections of the same name
 *   silently, and consoles that compare names without case reject the second. (The strongSwan
 *   adapter also makes its connection names unique, so the configuration stays correct.)
 * - The key variables of tunnels without `psk`: `a-b`, `a_b` and `A-B` all read TOPO_PSK_A_B.
 */
import { implicitPskVariable } from '../resolve/index.js';
import type { Finding, SourceRef, Topology, TunnelEnd } from '../model/types.js';

const normal = (name: string) => name.toLowerCase().replace(/_/g, '-');
const at = (e: TunnelEnd): SourceRef => e.source?.nameSrc ?? e.site.nameSrc;
const describe = (e: TunnelEnd) => `${e.declared ? 'tunnel' : 'derived tunnel'} ${e.name} (to ${e.peer.name})`;

/** strongSwan's limit for a connection or child name (and most consoles' for a name). */
export const MAX_NAME_BYTES = 255;
// a UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4): short names
// need no count (asked for every site and tunnel end on every keystroke)
const tooLong = (name: string) => name.length * 3 > MAX_NAME_BYTES && Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES;

export function analyseNames(t: Topology): Finding[] {
    const out: Finding[] = [];
    for (const site of t.sites) {
        if (tooLong(site.name)) out.push({ code: 'name-too-long', severity: 'error', at: site.nameSrc, message: `Site ${site.name.slice(0, 32)}…: a name of ${Buffer.byteLength(site.name, 'utf8')} bytes: strongSwan and the consoles accept at most ${MAX_NAME_BYTES}.` });
    }
    for (const tn of t.tunnels) {
        for (const e of [tn.a, tn.b]) {
            if (!tooLong(e.name) || tooLong(e.site.name) || tooLong(e.peer.name) || (e === tn.b && e.name === tn.a.name)) continue;
            out.push({ code: 'name-too-long', severity: 'error', at: at(e), message: `The connection name of ${e.declared ? 'tunnel' : 'derived tunnel'} ${e.name.slice(0, 32)}… at ${e.site.name} has ${Buffer.byteLength(e.name, 'utf8')} bytes: strongSwan accepts at most ${MAX_NAME_BYTES}.` });
        }
    }
    for (const site of t.sites) {
        if (site.ends.length < 2) continue;
        const seen = new Map<string, TunnelEnd>();
        for (const e of site.ends) {
            const key = normal(e.name);
            const first = seen.get(key);
            if (!first) { seen.set(key, e); continue; }
            if (first.tunnel === e.tunnel) continue;
            out.push({
                code: 'name-collision', severity: 'error', at: at(e),
                message: `At site ${site.name}, ${describe(e)} and ${describe(first)} have the same connection name${e.name === first.name ? '' : ' once case and _/- are ignored'}: strongSwan merges such connections and consoles reject the second. Rename one of the tunnels.`,
                related: [{ at: at(first), message: `${describe(first)} at ${site.name}` }],
            });
        }
    }
    const variables = new Map<string, TunnelEnd>();
    for (const tn of t.tunnels) {
        const implicit = [tn.a, tn.b].find(e => !e.psk);
        if (!implicit) continue;
        const v = implicitPskVariable(tn.name);
        const first = variables.get(v);
        if (!first) { variables.set(v, implicit); continue; }
        if (first.tunnel.name === tn.name) continue;
        out.push({
            code: 'name-collision', severity: 'error', at: at(implicit),
            message: `Tunnels ${tn.name} and ${first.tunnel.name} have no psk and both read their key from ${v}: they would share one key. Give one of them psk env VAR, or rename it.`,
            related: [{ at: at(first), message: `tunnel ${first.tunnel.name}` }],
        });
    }
    return out;
}
