/**
 * Keeping pre-shared keys out of everything an adapter passes on. Shared by every adapter.
 *
 * - `SecretSet.scrub(text)` is for text that comes from outside Topo (a tool's error output, a
 *   cloud API's message): when it contains a key, the whole text is withheld. Replacing only the
 *   key by a marker would show where the key was, which gives the key away whenever it is also
 *   ordinary text (a key `wd3` turning a path /srv/wd3 into /srv/<redacted>). Topo's own text
 *   (paths, names, descriptions) never holds a key and is not scrubbed.
 * - `DigestKey` makes digests of files that hold keys: HMAC-SHA256 under a random key kept in the
 *   work folder (0600), so a digest printed in a plan or kept in a state record cannot be used to
 *   confirm a guessed key offline.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createFileExclusively, readFileSafely } from './safe-files.js';

export const WITHHELD = '(output withheld: it contained a pre-shared key)';

export class SecretSet {
    private readonly values = new Set<string>();

    add(value: string | undefined): void {
        if (value) this.values.add(value);
    }

    /** Does `text` contain any key? */
    leaks(text: string): boolean {
        for (const v of this.values) if (text.includes(v)) return true;
        return false;
    }

    /** `text` unchanged when it holds no key, else one fixed line. For text from outside Topo. */
    scrub(text: string): string {
        return this.leaks(text) ? WITHHELD : text;
    }
}

export const DIGEST_KEY_FILE = '.topo-digest-key';

/**
 * The HMAC key of one work folder. Read when present; otherwise a fresh one is used and written
 * by `persist()` (called before an apply changes anything, so a dry run creates no file).
 */
export class DigestKey {
    private key: string;
    private stored: boolean;

    constructor(private readonly dir: string) {
        let existing: string | undefined;
        try { existing = readFileSafely(dir, DIGEST_KEY_FILE)?.trim(); } catch { existing = undefined; }
        this.stored = !!existing && /^[0-9a-f]{64}$/.test(existing);
        this.key = this.stored ? existing! : randomBytes(32).toString('hex');
    }

    digest(content: string): string {
        return `hmac-sha256:${createHmac('sha256', this.key).update(content).digest('hex')}`;
    }

    /** Writes the key (0600) if the folder has none yet. */
    persist(): void {
        if (this.stored) return;
        if (!createFileExclusively(this.dir, DIGEST_KEY_FILE, this.key + '\n')) {
            // another run wrote one between our read and now: use it from here on
            const other = readFileSafely(this.dir, DIGEST_KEY_FILE)?.trim();
            if (other && /^[0-9a-f]{64}$/.test(other)) this.key = other;
        }
        this.stored = true;
    }
}
