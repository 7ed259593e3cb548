import { createHash } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { IdentityProviderConfig } from '../../config.ts';
import { roles, type Actor } from '../../event-store/port.ts';
import { uuid } from '../schemas.ts';
import type { Principal } from './api-keys.ts';
import { signingKeys } from './signing-keys.ts';

/** Why a token was refused, as a fixed code: logged at debug level, never sent to the caller. */
export class TokenRefusedError extends Error {
  constructor(readonly reason: string) {
    super('bearer token refused');
    this.name = 'TokenRefusedError';
  }
}

/** Whether a person is an employee of the organisation, as the directory knows it. */
export type EmployeeCheck = (tenant: string, personId: string) => Promise<boolean>;

export interface TokenVerifier {
  /**
   * The principal a token from the identity provider stands for. Throws
   * TokenRefusedError for a token that is not good, and
   * IdentityProviderUnavailableError when its keys cannot be fetched.
   */
  verify(token: string, now: Date): Promise<Principal>;
}

/** Leeway for clocks that disagree a little between the provider and this service. */
const clockToleranceSeconds = 30;

/**
 * Tokens signed by the organisation's identity provider. The signature must
 * verify against the provider's published keys with an allowed algorithm; the
 * issuer, audience and expiry must be right. The configured claims then name
 * the employee (their person id here), their role and their organisation, and
 * the employee must be registered in that organisation's directory, so that a
 * token speaks for someone exactly as an employee's API key does.
 */
export function tokenVerifier(
  config: IdentityProviderConfig,
  isEmployee: EmployeeCheck,
): TokenVerifier {
  const keys = signingKeys(new URL(config.jwksUrl), {
    timeoutMs: config.jwksTimeoutMs,
    cooldownMs: config.jwksCooldownMs,
  });

  return {
    async verify(token, now) {
      const payload = await verifiedPayload(token, keys, config, now);
      const principal = principalOf(token, payload, config.claims);

      if (!(await isEmployee(principal.tenant, principal.actor.id))) {
        throw new TokenRefusedError('not-an-employee');
      }
      return principal;
    },
  };
}

async function verifiedPayload(
  token: string,
  keys: JWTVerifyGetKey,
  config: IdentityProviderConfig,
  now: Date,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: [...config.algorithms],
      requiredClaims: ['exp'],
      clockTolerance: clockToleranceSeconds,
      currentDate: now,
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new TokenRefusedError(reasonOf(error));
    throw error;
  }
}

function principalOf(
  token: string,
  payload: JWTPayload,
  claims: IdentityProviderConfig['claims'],
): Principal {
  const actorId = payload[claims.actor];
  if (!uuid.safeParse(actorId).success) throw new TokenRefusedError('actor-claim');
  const role = payload[claims.role];
  if (!isRole(role)) throw new TokenRefusedError('role-claim');
  const tenant = payload[claims.organisation];
  if (typeof tenant !== 'string' || tenant.trim() === '' || tenant.length > 200) {
    throw new TokenRefusedError('organisation-claim');
  }

  const actor: Actor = {
    id: actorId as string,
    kind: 'employee',
    role,
    via: viaOf(token, payload.jti),
  };
  // Tokens are renewed every few minutes; a retried request must still find its Idempotency-Key.
  return { actor, tenant, idempotencyScope: `employee:${actor.id}` };
}

function isRole(value: unknown): value is Actor['role'] {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

const jtiPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * How events name the token a request came with: its id (`jti`) when it has a
 * plain one, else the start of its SHA-256, which names it without revealing it.
 */
function viaOf(token: string, jti: unknown): string {
  if (typeof jti === 'string' && jtiPattern.test(jti)) return `jwt:${jti}`;
  return `jwt:sha256:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

/** A fixed code for each way jose refuses a token; its messages are not logged. */
function reasonOf(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim-${error.claim}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown-key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed';
  return 'invalid';
}
