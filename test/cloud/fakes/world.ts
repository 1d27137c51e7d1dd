/**
 * What the fake clouds share: the tunnels each was asked to build (with the key, which only a
 * fake ever holds), so that a tunnel is reported up exactly when its two ends agree, as a real
 * IKE negotiation would: each end's peer address is the other's public address, the keys are
 * equal, and the selectors are mirror images. Faults injected into the fakes' API calls.
 */
export interface TunnelSide {
    provider: 'tencent' | 'gcp' | 'qingcloud';
    name: string;
    /** This end's public address and the peer address it was configured with. */
    localIp: string;
    peerIp: string;
    key: string;
    local: string[];
    remote: string[];
    ike: number;
}

export class World {
    readonly tunnels = new Map<string, TunnelSide>();

    put(id: string, side: TunnelSide): void { this.tunnels.set(id, side); }
    remove(id: string): void { this.tunnels.delete(id); }

    /** The other end of `id`, when both ends agree. */
    established(id: string): boolean {
        const me = this.tunnels.get(id);
        if (!me) return false;
        const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');
        for (const [otherId, o] of this.tunnels) {
            if (otherId === id) continue;
            if (o.localIp === me.peerIp && o.peerIp === me.localIp && o.key === me.key && o.ike === me.ike && same(o.local, me.remote) && same(o.remote, me.local)) return true;
        }
        return false;
    }
}

export type FaultKind = '500' | 'timeout' | 'quota';
export interface Fault {
    /** The API's name of the call (`CreateVpnConnection`, `vpnTunnels.insert`). */
    method: string;
    kind: FaultKind;
    /** `after`: the call takes effect, then the answer is lost (the worst case for a client). */
    when: 'before' | 'after';
    /** How many calls it hits (default 1). */
    times?: number;
}

export class Faults {
    readonly list: Fault[] = [];
    add(f: Fault): void { this.list.push({ times: 1, ...f }); }
    clear(): void { this.list.length = 0; }
    /** The fault for this call, consumed. */
    take(method: string, when: 'before' | 'after'): Fault | undefined {
        const f = this.list.find(x => x.method === method && x.when === when && (x.times ?? 1) > 0);
        if (f) f.times = (f.times ?? 1) - 1;
        return f;
    }
}
