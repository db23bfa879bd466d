import { createCheckoutService } from "./checkout-service.js";
import { CheckoutConfigError } from "./config.js";
import { checkoutConfigFromEnv } from "./config-from-env.js";

// Runs checkout-service as a process: config from the environment (see CHECKOUT_ENV), stops on SIGINT/SIGTERM.
try {
  const service = createCheckoutService(checkoutConfigFromEnv());
  const address = await service.listen();
  console.log(`checkout-service listening on ${address.url}`);
  const stop = (signal: string) => {
    console.log(`checkout-service: ${signal}, draining`);
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("checkout-service: close failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (!(error instanceof CheckoutConfigError)) throw error;
  console.error(`checkout-service: invalid configuration: ${error.message}`);
  process.exit(1);
}
