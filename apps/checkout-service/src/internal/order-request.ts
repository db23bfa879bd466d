import { z } from "zod";

/**
 * An order id as the caller chooses it: the key of the whole order. It is the source of the reservation id and of
 * the payment's Idempotency-Key, so it must be stable across the caller's retries of `POST /orders`.
 */
const orderIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "letters, digits, '_' and '-', 1 to 64 characters, starting alphanumeric");

const itemSchema = z.strictObject({
  /** The warehouse's SKU format (inventory's `ReservationItem.sku`), checked here so a typo is a 400, not a 502. */
  sku: z.string().regex(/^SKU-[0-9]{4,8}$/, "SKU-#### (4 to 8 digits), e.g. SKU-1001"),
  quantity: z.int().min(1).max(1000),
});

const customerSchema = z
  .strictObject({
    /** The customer's id at the payment provider (the payment method belongs to it). */
    id: z.string().min(1).max(200),
    name: z.string().min(1).max(200).optional(),
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+[1-9][0-9]{6,14}$/, "E.164, e.g. +14155550100")
      .optional(),
  })
  .refine((customer) => customer.email !== undefined || customer.phone !== undefined, {
    message: "give an email or a phone number, so the confirmation can be delivered",
  });

/** The body of `POST /orders`, validated. Unknown fields are refused so a typo never passes silently. */
export const orderRequestSchema = z.strictObject({
  orderId: orderIdSchema,
  items: z.array(itemSchema).min(1).max(100),
  /** Amount in the currency's minor unit (cents for USD), as payment APIs take it. */
  amount: z.int().min(1).max(100_000_000),
  /** ISO 4217 alphabetic code. */
  currency: z.string().regex(/^[A-Z]{3}$/, "ISO 4217 code in upper case, e.g. EUR"),
  /** A payment method token from the payment provider's client-side SDK, e.g. `pm_card_visa`. */
  paymentMethod: z.string().min(1).max(200),
  customer: customerSchema,
});

/** A valid `POST /orders` body. */
export type OrderRequest = z.infer<typeof orderRequestSchema>;

/** One reason a body was refused: the JSON pointer of the field and what is wrong with it. */
export interface InvalidField {
  /** JSON pointer into the request body (RFC 6901), e.g. `/items/0/quantity`. */
  readonly pointer: string;
  readonly message: string;
}

/** The outcome of {@link parseOrderRequest}. */
export type ParsedOrderRequest =
  | { readonly ok: true; readonly order: OrderRequest }
  | { readonly ok: false; readonly errors: readonly InvalidField[] };

/** Validates a parsed JSON body; never throws. Each error names the field by JSON pointer. */
export function parseOrderRequest(body: unknown): ParsedOrderRequest {
  const result = orderRequestSchema.safeParse(body);
  if (result.success) return { ok: true, order: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      pointer: issue.path.map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`).join(""),
      message: issue.message,
    })),
  };
}

/**
 * A stable fingerprint of an order's content, so a repeated order id with a different body can be told apart
 * from a genuine retry (IETF draft-ietf-httpapi-idempotency-key-header §2.2: same key, different payload → 422).
 */
export function orderFingerprint(order: OrderRequest): string {
  const items = [...order.items].sort((a, b) => a.sku.localeCompare(b.sku));
  return JSON.stringify([order.orderId, items, order.amount, order.currency, order.paymentMethod, order.customer]);
}
