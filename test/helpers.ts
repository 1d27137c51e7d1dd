/**
 * Shared test helpers: the real Langium services of the language, and a one-call "check this
 * text" that returns the diagnostics the editor would show.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { clearDocuments } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../language-server/src/generated/ast.js';
import { createTopoServices } from '../language-server/src/topo-module.js';

export const { shared, Topo: services } = createTopoServices(EmptyFileSystem);

let counter = 0;

/** Parses, links and validates `texts` as one workspace (fresh: earlier documents are removed). */
export async function checkTexts(...texts: string[]): Promise<LangiumDocument<Model>[]> {
    await clearDocuments(shared);
    const docs = texts.map(text => {
        const doc = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///test/${++counter}.topo`));
        shared.workspace.LangiumDocuments.addDocument(doc);
        return doc;
    });
    await shared.workspace.DocumentBuilder.build(docs, { validation: true });
    return docs;
}

export async function check(text: string): Promise<LangiumDocument<Model>> {
    return (await checkTexts(text))[0];
}

export function codes(doc: LangiumDocument): string[] {
    return (doc.diagnostics ?? []).map(d => String(d.code));
}

export function errors(doc: LangiumDocument): Diagnostic[] {
    return (doc.diagnostics ?? []).filter(d => d.severity === 1);
}

/** `line:col` (1-based, as editors show) of where a diagnostic starts. */
export function at(d: Diagnostic): string {
    return `${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

/** The text a diagnostic's range covers. */
export function covered(doc: LangiumDocument, d: Diagnostic): string {
    return doc.textDocument.getText(d.range);
}

/** The QingCloud guide's star exactly as the contract prints it. */
export const GUIDE_STAR = `topology qingcloud-star

site pek3 < provider qingcloud region pek3 cidr 192.168.0.0/24 gateway 139.198.27.92 > hub pek3
site sh1  < provider qingcloud region sh1  cidr 172.16.0.0/24  gateway 139.198.175.48 > hub pek3
site gd2  < provider qingcloud region gd2  cidr 172.26.0.0/24  gateway 139.198.123.198 > hub pek3

host vm1 192.168.0.5 in pek3
host vm2 172.16.0.2  in sh1
host vm3 172.26.0.2  in gd2

tunnel pek3-sh1 pek3 -> sh1  < local 192.168.0.0/24, 172.26.0.0/24  remote 172.16.0.0/24 >
tunnel pek3-gd2 pek3 -> gd2  < local 192.168.0.0/24, 172.16.0.0/24  remote 172.26.0.0/24 >
tunnel sh1-pek3 sh1  -> pek3 < local 172.16.0.0/24  remote 192.168.0.0/24, 172.26.0.0/24 >
tunnel gd2-pek3 gd2  -> pek3 < local 172.26.0.0/24  remote 192.168.0.0/24, 172.26.0.0/24 >
`;

/** The same star with the guide's step 3 corrected. */
export const CORRECTED_STAR = GUIDE_STAR.replace(
    'tunnel gd2-pek3 gd2  -> pek3 < local 172.26.0.0/24  remote 192.168.0.0/24, 172.26.0.0/24 >',
    'tunnel gd2-pek3 gd2  -> pek3 < local 172.26.0.0/24  remote 192.168.0.0/24, 172.16.0.0/24 >');

/** The three-line star of the contract. */
export const SHORT_STAR = `topology qingcloud-star
site pek3 < provider qingcloud region pek3 cidr 192.168.0.0/24 gateway 139.198.27.92 > hub pek3
site sh1  < provider qingcloud region sh1  cidr 172.16.0.0/24  gateway 139.198.175.48 > hub pek3
site gd2  < provider qingcloud region gd2  cidr 172.26.0.0/24  gateway 139.198.123.198 > hub pek3
`;

export const TENCENT_GCP = `topology tencent-gcp

site tencent-hk < provider tencent region ap-hongkong cidr 10.0.0.0/16
                  route 10.170.0.0/20 via tx-gcp >
site gcp-hk     < provider gcp region asia-east2 cidr 10.170.0.0/20 >

tunnel tx-gcp tencent-hk <-> gcp-hk <
  ike v1
  ike-proposal aes128-sha1-modp1024
  esp-proposal aes128-sha1-modp1024
  psk env TX_GCP_PSK
  routing policy
>
`;
