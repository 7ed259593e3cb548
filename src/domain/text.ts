import { z } from 'zod';

/** Size limits for free text, generous for a real entry and small enough to refuse abuse. */
export const limits = {
  name: 200,
  short: 500,
  statement: 1000,
  long: 4000,
  list: 50,
} as const;

/** Free text: trimmed, never empty, never longer than `max` characters. */
export function text(max: number) {
  return z.string().trim().min(1).max(max);
}
