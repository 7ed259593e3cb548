import type { Decider } from './decider.ts';
import { fail } from './errors.ts';
import { event, type DomainEvent } from './events.ts';
import { documentStream, type DocumentRef } from './vocabulary.ts';

/** The versions one employee has acknowledged, as `<document stream>@<version>`. */
export interface AcknowledgementState {
  readonly acknowledged: ReadonlySet<string>;
}

export interface AcknowledgeVersion {
  type: 'AcknowledgeVersion';
  employeeId: string;
  document: DocumentRef;
  version: number;
  /** The document's newest version now: versions 1 to this exist. */
  latestVersion: number;
}

export const acknowledgementStream = (employeeId: string): string =>
  `acknowledgements-${employeeId}`;

const keyOf = (document: DocumentRef, version: number): string =>
  `${documentStream(document)}@${version}`;

export const acknowledgement: Decider<AcknowledgementState, AcknowledgeVersion> = {
  initialState: { acknowledged: new Set() },

  evolve(state, e: DomainEvent): AcknowledgementState {
    if (e.type !== 'DocumentVersionAcknowledged') return state;
    return {
      acknowledged: new Set(state.acknowledged).add(keyOf(e.data.document, e.data.version)),
    };
  },

  decide(command, state) {
    const { employeeId, document, version } = command;
    if (version < 1 || version > command.latestVersion) {
      fail('VERSION_DOES_NOT_EXIST', `The document has no version ${version}.`, {
        field: 'version',
        latestVersion: command.latestVersion,
      });
    }
    if (state.acknowledged.has(keyOf(document, version))) {
      fail('VERSION_ALREADY_ACKNOWLEDGED', 'This employee has already acknowledged this version.');
    }

    return [event('DocumentVersionAcknowledged', { document, version, employeeId })];
  },
};
