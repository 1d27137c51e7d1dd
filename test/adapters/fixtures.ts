/** Topologies for the adapter tests: parsed by the real language services. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Topology } from '../../language-server/src/model/types.js';
import { checkTexts, services } from '../helpers.js';

export const NETNS_TOPOLOGIES = path.resolve(__dirname, '../netns/topologies');

export async function topologyOf(text: string): Promise<Topology> {
    const [doc] = await checkTexts(text);
    return services.topo.TopologyService.resultFor(doc).topology;
}

export function netnsTopology(name: string): string {
    return fs.readFileSync(path.join(NETNS_TOPOLOGIES, name), 'utf8');
}

/** The corrected star of test/netns/topologies/01-star.topo with every end's crypto written out. */
export function starWith(crypto: string): string {
    return netnsTopology('01-star.topo').replace(/(psk env STAR_\w+_PSK)/g, `$1 ${crypto}`);
}

/** Keys as the recipe's scenario files spell them: psk-<tunnel>-test-only. */
export const testKey = (c: { end: { tunnel: { name: string } } }) => `psk-${c.end.tunnel.name}-test-only`;
