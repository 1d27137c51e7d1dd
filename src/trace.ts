/**
 * The "Topo Trace" output channel: the LSP messages between VS Code and the language server,
 * as `topo.trace.server` asks (off, messages, verbose).
 *
 * vscode-languageclient 11 traces only while its trace channel's *log level* is Trace, and then
 * reads the setting; a LogOutputChannel sits at Info unless the user also changes its level
 * ("Set Log Level..."), so the setting alone produced nothing. This channel is a plain output
 * channel whose log level follows the setting: `messages`/`verbose` -> Trace (the client traces
 * at that verbosity), `off` -> Off. Every line goes to the channel as it is.
 */
import * as vscode from 'vscode';

export const TRACE_CHANNEL_NAME = 'Topo Trace';
const SETTING = 'trace.server';

type Level = vscode.LogLevel;

export class TraceChannel implements vscode.LogOutputChannel {
    readonly name = TRACE_CHANNEL_NAME;
    private readonly channel: vscode.OutputChannel;
    private readonly levelChanged = new vscode.EventEmitter<Level>();
    private readonly watch: vscode.Disposable;
    private level: Level;
    readonly onDidChangeLogLevel = this.levelChanged.event;

    constructor() {
        this.channel = vscode.window.createOutputChannel(TRACE_CHANNEL_NAME);
        this.level = TraceChannel.fromSetting();
        this.watch = vscode.workspace.onDidChangeConfiguration(e => {
            if (!e.affectsConfiguration(`topo.${SETTING}`)) return;
            const level = TraceChannel.fromSetting();
            if (level === this.level) return;
            this.level = level;
            this.levelChanged.fire(level);
        });
    }

    private static fromSetting(): Level {
        const v = vscode.workspace.getConfiguration('topo').get<string>(SETTING, 'off');
        return v === 'messages' || v === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
    }

    get logLevel(): Level { return this.level; }

    private line(message: string, args: unknown[]): void {
        if (this.level === vscode.LogLevel.Off) return;
        const extra = args.map(a => (a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        this.channel.appendLine(`[${new Date().toISOString()}] ${message}${extra ? ` ${extra}` : ''}`);
    }

    trace(message: string, ...args: unknown[]): void { this.line(message, args); }
    debug(message: string, ...args: unknown[]): void { this.line(message, args); }
    info(message: string, ...args: unknown[]): void { this.line(message, args); }
    warn(message: string, ...args: unknown[]): void { this.line(message, args); }
    error(error: string | Error, ...args: unknown[]): void { this.line(typeof error === 'string' ? error : error.stack ?? error.message, args); }
    append(value: string): void { this.channel.append(value); }
    appendLine(value: string): void { this.channel.appendLine(value); }
    replace(value: string): void { this.channel.replace(value); }
    clear(): void { this.channel.clear(); }
    show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
        if (typeof columnOrPreserve === 'boolean' || columnOrPreserve === undefined) this.channel.show(columnOrPreserve);
        else this.channel.show(columnOrPreserve, preserveFocus);
    }
    hide(): void { this.channel.hide(); }
    dispose(): void {
        this.watch.dispose();
        this.levelChanged.dispose();
        this.channel.dispose();
    }
}
