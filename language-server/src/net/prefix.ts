/**
 * Address and prefix math (IPv4 and IPv6), on top of ipaddr.js for parsing.
 * A prefix is kept as an inclusive range of integers [first, last] (bigint, so one code path
 * serves both families), which makes overlap, containment and set operations cheap.
 */
import ipaddr from 'ipaddr.js';

/** Written text as a message quotes it: at most 40 characters (a 10 MB address is not echoed whole). */
function shown(text: string): string {
    return text.length > 40 ? `${text.slice(0, 32)}… (${text.length} characters)` : text;
}

export interface Prefix {
    version: 4 | 6;
    /** First and last address of the network, inclusive. */
    first: bigint;
    last: bigint;
    length: number;
    /** Canonical text: `192.168.0.0/24`, `2001:db8::/32`; a single address keeps its `/32` / `/128`. */
    text: string;
}

export type ParseResult =
    | { ok: true; prefix: Prefix; hostBits: boolean; written: string }
    | { ok: false; reason: string };

const BITS = { 4: 32, 6: 128 } as const;

function toBigInt(bytes: number[]): bigint {
    let n = 0n;
    for (const b of bytes) n = (n << 8n) | BigInt(b);
    return n;
}

function fromBigInt(n: bigint, version: 4 | 6): string {
    const count = version === 4 ? 4 : 16;
    const bytes: number[] = new Array(count);
    for (let i = count - 1; i >= 0; i--) {
        bytes[i] = Number(n & 0xffn);
        n >>= 8n;
    }
    return ipaddr.fromByteArray(bytes).toString();
}

export function makePrefix(version: 4 | 6, address: bigint, length: number): Prefix {
    const bits = BigInt(BITS[version]);
    const hostMask = (1n << (bits - BigInt(length))) - 1n;
    const first = address & ~hostMask & ((1n << bits) - 1n);
    const last = first | hostMask;
    return { version, first, last, length, text: `${fromBigInt(first, version)}/${length}` };
}

/**
 * Parses `a.b.c.d`, `a.b.c.d/n`, IPv6 and IPv6/n. Without `/n` the result is a single address
 * (/32 or /128). Strict: IPv4 must be four decimal octets (no `127.1`, no hex).
 */
export function parsePrefix(written: string): ParseResult {
    const slash = written.indexOf('/');
    const addrText = slash >= 0 ? written.slice(0, slash) : written;
    const lenText = slash >= 0 ? written.slice(slash + 1) : undefined;
    let version: 4 | 6;
    if (addrText.includes(':')) {
        if (!ipaddr.IPv6.isValid(addrText)) return { ok: false, reason: `'${shown(addrText)}' is not an IPv6 address` };
        version = 6;
    } else {
        const octets = addrText.split('.');
        if (octets.length !== 4) {
            return { ok: false, reason: `'${shown(addrText)}' is not an IPv4 address: it needs four numbers separated by dots` };
        }
        const bad = octets.find(o => !/^[0-9]{1,3}$/.test(o) || Number(o) > 255);
        if (bad !== undefined) {
            return { ok: false, reason: `'${shown(addrText)}' is not an IPv4 address: ${bad === '' ? 'an empty part' : shown(bad)} is not a number from 0 to 255` };
        }
        version = 4;
    }
    const bits = BITS[version];
    let length: number = bits;
    if (lenText !== undefined) {
        if (!/^[0-9]{1,3}$/.test(lenText) || Number(lenText) > bits) {
            return { ok: false, reason: `/${shown(lenText)} is not a valid prefix length for IPv${version} (0 to ${bits})` };
        }
        length = Number(lenText);
    }
    // IPv4 octets were checked as decimal above: ipaddr.js would read a leading zero as octal
    // (and throw on 08 or 09)
    const address = toBigInt(version === 4 ? addrText.split('.').map(Number) : ipaddr.parse(addrText).toByteArray());
    const prefix = makePrefix(version, address, length);
    return { ok: true, prefix, hostBits: prefix.first !== address, written };
}

/** Parses or throws; for tests and generated data. */
export function prefix(text: string): Prefix {
    const r = parsePrefix(text);
    if (!r.ok) throw new Error(r.reason);
    return r.prefix;
}

/** The address as text without the length (`192.168.0.5`). */
export function addressText(p: Prefix): string {
    return fromBigInt(p.first, p.version);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
    return a.version === b.version && a.first <= b.last && b.first <= a.last;
}

