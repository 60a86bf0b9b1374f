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

/** A secret taken out of an input before it was stored: what it looked like, never the value. */
export interface Redaction {
  /** Dotted path of the input field, e.g. `text` or `assessment.reasons.0`. */
  field: string;
  /** The secret rule that matched, or `vault-value` for a value kept in the vault. */
  rule: string;
  description: string;
  /** First 16 hex characters of SHA-256 of the value. */
  fingerprint: string;
  /** Its first few characters and an ellipsis, e.g. `ghp_…`. */
  preview: string;
}

/** `redactions` is present only when the input held something that looked like a secret. */
export type Envelope<T> = { ok: true; value: T; redactions?: Redaction[] } | { ok: false; error: ErrorBody };

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
