/**
 * Errors leave the API as RFC 9457 `application/problem+json`. Known errors carry a stable
 * code and status; anything else is a 500 whose details stay in the log.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "pino";

/** The JSON body of a problem response. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  readonly [extra: string]: unknown;
}

/** Send a problem document. */
export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type("application/problem+json").send(JSON.stringify(problem));
}

/** 404 for any path no route claimed. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, {
    type: "https://turash.dev/problems/not-found",
    title: "Not found",
    status: 404,
    code: "NOT_FOUND",
    detail: `no route for ${req.method} ${req.path}`,
    instance: req.originalUrl,
  });
};

/** Shape of errors that know their own problem document (see domain/errors.ts). */
interface ProblemCarrier {
  toProblem(instance?: string): Problem;
}

function carriesProblem(error: unknown): error is ProblemCarrier {
  return typeof (error as ProblemCarrier | undefined)?.toProblem === "function";
}

/** Final error handler: known errors as their problem, body-parser errors as 400, the rest 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (carriesProblem(error)) return sendProblem(res, error.toProblem(req.originalUrl));
    const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error, path: req.originalUrl }, "unhandled error");
    sendProblem(res, {
      type: status === 500 ? "https://turash.dev/problems/internal" : "https://turash.dev/problems/bad-request",
      title: status === 500 ? "Internal error" : "Bad request",
      status,
      code: status === 500 ? "INTERNAL" : error?.type === "entity.parse.failed" ? "MALFORMED_JSON" : "BAD_REQUEST",
      detail: status === 500 ? "the server failed to handle this request; it has been logged" : String(error?.message ?? "bad request"),
      instance: req.originalUrl,
    });
  };
}
