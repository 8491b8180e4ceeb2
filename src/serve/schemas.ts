/**
 * JSON schemas of every request and response of the query service. Fastify validates requests with them (Ajv) and
 * serialises responses with them (fast-json-stringify drops anything not listed), and @fastify/swagger turns them
 * into the OpenAPI document. The shapes are quotebot's own (src/types.ts), so the HTTP client hands the bot the
 * same Answer an in-process Engine would.
 */

const nullableString = { type: ["string", "null"] } as const;
const offsets = {
  type: "object",
  required: ["start", "end"],
  properties: { start: { type: "integer" }, end: { type: "integer" } },
} as const;

export const articleMetaSchema = {
  $id: "ArticleMeta",
  type: "object",
  required: ["id", "title", "source"],
  properties: {
    id: { type: "string" },
    title: { type: "string" },
    published: { type: "string" },
    author: { type: "string" },
    publisher: { type: "string" },
    url: { type: "string" },
    tags: { type: "array", items: { type: "string" } },
    source: { type: "string" },
  },
} as const;

export const storedArticleSchema = {
  $id: "StoredArticle",
  type: "object",
  required: [...articleMetaSchema.required, "contentHash", "lead"],
  properties: {
    ...articleMetaSchema.properties,
    contentHash: { type: "string" },
    lead: { type: "string", description: "The first paragraph" },
  },
} as const;

const chunkSchema = {
  type: "object",
  required: ["id", "articleId", "ordinal", "start", "end", "text", "tokenCount"],
  properties: {
    id: { type: "string" },
    articleId: { type: "string" },
    ordinal: { type: "integer" },
    start: { type: "integer" },
    end: { type: "integer" },
    text: { type: "string" },
    tokenCount: { type: "integer" },
    sentences: { type: "array", items: { type: "integer" } },
  },
} as const;

const passageSchema = {
  type: "object",
  required: ["chunk", "article", "score", "coverage"],
  properties: {
    chunk: chunkSchema,
    article: { $ref: "ArticleMeta#" },
    score: { type: "number" },
    coverage: { type: "number" },
    lexicalRank: { type: "integer" },
    denseRank: { type: "integer" },
    denseSimilarity: { type: "number" },
  },
} as const;

const quoteSchema = {
  type: "object",
  required: ["text", "start", "end", "highlight"],
  properties: { text: { type: "string" }, start: { type: "integer" }, end: { type: "integer" }, highlight: offsets },
} as const;

const modeSchema = { type: "string", enum: ["hybrid", "lexical"] } as const;

export const errorSchema = {
  $id: "Error",
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, hint: { type: "string" } },
    },
  },
} as const;

const errors = {
  400: { $ref: "Error#" },
  401: { $ref: "Error#" },
  413: { $ref: "Error#" },
  429: { $ref: "Error#" },
  500: { $ref: "Error#" },
  503: { $ref: "Error#" },
} as const;

/** Shared schemas, added once with `app.addSchema` so responses can `$ref` them. */
export const sharedSchemas = [articleMetaSchema, storedArticleSchema, errorSchema] as const;

export function askSchema(maxQuestionChars: number) {
  return {
    summary: "Answer a question with quotes from the articles",
    body: {
      type: "object",
      required: ["question"],
      additionalProperties: false,
      properties: {
        question: { type: "string", maxLength: maxQuestionChars },
        k: { type: "integer", minimum: 1, maximum: 25, description: "Quotes (default ANSWER_TOP_K)" },
      },
    },
    response: {
      200: {
        type: "object",
        required: ["question", "answered", "mode", "results", "suggestions"],
        properties: {
          question: { type: "string" },
          answered: { type: "boolean" },
          mode: modeSchema,
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["rank", "score", "quote", "passage", "alsoReportedBy"],
              properties: {
                rank: { type: "integer" },
                score: { type: "number" },
                quote: quoteSchema,
                passage: passageSchema,
                alsoReportedBy: { type: "array", items: { $ref: "ArticleMeta#" } },
              },
            },
          },
          suggestions: { type: "array", items: { $ref: "ArticleMeta#" } },
        },
      },
      ...errors,
    },
  } as const;
}

export function searchSchema(maxQuestionChars: number) {
  return {
    summary: "The passages that best match a query, each with its best-matching part (never declined)",
    body: {
      type: "object",
      required: ["query"],
      additionalProperties: false,
      properties: {
        query: { type: "string", maxLength: maxQuestionChars },
        k: { type: "integer", minimum: 1, maximum: 50, default: 5 },
      },
    },
    response: {
      200: {
        type: "object",
        required: ["query", "mode", "results"],
        properties: {
          query: { type: "string" },
          mode: modeSchema,
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["passage", "quote"],
              properties: { passage: passageSchema, quote: quoteSchema },
            },
          },
        },
      },
      ...errors,
    },
  } as const;
}

export const sourcesSchema = {
  summary: "Every article the service can quote, with its first paragraph",
  response: {
    200: {
      type: "object",
      required: ["generation", "articles"],
      properties: { generation: { type: "string" }, articles: { type: "array", items: { $ref: "StoredArticle#" } } },
    },
    ...errors,
  },
} as const;

export const sourceSchema = {
  summary: "One article",
  params: { type: "object", required: ["id"], properties: { id: { type: "string", maxLength: 1000 } } },
  response: { 200: { $ref: "StoredArticle#" }, 404: { $ref: "Error#" }, ...errors },
} as const;

export const healthSchema = {
  summary: "Whether the service answers, from which index generation and in which retrieval mode",
  response: {
    200: {
      type: "object",
      required: ["status", "mode", "generation", "articles", "chunks", "degradedReason"],
      properties: {
        status: { type: "string", enum: ["ok"] },
        mode: modeSchema,
        generation: { type: "string", description: "The serving index folder's name (gen-…)" },
        articles: { type: "integer" },
        chunks: { type: "integer" },
        degradedReason: { ...nullableString, description: "Why retrieval is lexical although the index is hybrid" },
      },
    },
  },
} as const;

export const reloadSchema = {
  summary: "Serve the newest index generation now (the service also watches INDEX_DIR)",
  response: {
    200: {
      type: "object",
      required: ["swapped", "generation"],
      properties: { swapped: { type: "boolean" }, generation: { type: "string" } },
    },
    ...errors,
  },
} as const;
