import pc from "picocolors";
import type { DownstreamCall } from "./downstream-calls.js";
import type { TourStop } from "./tour.js";

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** One line saying what checkout-service answered. */
export function describeAnswer(stop: TourStop): string {
  const { status, body, replayed } = stop.answer;
  if (status === 200 || status === 201) {
    const charge = body.charge as { id?: string } | undefined;
    const notification = body.notification as { status?: string; messageId?: string; code?: string } | undefined;
    const sent =
      notification?.status === "sent"
        ? `sent (${notification.messageId ?? "?"})`
        : `${notification?.status ?? "?"} (${notification?.code ?? "?"})`;
    return `${pc.green(String(status))} ${String(body.status)}${replayed ? " (replayed by checkout-service)" : ""}, charge ${charge?.id ?? "?"}, confirmation ${sent}`;
  }
  const extras = ["reservation", "paymentOutcome"]
    .filter((k) => body[k] !== undefined)
    .map((k) => `${k} ${String(body[k])}`);
  return `${pc.yellow(String(status))} ${String(body.title ?? "")}${extras.length === 0 ? "" : ` — ${extras.join(", ")}`}`;
}

const COLUMNS = [
  ["downstream", 14],
  ["operation", 19],
  ["attempts", 9],
  ["status per attempt", 30],
  ["idempotency key", 34],
] as const;

function callRow(call: DownstreamCall): string[] {
  const cells = [
    call.downstream,
    call.operationId,
    String(call.attempts),
    call.outcomes.join(" → ") || "—",
    call.idempotencyKey ?? "—",
  ];
  const line = COLUMNS.map(([, width], i) => pad(cells[i] ?? "", width))
    .join(" ")
    .trimEnd();
  const notes = [
    ...(call.outcomes.includes("401") ? ["401: a new token from the token endpoint, the call replayed once"] : []),
    ...call.waits.map((w) => `waited ${w}`),
    ...(call.gaveUp === undefined ? [] : [`gave up: ${call.gaveUp}`]),
  ];
  const eventful = call.attempts > 1 || call.replayed > 0 || call.outcomes.some((o) => !/^2\d\d$/.test(o));
  if (eventful)
    notes.push(`side effects: ${call.committed} committed${call.replayed > 0 ? `, ${call.replayed} replayed` : ""}`);
  return [`    ${line}`, ...notes.map((n) => `    ${" ".repeat(COLUMNS[0][1] + 1)}${pc.dim(`· ${n}`)}`)];
}

/** The tour as printed: per order, the answer, then one row per downstream call with its attempts and notes. */
export function formatTour(stops: readonly TourStop[]): string[] {
  const header = `    ${COLUMNS.map(([name, width]) => pad(name, width))
    .join(" ")
    .trimEnd()}`;
  const lines: string[] = [];
  for (const [index, stop] of stops.entries()) {
    lines.push(
      "",
      pc.bold(`Order ${index + 1}: ${stop.title}`),
      `  ${stop.order.orderId} · x-request-id ${stop.requestId} · ${Math.round(stop.answer.elapsedMs)} ms`,
    );
    lines.push(`  → ${describeAnswer(stop)}`);
    if (stop.calls.length === 0) {
      lines.push(pc.dim("    no downstream call"));
      continue;
    }
    lines.push(pc.dim(header), ...stop.calls.flatMap(callRow));
  }
  return lines;
}
