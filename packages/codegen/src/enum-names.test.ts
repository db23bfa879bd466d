import { describe, expect, it } from "vitest";
import { enumNames } from "./enum-names.js";

describe("enumNames: named schemas keep their names, independent of document order", () => {
  const inline = { schemaName: "Order", property: "status" };
  const named = { schemaName: "OrderStatus" };
  it("an inline enum never takes a named enum schema's name, in either order", () => {
    expect(enumNames([inline, named], ["Order", "OrderStatus"], [])).toEqual(["OrderStatus_2", "OrderStatus"]);
    expect(enumNames([named, inline], ["OrderStatus", "Order"], [])).toEqual(["OrderStatus", "OrderStatus_2"]);
  });
  it("nor a named object schema's name, nor a reserved global", () => {
    expect(
      enumNames(
        [
          { schemaName: "Job", property: "state" },
          { schemaName: "Obj", property: "ect" },
        ],
        ["Job", "JobState"],
        ["ObjEct"],
      ),
    ).toEqual(["JobState_2", "ObjEct_2"]);
  });
  it("inline enums wanting one name are numbered by owner and property, not by position", () => {
    const a = { schemaName: "A", property: "bC" };
    const b = { schemaName: "AB", property: "c" };
    expect(enumNames([a, b], ["A", "AB"], [])).toEqual(["ABC", "ABC_2"]);
    expect(enumNames([b, a], ["AB", "A"], [])).toEqual(["ABC_2", "ABC"]);
  });
  it("named schemas giving one identifier are told apart by schema name", () => {
    expect(enumNames([{ schemaName: "order_status" }, { schemaName: "OrderStatus" }], [], [])).toEqual([
      "OrderStatus_2",
      "OrderStatus",
    ]);
  });
});
