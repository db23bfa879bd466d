/** Form bodies by `encoding` entry (OpenAPI 3.1 §4.8.15), as table tests of the exact text sent. */
import { describe, expect, it } from "vitest";
import { BodyRejection } from "../../src/body/body-rejection.js";
import { encodeForm } from "../../src/body/encode-form.js";
import type { PropertyEncoding } from "../../src/operation.js";

const deep: PropertyEncoding = { style: "deepObject", explode: true };
const reserved: PropertyEncoding = { style: "form", explode: true, allowReserved: true };

describe("encodeForm", () => {
  it.each<[string, Record<string, unknown>, Record<string, PropertyEncoding> | undefined, string]>([
    ["a scalar", { a: "x y" }, undefined, "a=x%20y"],
    ["reserved characters", { q: "a&b=c/d?e#f+g" }, undefined, "q=a%26b%3Dc%2Fd%3Fe%23f%2Bg"],
    ["numbers and booleans", { n: 1.5, t: true, f: false }, undefined, "n=1.5&t=true&f=false"],
    ["an empty string", { description: "" }, undefined, "description="],
    ["null and undefined left out", { a: null, b: undefined, c: "1" }, undefined, "c=1"],
    ["an array, no entry: repeated keys", { tag: ["a", "b"] }, undefined, "tag=a&tag=b"],
    ["an empty array: nothing", { tag: [] }, undefined, ""],
    ["an object, no entry: brackets", { m: { k: "v" } }, undefined, "m[k]=v"],
    ["deepObject at depth 3", { s: { a: { b: { c: "d" } } } }, { s: deep }, "s[a][b][c]=d"],
    ["deepObject array: indices", { expand: ["a", "b"] }, { expand: deep }, "expand[0]=a&expand[1]=b"],
    [
      "deepObject array of objects",
      { items: [{ price: "p", qty: 2 }] },
      { items: deep },
      "items[0][price]=p&items[0][qty]=2",
    ],
    ["deepObject null member left out", { m: { a: null, b: "" } }, { m: deep }, "m[b]="],
    ["deepObject key escaped", { m: { "a&b": "c=d" } }, { m: deep }, "m[a%26b]=c%3Dd"],
    ["form, explode false: comma", { t: ["a", "b c"] }, { t: { style: "form", explode: false } }, "t=a,b%20c"],
    ["form object, explode", { p: { x: 1, y: 2 } }, { p: { style: "form", explode: true } }, "x=1&y=2"],
    ["form object, no explode", { p: { x: 1, y: 2 } }, { p: { style: "form", explode: false } }, "p=x,1,y,2"],
    ["spaceDelimited", { t: ["a", "b"] }, { t: { style: "spaceDelimited", explode: false } }, "t=a%20b"],
    ["pipeDelimited", { t: ["a", "b"] }, { t: { style: "pipeDelimited", explode: false } }, "t=a|b"],
    ["JSON contentType", { f: { a: [1] } }, { f: { contentType: "application/json" } }, "f=%7B%22a%22%3A%5B1%5D%7D"],
    ["a Date", { at: new Date(0) }, undefined, "at=1970-01-01T00%3A00%3A00.000Z"],
    ["allowReserved: reserved sent as they are", { u: "a/b:c?d@e!$'()*,;" }, { u: reserved }, "u=a/b:c?d@e!$'()*,;"],
    ["allowReserved: []#&=+ still encoded", { u: "x+y&z=1#[0]" }, { u: reserved }, "u=x%2By%26z%3D1%23%5B0%5D"],
    ["allowReserved: triples kept, lone % encoded", { u: "50% %2F é" }, { u: reserved }, "u=50%25%20%2F%20%C3%A9"],
    ["allowReserved: names still encoded", { "a/b": "c/d" }, { "a/b": reserved }, "a%2Fb=c/d"],
    ["allowReserved, explode false", { t: ["a/b", "c:d"] }, { t: { ...reserved, explode: false } }, "t=a/b,c:d"],
    ["allowReserved, deepObject", { m: { u: "a/b&c" } }, { m: { ...deep, allowReserved: true } }, "m[u]=a/b%26c"],
    [
      "allowReserved makes a JSON contentType ignored",
      { u: "a/b" },
      { u: { ...reserved, contentType: "application/json" } },
      "u=a/b",
    ],
  ])("%s", (_name, body, encoding, expected) => {
    expect(encodeForm(body, encoding)).toBe(expected);
  });

  it.each<[string, unknown, string]>([
    ["a string body", "a=b", ""],
    ["an array body", [1], ""],
    ["a Map deep inside", { m: { a: [{ b: new Map() }] } }, "/m/a/0/b"],
    ["bytes in a field", { f: new Uint8Array(1) }, "/f"],
    ["a function", { f: () => 1 }, "/f"],
    ["a class instance", { u: new URL("http://x.test") }, "/u"],
    ["a key with a slash", { "a/b": { c: new Set() } }, "/a~1b/c"],
  ])("refuses %s, naming the JSON pointer", (_name, body, pointer) => {
    let caught: unknown;
    try {
      encodeForm(body, undefined);
    } catch (error) {
      caught = error;
    }
    expect(caught instanceof BodyRejection ? caught.pointer : caught).toBe(pointer);
  });
});
