/**
 * Turns the topology findings of a document into Langium diagnostics. The quick fixes travel
 * in `diagnostic.data.fixes`, where the code action provider finds them; the verdict on the
 * finding's tunnel in `diagnostic.data.outcome`, where the CLI's JSON and SARIF take it. Messages
 * are stripped of the provider data's research tags here, once, for every analysis.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils } from 'langium';
import type { Model, TopoAstType } from '../../generated/ast.js';
import type { TopoServices } from '../types.js';
import { factText } from '../../providers/index.js';

export function registerValidationChecks(services: TopoServices): void {
    const registry = services.validation.ValidationRegistry;
    const topology = services.topo.TopologyService;
    const checks: ValidationChecks<TopoAstType> = {
        Model: (model: Model, accept: ValidationAcceptor) => {
            const doc = AstUtils.getDocument(model);
            for (const f of topology.findingsFor(doc)) {
                // Provider facts are quoted from data that carries research tags ([S-A1],
                // UNCONFIRMED); every message and related message leaves here without them.
                accept(f.severity, factText(f.message), {
                    node: model,
                    range: f.at.range,
                    code: f.code,
                    data: { code: f.code, fixes: f.fixes ?? [], ...(f.outcome ? { outcome: f.outcome } : {}) },
                    relatedInformation: f.related?.map(r => ({
                        location: { uri: r.at.uri, range: r.at.range },
                        message: factText(r.message),
                    })),
                });
            }
        },
    };
    registry.register(checks);
}
