import { describe, expect, it } from "vitest";
import { dedupeNames } from "./internal/identifiers.js";
import { methodNameCandidate, nameOperations } from "./name-operations.js";

describe("methodNameCandidate", () => {
  const cases: [string | undefined, string, string, string][] = [
    ["createCharge", "POST", "/charges", "createCharge"],
    ["GetItems", "GET", "/items", "getItems"],
    ["HTTP", "GET", "/", "http"],
    ["items.list", "GET", "/items", "itemsList"],
    ["repos/get-content", "GET", "/repos", "reposGetContent"],
    ["post_oauth2_token#refresh", "POST", "/oauth2/token", "postOauth2TokenRefresh"],
    ["secondary-dns-(-primary-zone)-create-config", "POST", "/z", "secondaryDnsPrimaryZoneCreateConfig"],
    ["2fa-status", "GET", "/x", "_2faStatus"],
    ["delete", "DELETE", "/x", "delete_"],
    ["default", "POST", "/x", "default_"],
    ["constructor", "GET", "/x", "constructor_"],
    ["__proto__", "GET", "/x", "proto"],
    ["then", "GET", "/x", "then_"],
    ["raw", "GET", "/x", "raw_"],
    ["downstream", "GET", "/x", "downstream_"],
    ["日本語", "GET", "/users/{userId}/posts", "日本語"],
    ["получитьПользователя", "GET", "/u", "получитьПользователя"],
    ["Получить-пользователя", "GET", "/u", "получитьПользователя"],
    ["café_ñandú", "GET", "/x", "caféÑandú"],
    ["λ🚀", "GET", "/x", "λ"],
    ["🚀", "GET", "/用户/{ид}", "get用户ByИд"],
    ["١٢٣-arabic-digits", "GET", "/x", "_١٢٣ArabicDigits"],
    [undefined, "GET", "/api/v1/status", "getApiV1Status"],
    [undefined, "DELETE", "/user/{userId}", "deleteUserByUserId"],
    [undefined, "GET", "/", "get"],
  ];
  it.each(cases)("%s (%s %s) → %s", (operationId, method, path, expected) => {
    expect(methodNameCandidate({ operationId, method, path })).toBe(expected);
  });
});

describe("nameOperations", () => {
  it("keeps the first of a clash and numbers the next in document order, skipping taken names", () => {
    expect(
      nameOperations([
        { operationId: "get_item", method: "POST", path: "/a" },
        { operationId: "get-item", method: "POST", path: "/b" },
        { operationId: "getItem2", method: "GET", path: "/c" },
        { operationId: "GET item", method: "GET", path: "/d" },
      ]),
    ).toEqual(["getItem", "getItem3", "getItem2", "getItem4"]);
  });

  it("dedupeNames with a separator, and names taken in advance", () => {
    expect(dedupeNames(["a_b", "a_b", "raw"], ["raw"], "_")).toEqual(["a_b", "a_b_2", "raw_2"]);
  });
});
