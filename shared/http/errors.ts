/** An API error: its HTTP status, a stable code and a French message (SPEC §8: `{"code", "message"}`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) => new ApiError(400, code, message, details);
export const unauthorized = (message = 'Authentification requise : jeton absent, invalide ou expiré') =>
  new ApiError(401, 'NON_AUTHENTIFIE', message);
export const notFound = (message: string) => new ApiError(404, 'INTROUVABLE', message);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new ApiError(409, code, message, details);
