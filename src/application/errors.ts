/** The client's If-Match named a version that is no longer the current one. */
export class PreconditionFailedError extends Error {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`version ${expectedVersion} is not the current version ${currentVersion}`);
    this.name = 'PreconditionFailedError';
  }
}
