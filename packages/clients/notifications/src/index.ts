/** The notifications downstream's client; everything here is generated from specs/notifications/ (see src/generated/). */
import * as enums from "./generated/enums.gen.js";

export {
  createNotificationsClient,
  type NotificationsAuth,
  type NotificationsClient,
  type NotificationsClientOptions,
} from "./generated/client.gen.js";
export { operations } from "./generated/operations.gen.js";
export type { components, paths } from "./generated/schema.gen.js";
/** The spec's enums as frozen const objects (`enums.ChargeStatus.succeeded`). */
export { enums };
