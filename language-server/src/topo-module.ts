/**
 * Dependency-injection module of the Topo language: Langium's defaults plus Topo's scoping,
 * topology service, validation, quick fixes and messages. The composition root: the one module
 * that imports both services/ (parsing, linking, the topology, validation) and lsp/ (the editor
 * features); services/ never imports lsp/.
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext,
    type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices,
} from 'langium/lsp';
import { TopoGeneratedModule, TopoGeneratedSharedModule } from './generated/module.js';
import { TopoCodeActionProvider } from './lsp/code-actions.js';
import { TopoExecuteCommandHandler } from './lsp/runbook-commands.js';
import { TopoDocumentValidator, TopoLexer, TopoLexerErrorMessageProvider, TopoParserErrorMessageProvider } from './services/parser/messages.js';
import { TopoLinker } from './services/references/linker.js';
import { TopoDocumentBuilder, TopoIndexManager, TopoScopeComputation, TopoScopeProvider } from './services/references/scope.js';
import { TopologyService } from './services/workspace/topology-service.js';
import type { TopoAddedServices, TopoServices } from './services/types.js';
import { TopoCodeLensProvider, TopoLanguageServer } from './lsp/code-lens.js';
import { TopoCompletionProvider } from './lsp/completion.js';
import { TopoFormatter } from './lsp/formatter.js';
import { TopoHoverProvider } from './lsp/hover.js';
import { TopoInlayHintProvider } from './lsp/inlay-hints.js';
import { TopoSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { TopoCommentProvider } from './lsp/cst.js';
import { TopoDocumentSymbolProvider } from './lsp/symbols.js';
import { registerValidationChecks } from './services/validation/validator.js';
import { TopoLimitsModule } from './services/parser/limits.js';
import { TopoDocumentFactory } from './services/parser/incremental-parse.js';
import { TopoDocumentUpdateHandler, TopoWorkspaceManager } from './services/workspace/workspace.js';

export type { TopoAddedServices, TopoServices } from './services/types.js';

export const TopoModule: Module<TopoServices, PartialLangiumServices & TopoAddedServices> = {
    topo: {
        TopologyService: (services) => new TopologyService(services),
    },
    references: {
        ScopeProvider: (services) => new TopoScopeProvider(services),
        ScopeComputation: (services) => new TopoScopeComputation(services),
        Linker: (services) => new TopoLinker(services),
    },
    parser: {
        ParserErrorMessageProvider: () => new TopoParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new TopoLexerErrorMessageProvider(),
        Lexer: (services) => new TopoLexer(services),
    },
    validation: {
        DocumentValidator: (services) => new TopoDocumentValidator(services),
    },
    documentation: {
        CommentProvider: (services) => new TopoCommentProvider(services),
    },
    lsp: {
        CodeActionProvider: (services) => new TopoCodeActionProvider(services),
        DocumentSymbolProvider: () => new TopoDocumentSymbolProvider(),
        Formatter: () => new TopoFormatter(),
        SemanticTokenProvider: (services) => new TopoSemanticTokenProvider(services),
        CompletionProvider: (services) => new TopoCompletionProvider(services),
        CodeLensProvider: (services) => new TopoCodeLensProvider(services.topo.TopologyService),
        InlayHintProvider: (services) => new TopoInlayHintProvider(services.topo.TopologyService),
        HoverProvider: (services) => new TopoHoverProvider(services, services.topo.TopologyService),
    },
};

export const TopoSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (services) => new TopoDocumentBuilder(services),
        LangiumDocumentFactory: (services) => new TopoDocumentFactory(services),
        IndexManager: (services) => new TopoIndexManager(services),
        WorkspaceManager: (services) => new TopoWorkspaceManager(services),
    },
    lsp: {
        LanguageServer: (shared) => new TopoLanguageServer(shared),
        ExecuteCommandHandler: (shared) => new TopoExecuteCommandHandler(shared),
        DocumentUpdateHandler: (shared) => new TopoDocumentUpdateHandler(shared),
    },
};

export function createTopoServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Topo: TopoServices } {
    const shared = inject(createDefaultSharedModule(context), TopoGeneratedSharedModule, TopoSharedModule);
    const Topo = inject(createDefaultModule({ shared }), TopoGeneratedModule, TopoModule, TopoLimitsModule);
    shared.ServiceRegistry.register(Topo);
    registerValidationChecks(Topo);
    if (!context.connection) {
        // Not in a language server: no workspace manager will build anything on its own.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Topo };
}
