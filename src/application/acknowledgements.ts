import { acknowledgement, acknowledgementStream } from '../domain/acknowledgement.ts';
import { documentDecider } from '../domain/document.ts';
import { documentStream, type DocumentRef } from '../domain/vocabulary.ts';
import type { RequestContext } from './context.ts';
import { checkDocumentSubject } from './documents.ts';
import { referencedEmployee, unknownReference, type Services } from './services.ts';

/**
 * Records that an employee has read a version. An employee's own key
 * acknowledges for them; a system or admin key names the employee.
 */
export async function acknowledge(
  services: Services,
  context: RequestContext,
  document: DocumentRef,
  input: { version: number; employeeId?: string | undefined },
): Promise<void> {
  await checkDocumentSubject(services, context, document);

  const employeeId = input.employeeId ?? (context.actor.kind === 'employee' ? context.actor.id : unknownReference('employeeId', ''));
  await referencedEmployee(services, context, employeeId, 'employeeId');
  const latest = await services.commands.load(documentStream(document), documentDecider);

  await services.commands.run(acknowledgementStream(employeeId), acknowledgement, context, {
    type: 'AcknowledgeVersion',
    employeeId,
    document,
    version: input.version,
    latestVersion: latest.state.version,
  });
}
