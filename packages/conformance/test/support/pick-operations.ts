import { getEventListeners } from "node:events";
import { createTransport, type OperationClass, type OperationMeta } from "@outbound/resilience";
import type { Fault, TestServer } from "@outbound/testkit";
import { isObject } from "./json-ref.js";
import { type CallInit, jsonSuccessStatuses, operationInputs, successBody } from "./operation-inputs.js";
import { runSeeds, type SeedStep, seedPlan, withSeeds } from "./seed-resources.js";
import type { ClientMethod, Subject } from "./subjects.js";

/** The classes of RFC 9110 §9.2.2 plus keyed, in the order the matrix lists them. */
export const OPERATION_CLASSES: readonly OperationClass[] = ["idempotent", "keyed", "unsafe"];

/** Methods whose success is no side effect (RFC 9110 §9.2.1); the testkit ledger never records them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** Candidates tried per class before giving up; they are ranked simplest first. */
const MAX_PROBES = 15;

/** The operation chosen for one class of one subject, with its inputs and how a successful request is answered. */
export interface OperationChoice {
  readonly operationClass: OperationClass;
  /** Client method name (key of the operations table). */
  readonly methodName: string;
  readonly meta: OperationMeta;
  /** `METHOD /template`: the testkit route. */
  readonly route: string;
  readonly init: CallInit;
  /** Resources to create before each call (their ids fill `init`'s path parameters). */
  readonly seeds: readonly SeedStep[];
  /** The step that answers a request once the faults are over. */
  readonly success: Fault;
  /** Its status. */
  readonly successStatus: number;
  /**
   * True when success is the server's own answer (`pass`: state, Idempotency-Key record, ledger); false when the
   * operation needs state the spec alone cannot set up (e.g. a GET of a stored resource), so success is the
   * spec's documented answer (`respond`), which commits nothing.
   */
  readonly successCommits: boolean;
}

/** Why a class of a subject has no operation in the matrix. */
export interface MissingChoice {
  readonly operationClass: OperationClass;
  readonly reason: string;
}

interface ProbeResult {
  readonly status: number;
  readonly valid: boolean;
  readonly passes: boolean;
}

interface Candidate {
  readonly methodName: string;
  readonly meta: OperationMeta;
  readonly init: CallInit;
  readonly seeds: readonly SeedStep[];
}

/** Calls the operation once against the fault-free server and judges whether it can anchor the matrix. */
async function probe(subject: Subject, server: TestServer, candidate: Candidate): Promise<ProbeResult> {
  const { methodName, meta } = candidate;
  const route = `${meta.method} ${meta.path}`;
  server.reset();
  const transport = createTransport();
  const controller = new AbortController();
  try {
    const init = withSeeds(candidate.init, await runSeeds(subject, server, candidate.seeds));
    const client = subject.createClient({ baseUrl: server.url, transport });
    const method = client[methodName] as ClientMethod;
    const result = (await method(init, { signal: controller.signal, totalTimeoutMs: 3_000 })) as {
      data: unknown;
      response: Response;
    };
    const requests = server.requestsFor(route);
    const status = result.response.status;
    const valid = requests.length === 1 && requests[0]?.validationErrors.length === 0;
    const committedOnce = SAFE_METHODS.has(meta.method) || server.ledger.count(route) === 1;
    const clean = getEventListeners(controller.signal, "abort").length === 0;
    const passes = valid && clean && status >= 200 && status < 300 && isObject(result.data) && committedOnce;
    return { status, valid, passes } satisfies ProbeResult;
  } catch {
    return { status: 0, valid: false, passes: false } satisfies ProbeResult;
  } finally {
    await transport.close();
    server.reset();
  }
}

function choice(operationClass: OperationClass, candidate: Candidate, success: Fault, status: number): OperationChoice {
  const { methodName, meta, init, seeds } = candidate;
  const route = `${meta.method} ${meta.path}`;
  const successCommits = success.kind === "pass";
  return { operationClass, methodName, meta, route, init, seeds, success, successStatus: status, successCommits };
}

/**
 * Calls a chosen operation once on a fresh server of its own, fault-free, so the server's lazy work for the route
 * (schema compilation) is done before any timed scenario. @throws Error when it is not answered as the probe was.
 */
export async function warmUp(subject: Subject, server: TestServer, chosen: OperationChoice): Promise<void> {
  const result = await probe(subject, server, chosen);
  const same = chosen.successCommits ? result.passes && result.status === chosen.successStatus : result.valid;
  if (!same) throw new Error(`${subject.label} ${chosen.route}: the warm-up call answered ${result.status}`);
}

/** Probes a candidate as it is, then (when it answered 404 for lack of state) with the resources its path names. */
async function probeWithSeeds(subject: Subject, server: TestServer, candidate: Candidate) {
  const plain = await probe(subject, server, candidate);
  if (plain.passes || plain.status !== 404) return { candidate, result: plain };
  const seeds = seedPlan(subject, candidate.meta);
  if (seeds.length === 0) return { candidate, result: plain };
  const seeded = { ...candidate, seeds };
  const result = await probe(subject, server, seeded);
  return result.passes ? { candidate: seeded, result } : { candidate, result: plain };
}

/**
 * Picks one operation of `operationClass` from the subject's generated operations table: candidates whose inputs
 * can be built from the spec, simplest first (fewest required inputs, a JSON success body), each probed once
 * against the fault-free server. The first one the server answers with a 2xx JSON body (and, for an unsafe
 * method, one ledger entry) wins. An idempotent operation that needs state (404 without it) falls back to the
 * spec's documented success answer; keyed and unsafe ones must really commit, or the class is reported missing.
 */
export async function pickOperation(
  subject: Subject,
  server: TestServer,
  operationClass: OperationClass,
): Promise<OperationChoice | MissingChoice> {
  const candidates = Object.entries(subject.operations)
    .filter(([, meta]) => meta.class === operationClass)
    .flatMap(([methodName, meta]) => {
      const inputs = operationInputs(subject.document, meta);
      const statuses = jsonSuccessStatuses(subject.document, meta);
      if (inputs === undefined || statuses.length === 0) return [];
      return [{ methodName, meta, init: inputs.init, seeds: [], cost: inputs.cost, statuses }];
    })
    .sort((a, b) => a.cost - b.cost);
  const total = Object.values(subject.operations).filter((m) => m.class === operationClass).length;
  if (total === 0) return { operationClass, reason: `no ${operationClass} operation in the spec` };
  let fallback: OperationChoice | undefined;
  for (const ranked of candidates.slice(0, MAX_PROBES)) {
    const { candidate, result } = await probeWithSeeds(subject, server, ranked);
    if (result.passes) return choice(operationClass, candidate, { kind: "pass" }, result.status);
    const status = ranked.statuses[0] ?? 200;
    const body = successBody(subject.document, ranked.meta, status);
    if (fallback === undefined && result.valid && operationClass === "idempotent" && body !== undefined) {
      fallback = choice(operationClass, candidate, { kind: "respond", status, body }, status);
    }
  }
  return (
    fallback ?? {
      operationClass,
      reason: `none of the ${Math.min(candidates.length, MAX_PROBES)} simplest of ${total} ${operationClass} operations could be called with inputs from the spec alone and answered 2xx with a side effect`,
    }
  );
}
