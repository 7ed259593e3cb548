import { z } from 'zod';

/** Size limits for free text, generous for a real entry and small enough to refuse abuse. */
export const limits = {
  name: 200,
  short: 500,
  statement: 1000,
  long: 4000,
  list: 50,
} as const;

// Control characters other than tab and line breaks have no place in what people write, nor
// have the marks that change the direction of text or hide in it, which can make a name read
// as another (joiners, which some scripts need, stay).
const controlCharacters =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

/**
 * Free text: trimmed, never empty, never longer than `max` characters, and
 * well-formed Unicode, so every store and every comparison sees the same text.
 */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => value.isWellFormed(), 'Not well-formed Unicode (a lone surrogate).')
    .refine((value) => !controlCharacters.test(value), 'Control characters are not allowed.');
}

/**
 * An instant in ISO 8601 with a time-zone offset, between 1900 and 2199 in
 * UTC: read models compare instants as text, which holds only for four-digit years.
 */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1900 && year <= 2199;
  }, 'Between the years 1900 and 2199.')
  .describe('An instant in ISO 8601 with a time-zone offset.');
