/** The payments downstream's client; everything here is generated from specs/payments/ (see src/generated/). */
import * as enums from "./generated/enums.gen.js";

export {
  createPaymentsClient,
  type PaymentsAuth,
  type PaymentsClient,
  type PaymentsClientOptions,
} from "./generated/client.gen.js";
export { operations } from "./generated/operations.gen.js";
export type { components, paths } from "./generated/schema.gen.js";
/** The spec's enums as frozen const objects (`enums.ChargeStatus.succeeded`). */
export { enums };
