import type { Runtime } from '../src/runtime.ts';

/** A supported person with a one-page profile several versions deep and a learning log. */
export interface SeededPerson {
  readonly personId: string;
  readonly profilePath: string;
  /** Where entries about her are recorded. */
  readonly entriesPath: string;
}

/** What the measured requests need: whose profiles to read and logs to write, and keys to do it. */
export interface Seeded {
  readonly people: readonly SeededPerson[];
  /** The first person's profile. */
  readonly profilePath: string;
  /** Authors' keys: support workers who read and write about the people they support. */
  readonly authorKeys: readonly string[];
  /** The first author's key. */
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
 * Builds over HTTP, as a client would: an employee who reviews, `authors`
 * who write and read, `supported` people supported by their team, each with a
 * one-page profile of several versions and a learning log. Only the first
 * admin key is made directly, as a fresh install makes it.
 */
export async function seed(
  baseUrl: string,
  runtime: Runtime,
  { supported = 1, authors = 1 } = {},
): Promise<Seeded> {
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
  const employee = (displayName: string) => asAdmin('/people', { kind: 'employee', displayName });

  const team = await asAdmin('/teams', { name: 'Bench Lane team' });
  const join = (path: string, personId: unknown) =>
    asAdmin(`/teams/${team.teamId}/${path}`, { personId });
  const keyFor = async (role: string, personId: unknown) =>
    (
      await asAdmin('/api-keys', {
        role,
        actor: { kind: 'employee', personId },
        label: `bench ${role}`,
      })
    ).key as string;

  const reviewer = await employee('Rue Example');
  await join('members', reviewer.personId);
  const reviewerKey = await keyFor('reviewer', reviewer.personId);
  const authorKeys: string[] = [];
  for (let i = 0; i < authors; i++) {
    const author = await employee(i === 0 ? 'Sol Example' : `Sol Example ${i}`);
    await join('members', author.personId);
    authorKeys.push(await keyFor('author', author.personId));
  }

  const people: SeededPerson[] = [];
  for (let i = 0; i < supported; i++) {
    const person = await asAdmin('/people', {
      kind: 'supported-person',
      displayName: i === 0 ? 'Nell Example' : `Nell Example ${i}`,
    });
    await join('supported-people', person.personId);
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
    const log = await post('/learning-logs', authorKeys[0]!, {
      subject: { kind: 'person', personId: person.personId },
      purpose: 'Going out: what helps her enjoy it.',
      reviewRhythm: 'monthly',
    });
    const entriesPath = `/learning-logs/${log.logId}/entries`;
    people.push({ personId: person.personId as string, profilePath, entriesPath });
  }
  return {
    people,
    profilePath: people[0]!.profilePath,
    authorKeys,
    readerKey: authorKeys[0]!,
  };
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
