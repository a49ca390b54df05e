// The request a piece of code is running for, without passing it down: the HTTP server enters a context per
// request, and the logger's mixin reads it, so a line logged deep in dispatch, the core or a Slack/Teams
// listener carries the request's id. Work a request starts in the background (Teams answers first and works
// after) keeps the id, because AsyncLocalStorage follows promises and timers.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  reqId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<R>(context: RequestContext, fn: () => R): R {
  return storage.run(context, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.reqId;
}

/** A caller's id is kept when it looks like one (a uuid, a proxy's hex id); anything else could forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}
