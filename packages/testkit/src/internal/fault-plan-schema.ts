/** JSON Schema (2020-12) of {@link FaultPlan}; kept in step with the types in ../fault-plan.ts. */

const ms = { type: "number", minimum: 0, maximum: 3_600_000 } as const;
const status = { type: "integer", minimum: 100, maximum: 599 } as const;
const commit = { type: "boolean" } as const;
const framing = { enum: ["content-length", "chunked"] } as const;

function fault(kind: string, properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return {
    type: "object",
    additionalProperties: false,
    required: ["kind", ...required],
    properties: { kind: { const: kind }, ...properties },
  };
}

const timing = {
  framing,
  delayBeforeHeadersMs: ms,
  delayBeforeBodyMs: ms,
  trickle: {
    type: "object",
    additionalProperties: false,
    required: ["chunkBytes", "intervalMs"],
    properties: { chunkBytes: { type: "integer", minimum: 1 }, intervalMs: ms },
  },
};

const faultSchema = {
  type: "object",
  required: ["kind"],
  properties: {
    kind: {
      enum: [
        "pass",
        "respond",
        "reset",
        "reset-after-headers",
        "hang",
        "truncated-body",
        "malformed-json",
        "empty-body",
        "stream",
      ],
    },
  },
  oneOf: [
    fault("pass", timing),
    fault("stream", {
      commit,
      events: { type: "integer", minimum: 0, maximum: 100_000 },
      intervalMs: ms,
      firstEventDelayMs: ms,
      stallAfter: { type: "integer", minimum: 1 },
      resetAfter: { type: "integer", minimum: 1 },
      malformedAfter: { type: "integer", minimum: 1 },
      heartbeatOnly: { type: "boolean" },
      heartbeatMs: { type: "number", minimum: 1, maximum: 3_600_000 },
    }),
    fault(
      "respond",
      {
        ...timing,
        commit,
        status,
        headers: { type: "object", additionalProperties: { type: "string" } },
        body: true,
        bodyText: { type: "string" },
        contentEncoding: { enum: ["gzip", "br", "deflate"] },
        retryAfter: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: { seconds: { type: "integer", minimum: 0 }, dateInMs: ms, ms },
        },
      },
      ["status"],
    ),
    fault("reset", { commit, delayBeforeHeadersMs: ms }),
    fault("reset-after-headers", { commit, delayBeforeHeadersMs: ms, status, resetAfterMs: ms }),
    fault("hang", {
      commit,
      delayBeforeHeadersMs: ms,
      afterHeaders: { type: "boolean" },
      status,
      partialBody: { type: "string" },
      delayBeforeBodyMs: ms,
    }),
    fault("truncated-body", {
      commit,
      delayBeforeHeadersMs: ms,
      status,
      framing,
      bodyText: { type: "string" },
      sendBytes: { type: "integer", minimum: 0 },
    }),
    fault("malformed-json", { ...timing, commit, status, bodyText: { type: "string" } }),
    fault(
      "empty-body",
      {
        ...timing,
        commit,
        status,
        framing: { enum: ["chunked", "content-length-zero", "close-delimited", "no-content"] },
      },
      ["framing"],
    ),
  ],
};

/** Schema of one FaultPlan. */
export const FAULT_PLAN_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $defs: { fault: faultSchema },
  type: "object",
  required: ["mode"],
  properties: { mode: { enum: ["script", "random", "timeline"] } },
  oneOf: [
    {
      type: "object",
      additionalProperties: false,
      required: ["mode", "steps"],
      properties: {
        mode: { const: "script" },
        steps: {
          type: "array",
          items: {
            oneOf: [
              { $ref: "#/$defs/fault" },
              {
                type: "object",
                additionalProperties: false,
                required: ["times", "fault"],
                properties: { times: { type: "integer", minimum: 1 }, fault: { $ref: "#/$defs/fault" } },
              },
            ],
          },
        },
        after: { $ref: "#/$defs/fault" },
        loop: { type: "boolean" },
        countBy: { enum: ["route", "idempotency-key"] },
      },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["mode", "seed", "mix"],
      properties: {
        mode: { const: "random" },
        seed: { type: "integer", minimum: 0, maximum: 4_294_967_295 },
        mix: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["weight", "fault"],
            properties: { weight: { type: "number", exclusiveMinimum: 0 }, fault: { $ref: "#/$defs/fault" } },
          },
        },
      },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["mode", "phases"],
      properties: {
        mode: { const: "timeline" },
        phases: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            additionalProperties: false,
            required: ["fault"],
            properties: { untilMs: ms, fault: { $ref: "#/$defs/fault" } },
          },
        },
      },
    },
  ],
} as const;
