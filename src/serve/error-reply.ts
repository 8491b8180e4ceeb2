/**
 * Every failure of the query service as `{ error: { code, message } }` with its HTTP status. A question the engine
 * refuses gets exactly the code and message the CLI prints (they come from the same validateQuestion); a request
 * that is malformed or too large is refused before the engine sees it.
 */
import { describeError, ErrorCode, isQuotebotError, QuotebotError } from "../errors.js";
import { validateQuestion } from "../retrieval/validate-question.js";

export interface ErrorBody {
  error: { code: string; message: string; hint?: string };
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: { keyword: string; instancePath: string }[];
}

const body = (code: string, message: string, hint?: string): ErrorBody => ({
  error: hint ? { code, message, hint } : { code, message },
});

/** The HTTP status of a QuotebotError. */
export function statusOf(e: QuotebotError): number {
  if (e.code.startsWith("QUESTION_") || e.code === ErrorCode.RequestInvalid) return 400;
  if (e.code === ErrorCode.ApiKeyInvalid) return 401;
  if (e.code === ErrorCode.SourceNotFound) return 404;
  if (e.code === ErrorCode.RequestTooLarge) return 413;
  if (e.code === ErrorCode.RateLimited) return 429;
  if (e.code.startsWith("INDEX_") || e.code === ErrorCode.ModelUnavailable) return 503;
  return 500;
}

/**
 * The reply for `error`. `text` is the request's question or query, when it has one: a question over the schema's
 * maxLength is explained by validateQuestion itself, so the message is the CLI's.
 */
export function errorReply(
  error: unknown,
  text: unknown,
  limits: { maxQuestionChars: number; bodyLimit: number },
): { status: number; body: ErrorBody } {
  if (isQuotebotError(error)) return { status: statusOf(error), body: body(error.code, error.message, error.hint) };
  const e = (error ?? {}) as FastifyLikeError;
  if (e.validation) {
    const tooLong = e.validation.some((v) => v.keyword === "maxLength" && /^\/(question|query)$/.test(v.instancePath));
    if (tooLong && typeof text === "string") {
      const valid = validateQuestion(text, limits.maxQuestionChars);
      if (!valid.ok) return { status: 400, body: body(valid.error.code, valid.error.message) };
    }
    return { status: 400, body: body(ErrorCode.RequestInvalid, `Invalid request: ${e.message ?? "bad input"}.`) };
  }
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE")
    return {
      status: 413,
      body: body(
        ErrorCode.RequestTooLarge,
        `The request body is larger than ${limits.bodyLimit} bytes; questions are limited to ${limits.maxQuestionChars} characters.`,
      ),
    };
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500)
    return { status: e.statusCode, body: body(ErrorCode.RequestInvalid, e.message ?? "Invalid request.") };
  return {
    status: 500,
    body: body(ErrorCode.InternalError, describeError(error)),
  };
}

export const notFound = (id: string): QuotebotError =>
  new QuotebotError(
    ErrorCode.SourceNotFound,
    `No article has the id ${JSON.stringify(id)}.`,
    "List them with GET /v1/sources.",
  );
