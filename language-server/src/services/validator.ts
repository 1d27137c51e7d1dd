/**
 * Turns the topology findings of a document into Langium diagnostics. The quick fixes travel
 * in `diagnostic.data.fixes`, where the code action provider finds them; the verdict on the
 * finding's tunnel in `diagnostic.data.outcome`, where the CLI's JSON and SARIF take it.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Model, TopoAstType } from '../generated/ast.js';
import type { TopoServices } from './topo-module.js';

export function registerValidationChecks(services: TopoServices): void {
    const registry = services.validation.ValidationRegistry;
    const topology = services.topo.TopologyService;
    const checks: ValidationChecks<TopoAstType> = {
        Model: (model: Model, accept: ValidationAcceptor) => {
            const doc = AstUtils.getDocument(model);
            for (const f of topology.findingsFor(doc)) {
                accept(f.severity, f.message, {
                    node: model,
                    range: f.at.range,
                    code: f.code,
                    data: { code: f.code, fixes: f.fixes ?? [], ...(f.outcome ? { outcome: f.outcome } : {}) },
                    relatedInformation: f.related?.map(r => ({
                        location: { uri: r.at.uri, range: r.at.range },
                        message: r.message,
                    })),
                });
            }
        },
    };
    registry.register(checks);
}
