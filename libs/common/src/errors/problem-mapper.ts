import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { loggablePath } from '../http/request-meta';
import { ProblemException } from './http-errors';
import { clipText, PROBLEM_LIMITS, problemType, type ProblemDetails } from './problem';

export interface ProblemResponse {
  body: ProblemDetails;
  headers: Record<string, string>;
}

interface RequestInfo {
  url?: string;
  requestId?: string;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'service_unavailable',
};

/** Fastify's own errors carry a code like FST_ERR_CTP_INVALID_JSON_BODY and a statusCode. */
interface FrameworkError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
}

function fastifyDetail(err: FrameworkError, status: number): { code: string; detail: string } {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'malformed_json', detail: 'The request body is not valid JSON.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', detail: 'The request body is larger than allowed.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        code: 'unsupported_media_type',
        detail: 'This content type is not accepted here; send application/json.',
      };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return {
        code: 'uri_too_long',
        detail: 'A path parameter is longer than any id of this API.',
      };
    case 'FST_ERR_BAD_URL':
      return { code: 'bad_url', detail: 'The URL is malformed.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'bad_request', detail: 'The Content-Length header does not match the body.' };
    default:
      break;
  }
  // A SyntaxError raised while parsing JSON has status 400 and no FST code.
  if (status === 400 && err.message && /JSON/i.test(err.message)) {
    return { code: 'malformed_json', detail: 'The request body is not valid JSON.' };
  }
  return {
    code: CODES_BY_STATUS[status] ?? 'error',
    detail:
      status < 500 ? (STATUS_CODES[status] ?? 'Request refused') : 'An unexpected error occurred.',
  };
}

function clipInstance(path: string | undefined): string | undefined {
  return path === undefined ? undefined : clipText(path, PROBLEM_LIMITS.instance);
}

function pathOnly(url: string | undefined): string | undefined {
  return url ? loggablePath(url) : undefined;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001', // unable to establish a connection
  '08003',
  '08004', // the server rejected the connection
  '08006', // connection failures
]);

/** A dependency (database, Redis) is away for now: the client should retry, not give up. */
export function isTransientDependencyError(error: unknown): boolean {
  const e = error as {
    code?: unknown;
    driverError?: { code?: unknown };
    message?: unknown;
    name?: unknown;
  } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'TimeoutError') return true;
  // The connection died in the middle of a transaction: TypeORM released its
  // query runner, and the transaction's next statement reports that.
  if (e.name === 'QueryRunnerAlreadyReleasedError') return true;
  const code = e.driverError?.code ?? e.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Connection is closed|not queryable/i.test(
    message,
  );
}

/**
 * Turn anything thrown into a problem-details body. Nothing from a 5xx error's
 * message, stack or cause reaches the client: those go to the log only.
 */
export function toProblem(error: unknown, req: RequestInfo): ProblemResponse {
  let status = 500;
  let code = 'internal_error';
  let detail = 'An unexpected error occurred. Quote the request id if you report it.';
  let errors: ProblemDetails['errors'];
  let headers: Record<string, string> = {};

  if (error instanceof ProblemException) {
    status = error.getStatus();
    code = error.code;
    detail = error.message;
    errors = error.fieldErrors;
    headers = error.headers;
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = CODES_BY_STATUS[status] ?? 'error';
    if (status < 500) {
      const response = error.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : undefined;
      detail = message ?? STATUS_CODES[status] ?? 'Request refused';
      // Fastify's body-parsing refusals arrive wrapped as plain HttpExceptions.
      if (
        status === 400 &&
        message &&
        /not valid JSON|Unexpected .* JSON|JSON at position/i.test(message)
      ) {
        ({ code, detail } = fastifyDetail({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' }, status));
      } else if (status === 413) {
        ({ code, detail } = fastifyDetail({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, status));
      } else if (status === 415) {
        ({ code, detail } = fastifyDetail({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }, status));
      }
      if (
        status === 404 &&
        (!message || /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message))
      ) {
        detail = 'No such resource.';
      }
    }
  } else if (isTransientDependencyError(error)) {
    status = 503;
    code = 'service_unavailable';
    detail = 'A service this request needs is briefly unavailable. Retry shortly.';
    headers = { 'Retry-After': '5' };
  } else if (error && typeof error === 'object') {
    const fe = error as FrameworkError;
    const s = fe.statusCode ?? fe.status;
    if (typeof s === 'number' && s >= 400 && s < 500) {
      status = s;
      ({ code, detail } = fastifyDetail(fe, s));
    }
  }

  const body: ProblemDetails = {
    type: problemType(status >= 500 && status !== 503 ? undefined : code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: clipText(detail, PROBLEM_LIMITS.detail),
    instance: clipInstance(pathOnly(req.url)),
    code,
    requestId: req.requestId,
  };
  if (errors && errors.length > 0) body.errors = errors;
  return { body, headers };
}
