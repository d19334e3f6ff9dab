/**
 * Errors leave the API as RFC 9457 `application/problem+json`, rendered from the one
 * catalogue in domain/errors.ts. Body-parser failures become named 4xx; anything unknown
 * is a 500 whose details stay in the log.
 */
import type { Duplex } from "node:stream";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { isRetriable, serviceOf, type ServiceName } from "../platform/infra-errors.ts";
import type { Logger } from "pino";
import { errors, isTurashError, PROBLEM_CONTENT_TYPE, toProblem, type Problem, type TurashError } from "../domain/errors.ts";

/** Send a problem document. */
export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** 404 for any path no route claimed. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, toProblem(errors.noRoute(req.method, req.path), req.originalUrl));
};

/** Translate body-parser's errors (they carry `type` and `status`) into catalogue errors. */
function fromBodyParser(error: { type?: string; status?: number; limit?: number; message?: string }): TurashError | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return errors.badRequest(`The body is not valid JSON: ${error.message ?? ""}`.trim(), { field: "body" });
    case "entity.too.large":
      return errors.payloadTooLarge(error.limit ?? 0);
    case "encoding.unsupported":
    case "charset.unsupported":
      return errors.unsupportedMediaType(String(error.message), ["application/json; charset=utf-8"]);
    default:
      return typeof error.status === "number" && error.status >= 400 && error.status < 500 ? errors.badRequest(error.message ?? "Bad request.") : undefined;
  }
}

/** Which backing services are down right now (readiness' probes); asked only when a store failure does not name its store. */
export type ServicesDown = () => Promise<readonly ServiceName[]>;

/**
 * A store failure as a 503 naming the store, or undefined when `error` is none: an error
 * the classification (platform/infra-errors.ts) ties to a store or calls retriable, or a
 * 503 of ours that could not tell which store it was. The store is the one the error
 * names, else those readiness finds down.
 */
async function asUnavailable(error: unknown, servicesDown: ServicesDown): Promise<TurashError | undefined> {
  const named = serviceOf(error);
  if (isTurashError(error)) {
    if (error.code !== "SERVICE_UNAVAILABLE" || named !== undefined) return undefined;
  } else if (named === undefined && !isRetriable(error)) {
    return undefined;
  }
  const down = named ? [named] : await servicesDown().catch(() => []);
  const hint = isTurashError(error) ? error.detail.replace(/^.*? is unavailable\.\s*/, "") : "";
  const service = down.join(", ") || "a backing service";
  return Object.assign(errors.serviceUnavailable(service, hint || "Retry shortly.", { services: down }), { cause: error });
}

/** Final error handler; `servicesDown` names the store behind a store failure that does not say. */
export function errorHandler(logger: Logger, servicesDown: ServicesDown = async () => []): ErrorRequestHandler {
  const respond = (error: unknown, req: Request, res: Response) => {
    const known = isTurashError(error) ? error : fromBodyParser(error ?? {});
    if (!known) logger.error({ err: error, path: req.originalUrl, method: req.method }, "unhandled error");
    else if (known.status >= 500) logger.error({ err: error, path: req.originalUrl }, known.detail);
    if (known?.code === "RATE_LIMITED") res.setHeader("Retry-After", String(known.extensions.retryAfterSeconds ?? 1));
    sendProblem(res, toProblem(known ?? error, req.originalUrl));
  };
  return (error, req, res, _next) => {
    asUnavailable(error, servicesDown).then(
      (unavailable) => respond(unavailable ?? error, req, res),
      () => respond(error, req, res),
    );
  };
}

/**
 * Node's HTTP parser refuses some requests before Express sees them — a request line and
 * headers over `maxHeaderBytes`, bytes that are not HTTP — and by default answers those with
 * a bare status line. Listen to the server's `clientError` with this so they are problems too.
 */
export function clientErrorHandler(maxHeaderBytes: number): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      socket.end("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n");
      return;
    }
    const known = error.code === "HPE_HEADER_OVERFLOW" ? errors.headersTooLarge(maxHeaderBytes) : errors.badRequest("The request is not valid HTTP/1.1.");
    const body = JSON.stringify(toProblem(known));
    socket.end(`HTTP/1.1 ${known.status} ${known.title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  };
}
