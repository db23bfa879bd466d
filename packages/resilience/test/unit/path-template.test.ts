import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compilePathTemplate,
  fitsTemplate,
  PathParamRejection,
  serializePath,
} from "../../src/internal/path-template.js";

const serialize = (template: string, params: Record<string, unknown>, prefix?: string) =>
  serializePath(compilePathTemplate(template), params, prefix);

describe("serializePath (openapi-fetch's styles, with refusals)", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["http://h/v1/items/{id}", { id: "a/b" }, "http://h/v1/items/a%2Fb"],
    ["/items/{id}", { id: [1, 2] }, "/items/1,2"],
    ["/items/{id*}", { id: { a: 1, b: 2 } }, "/items/a=1,b=2"],
    ["/items/{id}", { id: { a: 1, b: 2 } }, "/items/a,1,b,2"],
    ["/items/{.id}", { id: "x" }, "/items/.x"],
    ["/items/{.id*}", { id: ["x", "y"] }, "/items/.x.y"],
    ["/items/{;id}", { id: 5 }, "/items/;id=5"],
    ["/items/{;id*}", { id: [1, 2] }, "/items/;id=1;id=2"],
    ["/items/{id}/{id}", { id: "$&" }, "/items/%24%26/%24%26"],
    ["/a/{x}{y}", { x: ".", y: "a" }, ""],
    // The safety net runs only when a value is all dots or the template's own text has a dot segment.
    ["/a/{x}", { x: "..." }, "/a/..."],
    ["/a/{x}.", { x: "." }, ""],
    ["/a/.{x}", { x: "." }, ""],
    ["/a/%2E/{x}", { x: "b" }, ""],
    ["/a/./{x}?q=..", { x: "b" }, ""],
    ["/a/{x}?q=/..", { x: "b" }, "/a/b?q=/.."],
    ["http://h/../x/{x}", { x: "b" }, ""],
  ])("%s with %j → %s", (template, params, expected) => {
    if (expected === "") expect(() => serialize(template, params)).toThrow(PathParamRejection);
    else expect(serialize(template, params)).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["/items/{id}", { id: ".." }, "id"],
    ["/items/{id}", { id: "" }, "id"],
    ["/items/{id}", {}, "id"],
    ["/items/{id}", { id: null }, "id"],
    ["/items/{id}", { id: [] }, "id"],
    ["/items/{id}", { id: {} }, "id"],
    ["/items/{id}", { id: ["a", ""] }, "id"],
    ["/items/{.id}", { id: "." }, "id"],
    ["/items/.{id}", { id: "" }, "id"],
  ])("refuses %s with %j, naming %s", (template, params, parameter) => {
    const error: unknown = (() => {
      try {
        serialize(template, params);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error instanceof PathParamRejection && error.parameter).toBe(parameter);
  });
});

describe("serializePath on a template compiled once, after the base URL", () => {
  it("fills each call's own values and still refuses a dot segment", () => {
    const template = compilePathTemplate("/{owner}/{.ext*}/items/{id}");
    const base = "https://api.example.com/v1";
    expect(serializePath(template, { owner: "a b", ext: ["x", "y"], id: 1 }, base)).toBe(
      "https://api.example.com/v1/a%20b/.x.y/items/1",
    );
    expect(serializePath(template, { owner: "c/d", ext: ["z"], id: "2" }, base)).toBe(
      "https://api.example.com/v1/c%2Fd/.z/items/2",
    );
    expect(() => serializePath(template, { owner: "..", ext: ["z"], id: 3 }, base)).toThrow(PathParamRejection);
  });
});

describe("fitsTemplate", () => {
  it.each([
    ["/charges/{id}", "https://api.test/charges/ch_1", true],
    ["/charges/{id}", "https://api.test/v1/charges/ch_1", true],
    ["/charges/{id}/refunds", "https://api.test/charges/ch%2F1/refunds", true],
    ["/charges/{id}", "https://api.test/charges/", false],
    ["/charges/{id}/refunds", "https://api.test/refunds", false],
    ["/files/{name}.json", "https://api.test/files/a.json", true],
    ["/files/{name}.json", "https://api.test/files/.json", false],
    ["/", "https://api.test/", true],
    ["/charges/", "https://api.test/v1/charges/", true],
    ["/charges/", "https://api.test/charges", false],
    ["/{id}", "https://api.test//", false],
    ["/a/{id}", "https://api.test/{id}", false],
  ])("%s fits %s: %s", (template, url, expected) => {
    expect(fitsTemplate(compilePathTemplate(template), new URL(url))).toBe(expected);
  });

  it("answers as matching the template against the path split at every slash would", () => {
    const segment = fc.constantFrom("", "a", "b", "x.json", "%2F", "%41", ".json");
    const path = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join("/")}`);
    const template = fc
      .array(fc.constantFrom("", "a", "b", "{id}", "{name}.json"), { minLength: 1, maxLength: 4 })
      .map((parts) => `/${parts.join("/")}`);
    fc.assert(
      fc.property(template, path, (t, p) => {
        const compiled = compilePathTemplate(t);
        expect(fitsTemplate(compiled, new URL(`https://api.test${p}`))).toBe(fitsBySplitting(t, p));
      }),
    );
  });
});

/** The reference rule: the path's last segments, split at every slash, equal the template's (a parameter: non-empty). */
function fitsBySplitting(template: string, path: string): boolean {
  const split = (text: string) => text.slice(1).split("/");
  const wanted = split(template);
  const actual = split(path).map((part) => decodeURIComponent(part));
  const offset = actual.length - wanted.length;
  if (offset < 0) return false;
  return wanted.every((part, index) => {
    const value = actual[offset + index] ?? "";
    if (!part.includes("{")) return part === value;
    const suffix = part.slice(part.indexOf("}") + 1);
    return value.endsWith(suffix) && value.length > suffix.length;
  });
}
