import type { Runtime } from '../src/runtime.ts';

/** What the measured requests need: whose profile to read, and a key allowed to read it. */
export interface Seeded {
  readonly profilePath: string;
  /** An author's key: a support worker reading the profile of someone they support. */
  readonly readerKey: string;
}

export const organisation = 'bench-organisation';

/** Profile statements, one change each, so the profile read is several versions deep. */
const statements = [
  'Say good morning and wait; I answer when I am ready.',
  'I like the radio on while I get dressed.',
  'Ask me once, then give me time to decide.',
  'Quiet weekday mornings are best for going out.',
];

/**
 * Builds over HTTP, as a client would: an employee who reviews, one who
 * reads, a supported person, a team that supports her, and a one-page
 * profile of several versions. Only the first admin key is made directly,
 * as a fresh install makes it.
 */
export async function seed(baseUrl: string, runtime: Runtime): Promise<Seeded> {
  const admin = await runtime.apiKeys.create(
    {
      role: 'admin',
      tenant: organisation,
      actorId: 'system:bench-admin',
      actorKind: 'system',
      label: 'bench admin',
    },
    new Date(),
  );
  const post = poster(baseUrl);
  const asAdmin = (path: string, body: unknown) => post(path, admin.token, body);

  const reviewer = await asAdmin('/people', { kind: 'employee', displayName: 'Rue Example' });
  const reader = await asAdmin('/people', { kind: 'employee', displayName: 'Sol Example' });
  const person = await asAdmin('/people', {
    kind: 'supported-person',
    displayName: 'Nell Example',
  });
  const team = await asAdmin('/teams', { name: 'Bench Lane team' });
  for (const member of [reviewer, reader]) {
    await asAdmin(`/teams/${team.teamId}/members`, { personId: member.personId });
  }
  await asAdmin(`/teams/${team.teamId}/supported-people`, { personId: person.personId });

  const keyFor = async (role: string, employee: Record<string, unknown>) =>
    (
      await asAdmin('/api-keys', {
        role,
        actor: { kind: 'employee', personId: employee.personId },
        label: `bench ${role}`,
      })
    ).key as string;
  const reviewerKey = await keyFor('reviewer', reviewer);
  const readerKey = await keyFor('author', reader);

  const profilePath = `/people/${person.personId}/profile`;
  for (const [version, text] of statements.entries()) {
    await post(
      `${profilePath}/changes`,
      reviewerKey,
      {
        operation: 'add',
        section: 'how-to-support',
        text,
        basis: { kind: 'direct-edit', reason: 'Agreed with her at the team meeting.' },
      },
      { 'if-match': `"${version}"` },
    );
  }
  return { profilePath, readerKey };
}

/** Sends a JSON POST and fails loudly on anything but 2xx: a half-seeded store measures nothing. */
function poster(baseUrl: string) {
  return async (
    path: string,
    key: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Record<string, unknown>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seeding ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
}
