/**
 * The runbook view's page content: the runbook's Markdown (the language server's `topo.runbook`,
 * the same text as `topo steps`) rendered by `marked` into a checklist:
 * - every step (a level-2 heading `Step N — TITLE`, `第 N 步 — TITLE`) is a section with a tick
 *   box; a step is known by its TITLE, so its tick survives renumbering when steps are added;
 * - every value (inline code, a table cell, a code block) has a copy button carrying the value;
 * - raw HTML in the Markdown is shown as text, never as markup.
 * `hoverHtml` renders a hover the same way for the diagram's tooltip.
 * No vscode import: vitest renders it as it is.
 */
import { Marked, type Tokens } from 'marked';

export interface RunbookPage { html: string; steps: string[] }

/** A step's heading: its number and its title. */
const STEP = /^(.*?\d+.*?)\s+—\s+(.+)$/;

export function escapeHtml(s: string): string {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A hover's Markdown as HTML for a webview's tooltip (the diagram's): emphasis, code and lists as
 * the editor's hover shows them; raw HTML as text; links as their text (a tooltip cannot be clicked).
 */
export function hoverHtml(markdown: string): string {
    const marked = new Marked({
        gfm: true,
        renderer: {
            html: ({ text }) => escapeHtml(text),
            link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, { tokens }: Tokens.Link) { return this.parser.parseInline(tokens); },
            image: ({ text }) => escapeHtml(text),
        },
    });
    return (marked.parse(markdown, { async: false }) as string).trim();
}

/** Two overlapping sheets, drawn inline: a font glyph such as ⧉ is missing from many systems' fonts (an empty box). */
const COPY_ICON = '<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false"><path fill="currentColor" d="M5 1h10v10h-3v-1h2V2H6v2H5V1zM1 5h10v10H1V5zm1 1v8h8V6H2z"/></svg>';
const copyButton = (value: string, what = value) =>
    `<button type="button" class="copy" data-copy="${escapeHtml(value)}" title="Copy ${escapeHtml(what)}" aria-label="Copy ${escapeHtml(what)}">${COPY_ICON}</button>`;

export function renderRunbook(markdown: string): RunbookPage {
    let inHeading = false;
    const marked = new Marked({
        gfm: true,
        renderer: {
            html: ({ text }) => escapeHtml(text),
            // marked hands the renderer inline code as written: escaped here, copied as written
            codespan({ text }) {
                const code = `<code>${escapeHtml(text)}</code>`;
                return inHeading ? code : `<span class="value">${code}${copyButton(text)}</span>`;
            },
            code({ text, lang }) {
                const what = lang === 'text' ? 'the picture' : `the ${lang || 'text'} block`;
                return `<div class="block"><pre><code>${escapeHtml(text)}</code></pre>${copyButton(text, what)}</div>\n`;
            },
            tablecell(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, cell: Tokens.TableCell) {
                const inner = this.parser.parseInline(cell.tokens);
                if (cell.header) return `<th>${inner}</th>`;
                const value = cell.text.replace(/`/g, '').trim();
                // a cell that is one inline code span has its button already
                const single = /^`[^`]*`$/.test(cell.text.trim());
                return `<td>${inner}${value && !single ? copyButton(value) : ''}</td>`;
            },
        },
    });
    const tokens = marked.lexer(markdown);
    const steps: string[] = [];
    const out: string[] = [];
    let open = false;
    for (const token of tokens) {
        if (token.type === 'heading' && token.depth === 2) {
            if (open) out.push('</section>');
            open = false;
            const text = (token as Tokens.Heading).text;
            const m = STEP.exec(text);
            inHeading = true;
            const inline = marked.parseInline(text) as string;
            inHeading = false;
            if (m) {
                const key = m[2];
                const n = steps.push(key);
                out.push(`<section class="step" id="step-${n}" data-step="${escapeHtml(key)}">`,
                    `<h2><label><input type="checkbox" class="tick" data-step="${escapeHtml(key)}" aria-label="Done: ${escapeHtml(text)}"> ${inline}</label></h2>`);
                open = true;
            } else {
                out.push(`<h2>${inline}</h2>`);
            }
            continue;
        }
        out.push(marked.parser([token]) as string);
    }
    if (open) out.push('</section>');
    return { html: out.join('\n'), steps };
}
