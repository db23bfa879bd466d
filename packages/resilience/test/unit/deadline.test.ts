/** The call's deadline without an AbortController: clock checks, caller signals, a timer only for waiters. */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { AttemptSignal, raceAbort } from "../../src/attempt-signal.js";
import { abortableSleep, DeadlineReason } from "../../src/policies/abort-source.js";
import { Deadline } from "../../src/policies/deadline.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Deadline", () => {
  it("aborts by the clock alone, with a DeadlineReason, once the time has run out", async () => {
    const deadline = new Deadline({ totalTimeoutMs: 30 });
    expect([deadline.aborted, deadline.reason]).toEqual([false, undefined]);
    await pause(40);
    expect(deadline.aborted).toBe(true);
    expect(deadline.reason).toEqual(new DeadlineReason(30));
    deadline.dispose();
  });

  it("caps the budget at an inbound deadline already past: aborted at once", () => {
    const now = Date.now();
    const deadline = new Deadline({ totalTimeoutMs: 1_000, inboundDeadlineAt: now - 5, now });
    expect([deadline.totalTimeoutMs, deadline.aborted, deadline.remainingMs(now)]).toEqual([-5, true, 0]);
  });

  it("takes the caller's reason (first abort wins), tells its listeners and removes its own listener", () => {
    const ctrl = new AbortController();
    const deadline = new Deadline({ totalTimeoutMs: 10_000, signal: ctrl.signal });
    const heard: unknown[] = [];
    deadline.onCallerAbort((reason) => heard.push(["caller", reason]));
    const unsubscribed = deadline.onCallerAbort((reason) => heard.push(["gone", reason]));
    unsubscribed();
    expect(getEventListeners(ctrl.signal, "abort").length).toBe(1);
    const reason = new Error("stop");
    ctrl.abort(reason);
    expect([deadline.aborted, deadline.reason, heard]).toEqual([true, reason, [["caller", reason]]]);
    expect(getEventListeners(ctrl.signal, "abort").length).toBe(0);
  });

  it("follows a signal already aborted at once, and no signal after dispose", () => {
    const ctrl = new AbortController();
    const late = new AbortController();
    const deadline = new Deadline({ totalTimeoutMs: 10_000 });
    deadline.dispose();
    deadline.follow(late.signal);
    expect(getEventListeners(late.signal, "abort").length).toBe(0);
    ctrl.abort("already");
    const other = new Deadline({ totalTimeoutMs: 10_000, signal: ctrl.signal });
    expect([other.aborted, other.reason]).toEqual([true, "already"]);
  });

  it("starts its timer only for a waiter (onAbort), which then hears the DeadlineReason on time", async () => {
    const deadline = new Deadline({ totalTimeoutMs: 60 });
    const started = performance.now();
    const error: unknown = await abortableSleep(5_000, deadline).catch((e: unknown) => e);
    expect(error).toEqual(new DeadlineReason(60));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("lets a sleep that ends first resolve and leaves no subscriber behind", async () => {
    const ctrl = new AbortController();
    const deadline = new Deadline({ totalTimeoutMs: 10_000, signal: ctrl.signal });
    await abortableSleep(5, deadline);
    const heard: unknown[] = [];
    deadline.onCallerAbort((reason) => heard.push(reason));
    ctrl.abort("after");
    expect(heard).toEqual(["after"]);
    deadline.dispose();
  });
});

describe("AttemptSignal", () => {
  it("emits `abort` once (undici's EventEmitter signal), mirrors a signal made before or after, and wins a race", async () => {
    const attempt = new AttemptSignal();
    const early = attempt.abortSignal;
    let events = 0;
    attempt.once("abort", () => {
      events += 1;
    });
    const never = new Promise<string>(() => undefined);
    const raced = raceAbort(never, attempt).catch((e: unknown) => e);
    attempt.abort("first");
    attempt.abort("second");
    expect([attempt.aborted, attempt.reason, events]).toEqual([true, "first", 1]);
    expect([early.aborted, early.reason, attempt.abortSignal.reason]).toEqual([true, "first", "first"]);
    expect(await raced).toBe("first");
    expect(await raceAbort(Promise.resolve("late"), attempt).catch((e: unknown) => e)).toBe("first");
  });

  it("settles a race like the promise while not aborted", async () => {
    const attempt = new AttemptSignal();
    expect(await raceAbort(Promise.resolve(42), attempt)).toBe(42);
    expect(await raceAbort(Promise.reject(new Error("net")), attempt).catch((e: unknown) => (e as Error).message)).toBe(
      "net",
    );
  });
});
