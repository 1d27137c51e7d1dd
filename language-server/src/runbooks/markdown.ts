/** Renders a runbook as Markdown. References are resolved to the step that produces them. */
import { messages } from './messages.js';
import type { Block, Piece, Runbook, RunbookOptions, Step, Txt } from './types.js';

export function renderMarkdown(rb: Runbook, options: RunbookOptions = {}): string {
    const m = messages(rb.lang);
    const produced = new Map<string, string>();
    for (const s of rb.steps) {
        const n = rb.numberOf.get(s)!;
        for (const [key, describe] of Object.entries(s.produces ?? {})) if (!produced.has(key)) produced.set(key, describe(n));
    }
    const piece = (p: Piece) => {
        if (typeof p === 'string') return p;
        for (const key of typeof p.ref === 'string' ? [p.ref] : p.ref) {
            const text = produced.get(key);
            if (text !== undefined) return text;
        }
        return p.fallback;
    };
    const txt = (t: Txt) => t.map(piece).join('');
    const who = (s: Step) => s.site ? `${m.providerName[s.site.provider ?? 'strongswan']} · ${s.site.name}` : m.verification;

    const out: string[] = [`# ${rb.title}`, '', m.generated(options.source), ''];
    for (const w of rb.warnings) out.push(`> ${txt(w)}`, '>');
    if (rb.warnings.length) { out.pop(); out.push(''); }
    if (options.diagram) out.push(`## ${m.diagram}`, '', m.diagramLegend, '', '```text', options.diagram, '```', '');
    out.push(`## ${m.overview}`, '');
    for (const s of rb.shown) out.push(`${rb.numberOf.get(s)}. ${who(s)}: ${s.title}`);
    out.push('');
    for (const s of rb.shown) {
        out.push(`## ${m.stepHeading(rb.numberOf.get(s)!, who(s), s.title)}`, '');
        if (s.console) out.push(`**${m.consoleLabel}:** ${s.console}`, '');
        if (s.uncovered.length) out.push(`> ${m.uncovered(s.uncovered)}`, '');
        for (const b of s.blocks) out.push(...block(b, txt), '');
        if (s.notes.length) {
            out.push(`**${m.notesLabel}:**`, '');
            for (const n of s.notes) out.push(`- ${txt(n)}`);
            out.push('');
        }
        if (s.troubleshooting.length) {
            out.push(`**${m.ifFailsLabel}:**`, '');
            for (const n of s.troubleshooting) out.push(`- ${txt(n)}`);
            out.push('');
        }
    }
    while (out[out.length - 1] === '') out.pop();
    return out.join('\n') + '\n';
}

function cell(s: string): string {
    return s.replace(/\|/g, '\\|');
}

function block(b: Block, txt: (t: Txt) => string): string[] {
    switch (b.kind) {
        case 'fields': {
            const lines = b.heading ? [`**${b.heading}**`, ''] : [];
            for (const f of b.fields) lines.push(`- ${f.label}: ${txt(f.value)}`);
            return lines;
        }
        case 'table':
            return [
                `| ${b.header.map(cell).join(' | ')} |`,
                `| ${b.header.map(() => '---').join(' | ')} |`,
                ...b.rows.map(r => `| ${r.map(cell).join(' | ')} |`),
            ];
        case 'code':
            return [...(b.caption ? [txt(b.caption), ''] : []), '```' + b.lang, b.text, '```'];
        case 'para':
            return [txt(b.text)];
    }
}
