import type { DocumentRef } from '../../src/domain/vocabulary.ts';
import type { ReadStore } from '../engine/read-store.ts';
import { documentsProjection } from './projection.ts';
import {
  emptySections,
  keys,
  type DocumentView,
  type Sections,
  type VersionView,
} from './views.ts';

const name = documentsProjection.name;

/** A document as it stood at one version; version 0 is the empty document every subject starts with. */
export interface DocumentAtVersion {
  document: DocumentRef;
  version: number;
  sections: Sections;
  /** When this version came into force; null for version 0. */
  since: string | null;
}

export class DocumentQueries {
  constructor(private readonly store: ReadStore) {}

  /** The document's full history; undefined when it has never changed (the caller knows the subject exists). */
  async history(tenant: string, document: DocumentRef): Promise<DocumentView | undefined> {
    const view = await this.store.get<DocumentView>(name, keys.document(document));
    return view?.tenant === tenant ? view : undefined;
  }

  async current(tenant: string, document: DocumentRef): Promise<DocumentAtVersion> {
    const view = await this.history(tenant, document);
    if (view === undefined)
      return { document, version: 0, sections: emptySections(document), since: null };
    return { document, version: view.version, sections: view.sections, since: view.updatedAt };
  }

  async atVersion(
    tenant: string,
    document: DocumentRef,
    version: number,
  ): Promise<DocumentAtVersion | undefined> {
    if (version === 0)
      return { document, version: 0, sections: emptySections(document), since: null };
    if ((await this.history(tenant, document)) === undefined) return undefined;

    const view = await this.store.get<VersionView>(name, keys.version(document, version));
    return view === undefined
      ? undefined
      : { document, version, sections: view.sections, since: view.change.recordedAt };
  }

  /** The version in force at an instant: the last one recorded at or before it. */
  async atInstant(
    tenant: string,
    document: DocumentRef,
    instant: string,
  ): Promise<DocumentAtVersion> {
    const at = new Date(instant).toISOString();
    const view = await this.history(tenant, document);
    const inForce = view?.changes.filter((change) => change.recordedAt <= at).at(-1);
    if (inForce === undefined)
      return { document, version: 0, sections: emptySections(document), since: null };
    return (await this.atVersion(tenant, document, inForce.version))!;
  }
}
