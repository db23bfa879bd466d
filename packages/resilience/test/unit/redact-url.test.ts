import { describe, expect, it } from "vitest";
import { redactUrl } from "../../src/internal/redact-url.js";

describe("redactUrl", () => {
  it("returns a URL without user info and query as it is", () => {
    expect(redactUrl(new URL("https://api.example.com/v1/charges/ch_1"), new Set())).toBe(
      "https://api.example.com/v1/charges/ch_1",
    );
  });

  it("removes user info even without a query", () => {
    expect(redactUrl(new URL("https://user:pw@api.example.com/v1/x#frag"), new Set())).toBe(
      "https://api.example.com/v1/x#frag",
    );
  });

  it("redacts the always-secret and the configured query parameters, case-insensitively", () => {
    const url = new URL("https://api.example.com/x?Token=t1&page=2&Session=s1&sig=abc");
    expect(redactUrl(url, new Set(["session"]))).toBe(
      "https://api.example.com/x?Token=REDACTED&page=2&Session=REDACTED&sig=REDACTED",
    );
  });

  it("gives the same answer on every attempt of the same URL, and honours another secret set for it", () => {
    const url = new URL("https://api.example.com/x?session=s1&page=2");
    const secrets = new Set(["session"]);
    expect(redactUrl(url, secrets)).toBe("https://api.example.com/x?session=REDACTED&page=2");
    expect(redactUrl(url, secrets)).toBe("https://api.example.com/x?session=REDACTED&page=2");
    expect(redactUrl(url, new Set(["page"]))).toBe("https://api.example.com/x?session=s1&page=REDACTED");
  });
});
