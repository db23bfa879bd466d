/**
 * The source of the small Stripe consumer the type-check bench compiles: a service module that creates the
 * generated Stripe client and makes four typed calls (a list with query parameters, a read by path parameter,
 * a form-encoded POST, an error switch). `clientImport` is the module specifier of the generated client.gen.js.
 */
export function stripeConsumerSource(clientImport: string): string {
  return `import { isOutboundError } from "@outbound/resilience";
import { createStripeClient } from "${clientImport}";

const stripe = createStripeClient({ baseUrl: "https://api.stripe.com", auth: { bearerAuth: "sk_test_x" }, totalTimeoutMs: 5_000 });

export async function recentCustomerEmails(limit: number): Promise<string[]> {
  const { data, error } = await stripe.getCustomers({ params: { query: { limit } } });
  if (error !== undefined) throw new Error(error.error.message ?? "stripe error");
  return data.data.map((customer) => customer.email ?? "");
}

export async function customerName(id: string): Promise<string | undefined> {
  const { data } = await stripe.getCustomersCustomer({ params: { path: { customer: id } } });
  if (data === undefined || "deleted" in data) return undefined;
  return data.name ?? undefined;
}

export async function charge(amount: number, customer: string): Promise<string> {
  try {
    const { data, error } = await stripe.postCharges({ body: { amount, currency: "eur", customer } });
    if (error !== undefined) return \`declined: \${error.error.code ?? "unknown"}\`;
    return data.id;
  } catch (failure) {
    if (isOutboundError(failure)) return \`not sent: \${failure.code}\`;
    throw failure;
  }
}
`;
}

/**
 * The same service module written against bare openapi-fetch and openapi-typescript's Stripe types (no Outbound):
 * the baseline of the type-check figure. `schemaImport` is the module specifier of the generated schema.
 */
export function openapiFetchConsumerSource(schemaImport: string): string {
  return `import createClient from "openapi-fetch";
import type { paths } from "${schemaImport}";

const stripe = createClient<paths>({ baseUrl: "https://api.stripe.com", headers: { authorization: "Bearer sk_test_x" } });

export async function recentCustomerEmails(limit: number): Promise<string[]> {
  const { data, error } = await stripe.GET("/v1/customers", { params: { query: { limit } } });
  if (error !== undefined) throw new Error(error.error.message ?? "stripe error");
  return data.data.map((customer) => customer.email ?? "");
}

export async function customerName(id: string): Promise<string | undefined> {
  const { data } = await stripe.GET("/v1/customers/{customer}", { params: { path: { customer: id } } });
  if (data === undefined || "deleted" in data) return undefined;
  return data.name ?? undefined;
}

export async function charge(amount: number, customer: string): Promise<string> {
  const { data, error } = await stripe.POST("/v1/charges", { body: { amount, currency: "eur", customer } });
  if (error !== undefined) return \`declined: \${error.error.code ?? "unknown"}\`;
  return data.id;
}
`;
}
