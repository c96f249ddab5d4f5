/**
 * Typed errors of the domain. Adapters map them to their caller's format in one place
 * (Connect string map, Kakao SkillResponse, API Gateway response); a caller never sees a stack trace.
 */
export abstract class AiccError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type PhoneNumberProblem = 'EMPTY' | 'BAD_CHARACTERS' | 'NOT_KOREAN' | 'UNKNOWN_PREFIX' | 'BAD_LENGTH';

export class InvalidPhoneNumberError extends AiccError {
  readonly code = 'INVALID_PHONE_NUMBER';
  constructor(readonly problem: PhoneNumberProblem) {
    super(`invalid Korean phone number (${problem})`);
  }
}

export class ValidationError extends AiccError {
  readonly code = 'VALIDATION_ERROR';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

export class ConfigError extends AiccError {
  readonly code = 'CONFIG_ERROR';
}

export class NotFoundError extends AiccError {
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends AiccError {
  readonly code = 'CONFLICT';
}

/** A dependency (DynamoDB, Bedrock, Connect...) failed or timed out; the caller gets a safe fallback. */
export class DependencyError extends AiccError {
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
