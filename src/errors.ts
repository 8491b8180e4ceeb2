/**
 * Every error identifier quotebot can produce, in one place. Renderers (terminal, JSON, Discord) turn a code into
 * friendly text with `describeError`; stack traces stay in logs.
 */
export const ErrorCode = {
  // Questions
  QuestionEmpty: "QUESTION_EMPTY",
  QuestionTooLong: "QUESTION_TOO_LONG",
  QuestionNoSearchableTerms: "QUESTION_NO_SEARCHABLE_TERMS",
  // Corpus files
  CorpusFileUnreadable: "CORPUS_FILE_UNREADABLE",
  CorpusFileBinary: "CORPUS_FILE_BINARY",
  CorpusFileEmpty: "CORPUS_FILE_EMPTY",
  CorpusFileTooLarge: "CORPUS_FILE_TOO_LARGE",
  CorpusFileMalformed: "CORPUS_FILE_MALFORMED",
  /** The file decodes, but its text is not language (symbols, control or replacement characters). */
  CorpusFileNotText: "CORPUS_FILE_NOT_TEXT",
  CorpusFileUnsupported: "CORPUS_FILE_UNSUPPORTED",
  CorpusDuplicateId: "CORPUS_DUPLICATE_ID",
  CorpusMissing: "CORPUS_MISSING",
  // Index
  IndexMissing: "INDEX_MISSING",
  IndexCorrupt: "INDEX_CORRUPT",
  IndexIncompatible: "INDEX_INCOMPATIBLE",
  IndexLocked: "INDEX_LOCKED",
  /** INDEX_DIR is an existing folder, file or link quotebot did not create: it is never moved, renamed or deleted. */
  IndexDirNotIndex: "INDEX_DIR_NOT_INDEX",
  HnswlibBuildMismatch: "HNSWLIB_BUILD_MISMATCH",
  // Model
  ModelUnavailable: "MODEL_UNAVAILABLE",
  // Configuration
  ConfigInvalid: "CONFIG_INVALID",
  DiscordTokenMissing: "DISCORD_TOKEN_MISSING",
  DiscordTokenInvalid: "DISCORD_TOKEN_INVALID",
  PathOutsideRoot: "PATH_OUTSIDE_ROOT",
  // The bot's settings database (the bot keeps answering with default settings)
  StoreCorrupt: "STORE_CORRUPT",
  StoreLocked: "STORE_LOCKED",
  StoreUnavailable: "STORE_UNAVAILABLE",
  // Query service (`npm run serve` and the bot's QUERY_URL client)
  RequestInvalid: "REQUEST_INVALID",
  RequestTooLarge: "REQUEST_TOO_LARGE",
  ApiKeyInvalid: "API_KEY_INVALID",
  RateLimited: "RATE_LIMITED",
  SourceNotFound: "SOURCE_NOT_FOUND",
  QueryServiceUnavailable: "QUERY_SERVICE_UNAVAILABLE",
  ServeBindUnsafe: "SERVE_BIND_UNSAFE",
  InternalError: "INTERNAL_ERROR",
  // Importing from the web (src/import/): one code per reason a URL is skipped
  ImportBadUrl: "IMPORT_BAD_URL",
  ImportAddressRefused: "IMPORT_ADDRESS_REFUSED",
  ImportHttpStatus: "IMPORT_HTTP_STATUS",
  ImportTimeout: "IMPORT_TIMEOUT",
  ImportTooLarge: "IMPORT_TOO_LARGE",
  ImportWrongContentType: "IMPORT_WRONG_CONTENT_TYPE",
  ImportTooManyRedirects: "IMPORT_TOO_MANY_REDIRECTS",
  ImportNetwork: "IMPORT_NETWORK",
  ImportRobotsBlocked: "IMPORT_ROBOTS_BLOCKED",
  ImportNoArticle: "IMPORT_NO_ARTICLE",
  ImportFeedInvalid: "IMPORT_FEED_INVALID",
  ImportDuplicate: "IMPORT_DUPLICATE",
  ImportEditedByHand: "IMPORT_EDITED_BY_HAND",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure with a stable code, a human message and a hint saying what to do. */
export class QuotebotError extends Error {
  override readonly name = "QuotebotError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isQuotebotError = (e: unknown): e is QuotebotError => e instanceof QuotebotError;

/** One line for a person: the message, then what to do about it. */
export function describeError(e: unknown): string {
  if (isQuotebotError(e)) return e.hint ? `${e.message} ${e.hint}` : e.message;
  return "Something went wrong inside quotebot. The details were logged.";
}

/** Any thrown value's own message, for logs and for messages that wrap it. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** For someone who can act on details (an admin, a terminal user): a QuotebotError with its hint, else the message. */
export const explainError = (e: unknown): string => (isQuotebotError(e) ? describeError(e) : errorMessage(e));

/** Process exit codes used by the command-line entry points. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;
