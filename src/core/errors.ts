// Domain errors carry the sentence the user should read. Adapters show it privately;
// anything else is unexpected and is logged with an id the user is shown instead.

export type DomainErrorKind = "bad-input" | "not-found" | "forbidden" | "conflict" | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** what the user reads: what went wrong and what to do instead */
    readonly userMessage: string,
    /** an optional second line: usage, suggestions */
    readonly hint?: string,
  ) {
    super(userMessage);
    this.name = "DomainError";
  }
}

export const badInput = (message: string, hint?: string) => new DomainError("bad-input", message, hint);
export const notFound = (message: string, hint?: string) => new DomainError("not-found", message, hint);
export const forbidden = (message: string, hint?: string) => new DomainError("forbidden", message, hint);
export const conflict = (message: string, hint?: string) => new DomainError("conflict", message, hint);
