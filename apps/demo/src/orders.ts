import pc from "picocolors";
import { formatTour } from "./internal/format-tour.js";
import { ledgerFigures, openSocketsAfterClose } from "./internal/ledger-figures.js";
import { describeFeed, feedDeviations, followPaymentFeed } from "./internal/payment-feed.js";
import { describeWalk, walkPayments } from "./internal/payments-walk.js";
import { startStack } from "./internal/start-stack.js";
import { runTour } from "./internal/tour.js";

// The main job: testkit downstreams, checkout-service, a few orders through it, what every downstream call did, and
// the payment events of one order relayed by checkout-service (healthy, then payments stalling), and
// checkout-service's walk over every charge of payments (paged list, OAuth token).
// Exit 0 when every invariant holds and nothing is left open; 1 otherwise.
/** The order whose payment events the main job follows (the tour's first, confirmed). */
const FEED_ORDER_ID = "ord-tour-1";
const stack = await startStack();
let failed = false;
try {
  console.log(
    pc.bold("Outbound main job: checkout-service calling payments, inventory and notifications (testkit servers)"),
  );
  console.log(
    pc.dim(
      `checkout-service ${stack.url} · payments ${stack.downstreams.payments.url} · inventory ${stack.downstreams.inventory.url} · notifications ${stack.downstreams.notifications.url}`,
    ),
  );
  const stops = await runTour(stack);
  for (const line of formatTour(stops)) console.log(line);
  const figures = ledgerFigures(stack);
  const feed = await followPaymentFeed(stack, FEED_ORDER_ID);
  console.log();
  console.log(
    pc.bold(`Payment events of ${FEED_ORDER_ID} (checkout-service relaying payments streamChargeEvents, SSE)`),
  );
  for (const line of describeFeed(feed)) console.log(`  ${line}`);
  const walk = await walkPayments(stack);
  console.log();
  console.log(pc.bold("Downstream ledgers"));
  console.log(
    `  payments       ${figures.charges} charges from ${figures.chargeRequests} charge requests, duplicate charges ${figures.duplicateCharges}`,
  );
  console.log(`  inventory      ${figures.reservations} reservations, ${figures.releases} released`);
  console.log(`  notifications  ${figures.messages} messages, sent twice for one order ${figures.duplicateMessages}`);
  console.log();
  console.log(
    pc.bold("checkout-service's reconciliation (payments listCharges, cursor pages; OAuth client credentials)"),
  );
  console.log(`  ${describeWalk(walk)}`);
  failed =
    figures.duplicateCharges !== 0 ||
    figures.duplicateMessages !== 0 ||
    walk.missedOrTwice !== 0 ||
    walk.reconciliation.duplicateCharges !== 0 ||
    feedDeviations(feed) !== 0;
} finally {
  await stack.close();
}
const sockets = await openSocketsAfterClose();
console.log(`  sockets left open ${sockets}`);
if (failed || sockets !== 0) {
  console.error(pc.red("main job: an invariant failed (see above)"));
  process.exitCode = 1;
}
