import { apiKey, apiKeyStream } from '../domain/api-key.ts';
import type { ApiKeyStore, CreatedKey, NewKey } from '../http/auth/api-keys.ts';
import type { RequestContext } from './context.ts';
import type { CommandHandler } from './command-handler.ts';

/** Where key changes are recorded, and whether to wait for read models (none show them). */
export interface KeyRecording {
  readonly commands: CommandHandler;
  readonly apiKeys: ApiKeyStore;
  readonly waitForReadModels: boolean;
}

/**
 * Issues a key and records who issued it to whom. Should the record fail, the
 * key is revoked again: no access is given without its record.
 */
export async function issueKey(
  recording: KeyRecording,
  context: RequestContext,
  key: Omit<NewKey, 'tenant'>,
): Promise<CreatedKey> {
  const created = await recording.apiKeys.create({ ...key, tenant: context.tenant }, context.now);
  try {
    await recordIssue(recording, context, created.prefix, key);
  } catch (error) {
    await recording.apiKeys.revoke(context.tenant, created.prefix, context.now);
    throw error;
  }
  return created;
}

/** Records that a key, already stored, was given to its holder with its role, until when. */
export async function recordIssue(
  recording: Pick<KeyRecording, 'commands' | 'waitForReadModels'>,
  context: RequestContext,
  prefix: string,
  key: Pick<NewKey, 'role' | 'actorId' | 'actorKind' | 'expiresAt'>,
): Promise<void> {
  const data = {
    prefix,
    role: key.role,
    holder: { id: key.actorId, kind: key.actorKind },
    expiresAt: key.expiresAt ?? null,
  };
  await record(recording, context, { type: 'RecordIssue', data });
}

/** Revokes a key of the organisation and records it; false when it has no key by that prefix. */
export async function revokeKey(
  recording: KeyRecording,
  context: RequestContext,
  prefix: string,
): Promise<boolean> {
  if (!(await recording.apiKeys.revoke(context.tenant, prefix, context.now))) return false;
  await record(recording, context, { type: 'RecordRevocation', prefix });
  return true;
}

async function record(
  recording: Pick<KeyRecording, 'commands' | 'waitForReadModels'>,
  context: RequestContext,
  command: Parameters<typeof apiKey.decide>[0],
): Promise<void> {
  const prefix = command.type === 'RecordIssue' ? command.data.prefix : command.prefix;
  await recording.commands.run(apiKeyStream(prefix), apiKey, context, command, {
    waitForReadModels: recording.waitForReadModels,
  });
}