/** `outer` contains `inner` (equal counts as containing). */
export function contains(outer: Prefix, inner: Prefix): boolean {
    return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

export function comparePrefixes(a: Prefix, b: Prefix): number {
    if (a.version !== b.version) return a.version - b.version;
    if (a.first !== b.first) return a.first < b.first ? -1 : 1;
    return a.length - b.length;
}

/** An inclusive address range of one family. */
export interface AddressRange { version: 4 | 6; first: bigint; last: bigint }

/** The smallest list of prefixes that covers exactly [first, last]. */
export function rangeToPrefixes(r: AddressRange): Prefix[] {
    const bits = BigInt(BITS[r.version]);
    const out: Prefix[] = [];
    let cur = r.first;
    while (cur <= r.last) {
        // largest block aligned at cur that fits in the range
        let size = 0n;
        while (size < bits) {
            const next = size + 1n;
            const blockMask = (1n << next) - 1n;
            if ((cur & blockMask) !== 0n || cur + blockMask > r.last) break;
            size = next;
        }
        out.push(makePrefix(r.version, cur, Number(bits - size)));
        cur += 1n << size;
        if (size === bits) break;
    }
    return out;
}

/**
 * A set of addresses given by prefixes: adjacent and nested prefixes merge, so
 * {10.0.0.0/25, 10.0.0.128/25} equals {10.0.0.0/24}, and a /16 covers a /24 inside it.
 */
export class PrefixSet {
    /** Disjoint, sorted, non-adjacent ranges. */
    readonly ranges: readonly AddressRange[];

    constructor(prefixes: Iterable<Prefix | AddressRange>) {
        const sorted = [...prefixes]
            .map(p => ({ version: p.version, first: p.first, last: p.last }))
            .sort((a, b) => a.version - b.version || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
        const merged: AddressRange[] = [];
        for (const r of sorted) {
            const top = merged[merged.length - 1];
            if (top && top.version === r.version && r.first <= top.last + 1n) {
                if (r.last > top.last) top.last = r.last;
            } else {
                merged.push({ ...r });
            }
        }
        this.ranges = merged;
    }

    get isEmpty(): boolean { return this.ranges.length === 0; }

    /** True if every address of `p` is in the set. */
    covers(p: Prefix | AddressRange): boolean {
        const i = this.indexOfRangeAtOrBefore(p.version, p.first);
        const r = this.ranges[i];
        return r !== undefined && r.version === p.version && r.first <= p.first && p.last <= r.last;
    }

    /** True if some address of `p` is in the set. */
    intersects(p: Prefix | AddressRange): boolean {
        const i = this.indexOfRangeAtOrBefore(p.version, p.last);
        const r = this.ranges[i];
        return r !== undefined && r.version === p.version && r.last >= p.first;
    }

    coversAll(other: PrefixSet): boolean {
        return other.ranges.every(r => this.covers(r));
    }

    equals(other: PrefixSet): boolean {
        return this.ranges.length === other.ranges.length
            && this.ranges.every((r, i) => {
                const o = other.ranges[i];
                return r.version === o.version && r.first === o.first && r.last === o.last;
            });
    }

    /** Addresses in this set and not in `other`, as prefixes. */
    minus(other: PrefixSet): Prefix[] {
        const out: Prefix[] = [];
        for (const r of this.ranges) {
            let cur = r.first;
            for (const o of other.ranges) {
                if (o.version !== r.version || o.last < cur || o.first > r.last) continue;
                if (o.first > cur) out.push(...rangeToPrefixes({ version: r.version, first: cur, last: o.first - 1n }));
                cur = o.last + 1n;
                if (cur > r.last) break;
            }
            if (cur <= r.last) out.push(...rangeToPrefixes({ version: r.version, first: cur, last: r.last }));
        }
        return out;
    }

    /** Addresses in both sets, as prefixes. */
    intersection(other: PrefixSet): Prefix[] {
        const out: Prefix[] = [];
        for (const r of this.ranges) {
            for (const o of other.ranges) {
                if (o.version !== r.version || o.last < r.first || o.first > r.last) continue;
                const first = r.first > o.first ? r.first : o.first;
                const last = r.last < o.last ? r.last : o.last;
                out.push(...rangeToPrefixes({ version: r.version, first, last }));
            }
        }
        return out;
    }

    toPrefixes(): Prefix[] {
        return this.ranges.flatMap(r => rangeToPrefixes(r));
    }

    /** Binary search: index of the last range whose start is <= (version, addr); -1 if none. */
    private indexOfRangeAtOrBefore(version: 4 | 6, addr: bigint): number {
        let lo = 0, hi = this.ranges.length - 1, ans = -1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            const r = this.ranges[mid];
            if (r.version < version || (r.version === version && r.first <= addr)) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }
}
