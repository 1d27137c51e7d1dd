/**
 * The Topo language's services as a type: Langium's, plus the topology service. The services of
 * this folder and the editor features in lsp/ take it; the module that builds it
 * (../topo-module.ts, the composition root) is the only place that imports both folders.
 */
import type { LangiumServices } from 'langium/lsp';
import type { TopologyService } from './workspace/topology-service.js';

export interface TopoAddedServices {
    topo: {
        TopologyService: TopologyService;
    };
}

export type TopoServices = LangiumServices & TopoAddedServices;
