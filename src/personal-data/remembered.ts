/**
 * Remembers the answers of a look-up whose answers never change once given
 * (whose log a review belongs to, what a log is about), so sealing does not
 * read them again for every entry. Only found answers are kept: what is not
 * there yet may be recorded later. The oldest answers go first beyond `size`.
 */
export function remembered<V>(
  lookUp: (tenant: string, id: string) => Promise<V | undefined>,
  size = 10_000,
): (tenant: string, id: string) => Promise<V | undefined> {
  const answers = new Map<string, V>();

  return async (tenant, id) => {
    const key = `${tenant}/${id}`;
    const known = answers.get(key);
    if (known !== undefined) return known;

    const found = await lookUp(tenant, id);
    if (found !== undefined) {
      answers.set(key, found);
      if (answers.size > size) answers.delete(answers.keys().next().value!);
    }
    return found;
  };
}
