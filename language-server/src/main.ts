/**
 * The Topo language server (stdio or node IPC, as VS Code starts it).
 */
import './polyfills.js';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createTopoServices } from './topo-module.js';
import { registerGraphRequest } from './lsp/graph-request.js';
import { registerValidatedRequest } from './lsp/validated-request.js';
import { publishOnlyChanges } from './lsp/publish-diagnostics.js';
import { registerCodeLensResolve } from './lsp/code-lens.js';

const connection = createConnection(ProposedFeatures.all);
publishOnlyChanges(connection);
const { shared, Topo } = createTopoServices({ connection, ...NodeFileSystem });
Topo.topo.TopologyService.log = message => connection.console.error(message);
registerGraphRequest(connection, shared);
registerValidatedRequest(connection, shared);
registerCodeLensResolve(connection, shared);
startLanguageServer(shared);
