import type { EntryContent, EventData } from '../domain/events.ts';
import { entryStream, learningEntry } from '../domain/learning-entry.ts';
import { learningLog, logStream } from '../domain/learning-log.ts';
import type { RequestContext } from './context.ts';
import { guardedByVersion } from './if-match.ts';
import {
  referencedEmployee,
  referencedPerson,
  referencedTeam,
  type Services,
  happenedBy,
} from './services.ts';

export async function openLog(
  services: Services,
  context: RequestContext,
  input: Omit<EventData<'LearningLogOpened'>, 'logId'>,
): Promise<string> {
  const { subject } = input;
  if (subject.kind === 'person')
    await referencedPerson(services, context, subject.personId, 'subject.personId');
  else await referencedTeam(services, context, subject.teamId, 'subject.teamId');

  const logId = services.newId();
  await services.commands.run(
    logStream(logId),
    learningLog,
    context,
    { type: 'OpenLog', data: { logId, ...input } },
    { newStream: true },
  );
  return logId;
}

export async function closeLog(
  services: Services,
  context: RequestContext,
  logId: string,
  reason: string | null,
): Promise<void> {
  await services.commands.run(
    logStream(logId),
    learningLog,
    context,
    { type: 'CloseLog', logId, reason },
    { notFound: 'LOG_NOT_FOUND' },
  );
}

/** Records an entry written by the caller; the time of writing is the server's clock. */
export async function recordEntry(
  services: Services,
  context: RequestContext,
  logId: string,
  content: EntryContent,
): Promise<string> {
  const log = await services.commands.loadOwn(
    logStream(logId),
    learningLog,
    context,
    'LOG_NOT_FOUND',
  );
  happenedBy(content.occurredAt, context, 'occurredAt');
  await checkPresent(services, context, content);

  const entryId = services.newId();
  await services.commands.run(
    entryStream(entryId),
    learningEntry,
    context,
    { type: 'RecordEntry', entryId, logId, log: log.state, authorId: context.actor.id, content },
    // The log was open as loaded; closed since, the entry is refused, never stored after it.
    {
      occurredAt: content.occurredAt,
      newStream: true,
      unchanged: [{ stream: logStream(logId), revision: log.revision }],
    },
  );
  return entryId;
}

/** Amends an entry; with `ifMatch` (the entry version the client read) a stale amendment is refused. */
export async function amendEntry(
  services: Services,
  context: RequestContext,
  entryId: string,
  input: { changes: Partial<EntryContent>; reason: string },
  ifMatch: number | undefined,
): Promise<number> {
  happenedBy(input.changes.occurredAt, context, 'changes.occurredAt');
  await checkPresent(services, context, input.changes);
  return changeEntry(services, context, entryId, ifMatch, {
    type: 'AmendEntry',
    entryId,
    amendedBy: context.actor.id,
    ...input,
  });
}

export async function withdrawEntry(
  services: Services,
  context: RequestContext,
  entryId: string,
  reason: string,
  ifMatch: number | undefined,
): Promise<number> {
  return changeEntry(services, context, entryId, ifMatch, {
    type: 'WithdrawEntry',
    entryId,
    withdrawnBy: context.actor.id,
    byReviewer: context.actor.role === 'reviewer',
    reason,
  });
}

async function changeEntry(
  services: Services,
  context: RequestContext,
  entryId: string,
  ifMatch: number | undefined,
  command: Parameters<typeof learningEntry.decide>[0],
): Promise<number> {
  const stream = entryStream(entryId);
  const loaded = await services.commands.loadOwn(stream, learningEntry, context, 'ENTRY_NOT_FOUND');

  const { revision } = await guardedByVersion(
    stream,
    ifMatch,
    loaded.revision + 1,
    (expectedRevision) =>
      services.commands.run(stream, learningEntry, context, command, { expectedRevision, loaded }),
  );
  return revision + 1;
}

async function checkPresent(
  services: Services,
  context: RequestContext,
  content: Partial<EntryContent>,
): Promise<void> {
  for (const [index, employeeId] of (content.present?.employeeIds ?? []).entries()) {
    await referencedEmployee(services, context, employeeId, `present.employeeIds.${index}`);
  }
}
