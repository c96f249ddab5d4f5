/**
 * Typed errors of the domain. Adapters map them to their caller's format in one place
 * (Connect string map, Kakao SkillResponse, API Gateway response); a caller never sees a stack trace.
 */
export abstract class AiccError extends Error {
  abstract readonly code: string;
  /**
   * Spelled out by each class: logs and metrics show `error.name`, and the deployed bundles are
   * minified (a class's own name there is `st` or `Ao`).
   */
  abstract override readonly name: string;
}

export type PhoneNumberProblem = 'EMPTY' | 'BAD_CHARACTERS' | 'NOT_KOREAN' | 'UNKNOWN_PREFIX' | 'BAD_LENGTH';

export class InvalidPhoneNumberError extends AiccError {
  override readonly name = 'InvalidPhoneNumberError';
  readonly code = 'INVALID_PHONE_NUMBER';
  constructor(readonly problem: PhoneNumberProblem) {
    super(`invalid Korean phone number (${problem})`);
  }
}

export class ValidationError extends AiccError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_ERROR';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

export class ConfigError extends AiccError {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_ERROR';
}

export class NotFoundError extends AiccError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends AiccError {
  override readonly name = 'ConflictError';
  readonly code = 'CONFLICT';
}

/** A dependency (DynamoDB, Bedrock, Connect...) failed or timed out; the caller gets a safe fallback. */
export class DependencyError extends AiccError {
  override readonly name = 'DependencyError';
  readonly code = 'DEPENDENCY_ERROR';
  constructor(
    readonly dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency}: ${message}`, options);
  }
}

export const errorName = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error === 'string' ? 'StringError' : 'UnknownError';
