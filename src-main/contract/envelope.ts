/** Error codes that cross every boundary (IPC, HTTP, CLI). */
export const errorCodes = [
  'not-found',
  'invalid-input',
  'forbidden',
  'unauthorized',
  'conflict',
  'io-error',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `title` or `impact.confidentiality`. */
  field: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  /** A sentence a responder can act on. Never contains a secret value. */
  message: string;
  /** Present for `invalid-input`: one entry per offending field. */
  fields?: FieldIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** An error a service raises on purpose; anything else becomes `internal`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, fields?: FieldIssue[]): Envelope<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
