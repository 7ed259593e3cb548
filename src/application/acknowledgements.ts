import { acknowledgement, acknowledgementStream } from '../domain/acknowledgement.ts';
import { DomainError } from '../domain/errors.ts';
import { documentDecider } from '../domain/document.ts';
import { documentStream, type DocumentRef } from '../domain/vocabulary.ts';
import type { RequestContext } from './context.ts';
import { checkDocumentSubject } from './documents.ts';
import { referencedEmployee, type Services } from './services.ts';

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
  const subject = await checkDocumentSubject(services, context, document);
  // An erased person's profile reads `[erased]`: there is nothing left to have read.
  if ('erased' in subject && subject.erased) {
    throw new DomainError('PERSON_ERASED', 'This person was erased.');
  }

  const employeeId = acknowledgerOf(context, input.employeeId);
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

/** An employee's own key acknowledges for that employee only; other keys must name the employee. */
function acknowledgerOf(context: RequestContext, named: string | undefined): string {
  const { actor } = context;
  if (actor.kind === 'employee') {
    if (named !== undefined && named !== actor.id) {
      throw new DomainError(
        'ACKNOWLEDGING_FOR_ANOTHER_EMPLOYEE',
        'An employee acknowledges only for themselves.',
        { field: 'employeeId' },
      );
    }
    return actor.id;
  }

  if (named === undefined)
    throw new DomainError('ACKNOWLEDGER_REQUIRED', 'Name the employee who read the version.', {
      field: 'employeeId',
    });
  return named;
}
