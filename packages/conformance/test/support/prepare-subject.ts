import type { OperationClass } from "@outbound/resilience";
import { startTestServer, type TestServer } from "@outbound/testkit";
import {
  type MissingChoice,
  OPERATION_CLASSES,
  type OperationChoice,
  pickOperation,
  warmUp,
} from "./pick-operations.js";
import { loadSubject, type Subject, type SubjectSource } from "./subjects.js";

/** One row group of the matrix: a subject's operation of one class, with a test server of its own. */
export interface Track {
  readonly subject: Subject;
  readonly choice: OperationChoice;
  /** Serves the subject's spec to this track alone, so tracks can run side by side. */
  readonly server: TestServer;
}

/** A subject with one track per class it has an operation of, and why the other classes have none. */
export interface PreparedSubject {
  readonly subject: Subject;
  readonly tracks: readonly Track[];
  readonly missing: readonly MissingChoice[];
  /** Operations per class in the generated table. */
  readonly classCounts: Readonly<Record<OperationClass, number>>;
}

function countClasses(subject: Subject): Record<OperationClass, number> {
  const metas = Object.values(subject.operations);
  return {
    idempotent: metas.filter((m) => m.class === "idempotent").length,
    keyed: metas.filter((m) => m.class === "keyed").length,
    unsafe: metas.filter((m) => m.class === "unsafe").length,
  };
}

/**
 * Loads (or generates) the subject's client, picks one operation per class by probing a testkit server built from
 * its spec, and gives every picked operation a server of its own (the probing one is reused for the first), warmed
 * up with one fault-free call so no timed scenario pays for the server's first-request work.
 */
export async function prepareSubject(source: SubjectSource, runDir: string): Promise<PreparedSubject> {
  const subject = await loadSubject(source, runDir);
  const probeServer = await startTestServer({ spec: subject.document });
  const choices: OperationChoice[] = [];
  const missing: MissingChoice[] = [];
  for (const operationClass of OPERATION_CLASSES) {
    const picked = await pickOperation(subject, probeServer, operationClass);
    if ("reason" in picked) missing.push(picked);
    else choices.push(picked);
  }
  if (choices.length === 0) await probeServer.close();
  const tracks: Track[] = [];
  for (const [index, choice] of choices.entries()) {
    const server = index === 0 ? probeServer : await startTestServer({ spec: subject.document });
    await warmUp(subject, server, choice);
    tracks.push({ subject, choice, server });
  }
  return { subject, tracks, missing, classCounts: countClasses(subject) };
}
