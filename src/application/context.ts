import type { Actor } from '../event-store/port.ts';

/** Who is asking, for which organisation, and when: everything a command needs besides its input. */
export interface RequestContext {
  readonly actor: Actor;
  readonly tenant: string;
  /** Ties together everything one business process caused; a client may pass its own. */
  readonly correlationId: string;
  /** The request that caused the events: their causationId. */
  readonly requestId: string;
  readonly now: Date;
}

/**
 * The context of something the service does of itself or an operator does on
 * the command line: a system actor with admin rights, through `via`.
 */
export function operatorContext(tenant: string, name: string, requestId: string): RequestContext {
  return {
    actor: { id: `system:${name}`, kind: 'system', role: 'admin', via: name },
    tenant,
    correlationId: requestId,
    requestId,
    now: new Date(),
  };
}
