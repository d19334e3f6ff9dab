/**
 * One id per HTTP request (platform/request-context.ts): the client's `X-Request-Id` when
 * well-formed (a gateway's or a partner's own id), otherwise a new one; answered in the
 * response's `X-Request-Id` and current for all the request's work, so its log lines and
 * the NATS messages it publishes carry it.
 */
import type { RequestHandler } from "express";
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from "../../platform/request-context.ts";

/** Assign the request its id and run the rest of the chain under it. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const requestId = requestIdFrom(req.get(REQUEST_ID_HEADER));
  res.locals.requestId = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  withRequestId(requestId, next);
};

/**
 * Enter the request's id again. A middleware that reads the body calls `next` from a
 * stream event, which runs in the connection's async context rather than the request's;
 * mounted after such a middleware, this puts the id back for what follows.
 */
export const reenterRequestId: RequestHandler = (_req, res, next) => {
  withRequestId(typeof res.locals.requestId === "string" ? res.locals.requestId : undefined, next);
};
