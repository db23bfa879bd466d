import { describe, expect, it } from "vitest";
import { collectSecuritySchemes } from "./collect-security-schemes.js";

describe("collectSecuritySchemes", () => {
  const document = {
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "Bearer" },
        basic: { type: "http", scheme: "basic" },
        digest: { type: "http", scheme: "Digest" },
        oauth: { type: "oauth2", flows: {} },
        oidc: { type: "openIdConnect", openIdConnectUrl: "https://id.example/.well-known/openid-configuration" },
        "api-key": { type: "apiKey", in: "header", name: "X-API-Key" },
        ApiKey: { type: "apiKey", in: "query", name: "api_key" },
        session: { type: "apiKey", in: "cookie", name: "sid" },
        mtls: { type: "mutualTLS" },
        shared: { $ref: "#/components/securitySchemes/basic" },
        broken: { type: "http", scheme: "bad`scheme" },
      },
    },
  };

  it("maps each scheme kind to one distinct auth field, in spec order", () => {
    expect(collectSecuritySchemes(document).map((s) => [s.schemeName, s.field, s.credential])).toEqual([
      ["bearerAuth", "bearerAuth", { kind: "bearer" }],
      ["basic", "basic", { kind: "basic" }],
      ["digest", "digest", { kind: "authorization", scheme: "Digest" }],
      ["oauth", "oauth", { kind: "bearer" }],
      ["oidc", "oidc", { kind: "bearer" }],
      ["api-key", "apiKey", { kind: "apiKey", in: "header", name: "X-API-Key" }],
      ["ApiKey", "apiKey2", { kind: "apiKey", in: "query", name: "api_key" }],
      ["session", "session", { kind: "apiKey", in: "cookie", name: "sid" }],
      ["shared", "shared", { kind: "basic" }],
    ]);
  });

  it("reads an oauth2 client credentials flow: its token URL and the scopes the security requirements name", () => {
    const spec = {
      security: [{ cc: ["charges:read"] }],
      paths: {
        "/charges": {
          post: { security: [{ cc: ["charges:write", "charges:read"] }, { other: ["x"] }] },
        },
      },
      components: {
        securitySchemes: {
          cc: {
            type: "oauth2",
            flows: {
              clientCredentials: {
                tokenUrl: "https://auth.example/oauth/token",
                scopes: { "charges:read": "", "charges:write": "", admin: "" },
              },
            },
          },
        },
      },
    };
    expect(collectSecuritySchemes(spec).map((s) => s.credential)).toEqual([
      {
        kind: "bearer",
        oauth2: { tokenUrl: "https://auth.example/oauth/token", scopes: ["charges:read", "charges:write"] },
      },
    ]);
  });
});
