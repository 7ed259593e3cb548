import { timeOrderedId } from './application/time-ordered-ids.ts';
import { operatorContext } from './application/context.ts';
import { recordIssue } from './application/api-keys.ts';
import type { Runtime } from './runtime.ts';

/** The organisation the first key belongs to, on a store that has none. */
export const defaultOrganisation = 'default';

/**
 * On a store with no API key, creates one admin key and prints it once, so a
 * fresh install can be used at all. The key is printed, never logged.
 */
export async function bootstrapAdminKey(
  runtime: Runtime,
  out: NodeJS.WritableStream,
): Promise<void> {
  const firstKey = {
    role: 'admin' as const,
    tenant: defaultOrganisation,
    actorId: 'system:bootstrap-admin',
    actorKind: 'system' as const,
    label: 'first admin key',
  };
  const created = await runtime.apiKeys.createFirst(firstKey, new Date());
  if (created === undefined) return;
  await recordIssue(
    { commands: runtime.services.commands, waitForReadModels: false },
    operatorContext(defaultOrganisation, 'bootstrap', timeOrderedId()),
    created.prefix,
    firstKey,
  );

  out.write(
    [
      '',
      'No API key existed, so one admin key was created. It is shown only this once:',
      '',
      `  ${created.token}`,
      '',
      'Send it as "Authorization: Bearer <key>". Create more with: npm run -s cli -- keys create --help',
      '',
    ].join('\n'),
  );
}
