import { randomUUID } from 'node:crypto';
import { operatorContext } from './application/context.ts';
import { apiKey, apiKeyStream } from './domain/api-key.ts';
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
  const created = await runtime.apiKeys.createFirst(
    {
      role: 'admin',
      tenant: defaultOrganisation,
      actorId: 'system:bootstrap-admin',
      actorKind: 'system',
      label: 'first admin key',
    },
    new Date(),
  );
  if (created === undefined) return;
  await runtime.services.commands.run(
    apiKeyStream(created.prefix),
    apiKey,
    operatorContext(defaultOrganisation, 'bootstrap', randomUUID()),
    {
      type: 'RecordIssue',
      data: {
        prefix: created.prefix,
        role: 'admin',
        holder: { id: 'system:bootstrap-admin', kind: 'system' },
        expiresAt: null,
      },
    },
    { waitForReadModels: false },
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
