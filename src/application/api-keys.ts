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
  const data = {
    prefix: created.prefix,
    role: key.role,
    holder: { id: key.actorId, kind: key.actorKind },
    expiresAt: key.expiresAt ?? null,
  };
  try {
    await record(recording, context, { type: 'RecordIssue', data });
  } catch (error) {
    await recording.apiKeys.revoke(context.tenant, created.prefix, context.now);
    throw error;
  }
  return created;
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
  recording: KeyRecording,
  context: RequestContext,
  command: Parameters<typeof apiKey.decide>[0],
): Promise<void> {
  const prefix = command.type === 'RecordIssue' ? command.data.prefix : command.prefix;
  const stream = apiKeyStream(prefix);
  const loaded = await recording.commands.load(stream, apiKey);
  // Revoking again changes nothing, so it records nothing.
  if (command.type === 'RecordRevocation' && loaded.state.revoked) return;
  await recording.commands.run(stream, apiKey, context, command, {
    loaded,
    waitForReadModels: recording.waitForReadModels,
  });
}
