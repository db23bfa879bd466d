import { createTransport, type OperationMeta } from "@outbound/resilience";
import type { TestServer } from "@outbound/testkit";
import { type CallInit, operationInputs } from "./operation-inputs.js";
import type { ClientMethod, Subject } from "./subjects.js";

/** One resource to create before a call: the operation that creates it, and the path parameter its id fills. */
export interface SeedStep {
  readonly methodName: string;
  readonly meta: OperationMeta;
  readonly init: CallInit;
  /** Path parameter of the called operation (and of later seed steps) that takes the created resource's id. */
  readonly param: string;
}

/**
 * The resources an operation's path names, each with the POST on its collection that creates it
 * (`GET /charges/{chargeId}` → `POST /charges` fills `chargeId`). Empty when the path names none that can be
 * created from the spec alone.
 */
export function seedPlan(subject: Subject, meta: OperationMeta): SeedStep[] {
  const segments = meta.path.split("/");
  const steps: SeedStep[] = [];
  segments.forEach((segment, index) => {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (param === undefined) return;
    const collection = segments.slice(0, index).join("/");
    const creator = Object.entries(subject.operations).find(([, m]) => m.method === "POST" && m.path === collection);
    const inputs = creator === undefined ? undefined : operationInputs(subject.document, creator[1]);
    if (creator === undefined || inputs === undefined) return;
    steps.push({ methodName: creator[0], meta: creator[1], init: inputs.init, param });
  });
  return steps;
}

/** `init` with the seeded ids in its path parameters. */
export function withSeeds(init: CallInit, seeded: Readonly<Record<string, string>>): CallInit {
  const path = { ...init.params.path };
  for (const [name, id] of Object.entries(seeded)) if (name in path) path[name] = id;
  return { ...structuredClone(init), params: { ...structuredClone(init.params), path } };
}

/**
 * Creates the seed resources on the fault-free server through a client of its own (own transport, closed before
 * returning), and returns the ids by path parameter. The id is the last segment of the ledger entry's resource path.
 * @throws Error when a create does not answer 2xx with a ledger entry.
 */
export async function runSeeds(
  subject: Subject,
  server: TestServer,
  steps: readonly SeedStep[],
): Promise<Record<string, string>> {
  const seeded: Record<string, string> = {};
  if (steps.length === 0) return seeded;
  const transport = createTransport();
  try {
    const client = subject.createClient({ baseUrl: server.url, transport });
    for (const step of steps) {
      const before = server.ledger.entries.length;
      const create = client[step.methodName] as ClientMethod;
      const result = (await create(withSeeds(step.init, seeded), {})) as { response: Response };
      const entry = server.ledger.entries[before];
      const id = entry?.resourcePath?.split("/").at(-1);
      if (!result.response.ok || id === undefined) {
        throw new Error(`seeding ${step.meta.operationId} answered ${result.response.status} without a resource`);
      }
      seeded[step.param] = decodeURIComponent(id);
    }
    return seeded;
  } finally {
    await transport.close();
  }
}
