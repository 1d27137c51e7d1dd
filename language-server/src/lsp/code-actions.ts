/**
 * Quick fixes: every finding carries the fixes its analysis determined (pure data), so this
 * provider only turns them into LSP code actions.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { QuickFix } from '../model/types.js';
import { runbookCodeActions } from './runbook-commands.js';
import type { TopoServices } from '../services/types.js';

export function fixesOf(diagnostic: Diagnostic): QuickFix[] {
    const data = diagnostic.data as { fixes?: QuickFix[] } | undefined;
    return Array.isArray(data?.fixes) ? data.fixes : [];
}

export function toCodeAction(fix: QuickFix, diagnostic: Diagnostic | undefined): CodeAction {
    const changes: Record<string, TextEdit[]> = {};
    for (const e of fix.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
    return {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: diagnostic ? [diagnostic] : undefined,
        isPreferred: fix.preferred,
        edit: { changes },
    };
}

export class TopoCodeActionProvider implements CodeActionProvider {
    /** With services, also the "Generate console steps" source actions (lsp/runbook-commands.ts). */
    constructor(private readonly services?: TopoServices) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const d of params.context.diagnostics) {
            for (const fix of fixesOf(d)) actions.push(toCodeAction(fix, d));
        }
        if (this.services) actions.push(...runbookCodeActions(this.services, document, params));
        return actions;
    }
}
