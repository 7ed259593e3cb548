import { z } from 'zod';
import { limits, text } from '../../domain/text.ts';
import { personKinds } from '../../domain/vocabulary.ts';
import { uuid } from '../schemas.ts';

export const registerPersonBody = z.strictObject({
  kind: z
    .enum(personKinds)
    .describe('A supported person, or an employee (support worker, reviewer, manager).'),
  displayName: text(limits.name).describe('The name people use for them.'),
  externalRef: text(limits.name)
    .optional()
    .describe("The person's identifier in the organisation's care-record system."),
});

export const personSchema = z
  .object({
    personId: uuid,
    kind: z.enum(personKinds),
    displayName: z.string(),
    externalRef: z.string().nullable(),
    registeredAt: z.string(),
    memberOf: z.array(uuid).describe('Teams this person is a member of.'),
    supportedBy: z.array(uuid).describe('Teams that support this person.'),
    erasedAt: z
      .string()
      .optional()
      .describe('When the person was erased; their name and reference then read `[erased]`.'),
  })
  .meta({ id: 'Person' });

export const personParams = z.object({ personId: uuid });
