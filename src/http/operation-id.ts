/**
 * The stable id of an operation, from its method and route path:
 * `POST /learning-logs/:logId/entries` is `postLearningLogsLogIdEntries`.
 * The OpenAPI document and the permission table both use it. A HEAD request is
 * the GET it stands beside.
 */
export function operationIdOf(method: string, routePath: string): string {
  const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const words = [verb, ...routePath.split(/[^A-Za-z0-9]+/).filter(Boolean)];
  return words.map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}
