/**
 * Error messages a network engineer understands: parse errors that name what was expected in
 * the language's terms ("a site name", "an address or prefix"), and unresolved references that
 * list what could be meant.
 */
import {
    DefaultDocumentValidator, DefaultLexerErrorMessageProvider, DefaultLinker, DocumentValidator, LangiumParserErrorMessageProvider,
    type AstNodeDescription, type LangiumDocument, type LinkingError, type ReferenceInfo, type ValidationOptions,
} from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

const TOKEN_WORDS: Record<string, string> = {
    NAME: 'a name',
    NUMBER_NAME: 'a name',
    IPV4: 'an IPv4 address or prefix (e.g. 192.168.0.0/24)',
    IPV6: 'an IPv6 address or prefix',
    STRING: 'a quoted string',
};

function describe(t: TokenType): string {
    if (t.name.endsWith(':KW')) return `'${t.name.slice(0, -3)}'`;
    return TOKEN_WORDS[t.name] ?? t.name;
}

function found(token: IToken): string {
    return token.image ? `'${token.image}'` : 'the end of the file';
}

export class TopoParserErrorMessageProvider extends LangiumParserErrorMessageProvider implements IParserErrorMessageProvider {
    override buildMismatchTokenMessage({ expected, actual }: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        return `Expected ${describe(expected)} but found ${found(actual)}.`;
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
        return `Expected a statement (topology, site, host or tunnel) but found ${found(firstRedundant)}.`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = new Set<string>();
        for (const alt of options.expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(describe(path[0]));
        const list = [...firsts];
        const expected = list.length <= 1 ? list[0] ?? 'something else' : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
        return `Expected ${expected} but found ${found(options.actual[0])}.`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = [...new Set(options.expectedIterationPaths.map(p => p[0]).filter(Boolean).map(describe))];
        return `Expected ${firsts.join(' or ') || 'more input'} but found ${found(options.actual[0])}.`;
    }
}

const KIND_WORDS: Record<string, string> = { Site: 'site', Tunnel: 'tunnel' };

export class TopoLinker extends DefaultLinker {
    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const type = this.reflection.getReferenceType(refInfo);
        const kind = KIND_WORDS[type] ?? type;
        const known = [...new Set(this.scopeProvider.getScope(refInfo).getAllElements().map(d => d.name))];
        const shown = known.slice(0, 8).join(', ') + (known.length > 8 ? `, ... (${known.length} in all)` : '');
        const hint = known.length === 0 ? ` No ${kind} is declared in this topology yet.` : ` Known ${kind}s: ${shown}.`;
        return { ...error, message: `Unknown ${kind} '${refInfo.reference.$refText}'.${hint}` };
    }
}

export class TopoLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + length);
        const shown = [...text].map(c => (c < ' ' || c === '\u007f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
        return `Unexpected character${length > 1 ? 's' : ''} '${shown}': not part of a name, an address or prefix, or a keyword.`;
    }
}

/**
 * Stable codes for the framework's own diagnostics, so users (and `topo check --format json`)
 * see `syntax-error` and `unresolved-reference` rather than internal names.
 */
export class TopoDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const internal = (d.data as { code?: string } | undefined)?.code;
            if (d.code === undefined && (internal === DocumentValidator.LexingError || internal === DocumentValidator.ParsingError)) d.code = 'syntax-error';
            else if (d.code === undefined && internal === DocumentValidator.LinkingError) d.code = 'unresolved-reference';
        }
        return diagnostics;
    }
}
