import type { z } from 'zod';

/** One operation: its input schema (validated once, at the boundary) and its result type. */
export interface OperationSpec<Input extends z.ZodType, Result> {
  input: Input;
  doc: string;
  /** Phantom field carrying the result type; never set at run time. */
  readonly result?: Result;
}

export function operation<Result>() {
  return <Input extends z.ZodType>(input: Input, doc: string): OperationSpec<Input, Result> => ({ input, doc });
}
