import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { errorCodes } from 'fastify';
import {
  ConflictProblem,
  Forbidden,
  ProblemException,
  RecordNotFound,
  TooManyRequests,
  Unauthenticated,
  ValidationProblem,
} from './http-errors';
import { toProblem } from './problem-mapper';

const REQ = { url: '/api/v1/cases/42?token=abc&q=1', requestId: 'req-12345678' };

describe('toProblem', () => {
  describe('common fields', () => {
    it('should drop the query string from instance', () => {
      const { body } = toProblem(new RecordNotFound('case'), REQ);
      expect(body.instance).toBe('/api/v1/cases/42');
    });

    it('should keep a URL without a query string as it is', () => {
      const { body } = toProblem(new RecordNotFound(), { url: '/api/v1/cases' });
      expect(body.instance).toBe('/api/v1/cases');
    });

    it('should leave instance and requestId out when the request has none', () => {
      const { body } = toProblem(new RecordNotFound(), {});
      expect(body.instance).toBeUndefined();
      expect(body.requestId).toBeUndefined();
    });

    it('should carry the request id', () => {
      const { body } = toProblem(new RecordNotFound(), REQ);
      expect(body.requestId).toBe('req-12345678');
    });

    it('should use a urn type for a 4xx and about:blank for a 500', () => {
      expect(toProblem(new ConflictProblem('case_closed', 'Closed.'), REQ).body.type).toBe(
        'urn:crh:problem:case_closed',
      );
      expect(toProblem(new Error('boom'), REQ).body.type).toBe('about:blank');
      expect(toProblem(new InternalServerErrorException(), REQ).body.type).toBe('about:blank');
    });

    it('should give a 503 its own urn type so clients can tell it is worth retrying', () => {
      expect(toProblem(new ServiceUnavailableException(), REQ).body.type).toBe(
        'urn:crh:problem:service_unavailable',
      );
    });

    it('should send no headers for errors that set none', () => {
      expect(toProblem(new Error('x'), REQ).headers).toEqual({});
      expect(toProblem(new NotFoundException(), REQ).headers).toEqual({});
    });
  });

  describe('ProblemException subclasses', () => {
    it('should report a ValidationProblem with its field errors', () => {
      const fieldErrors = [
        { field: 'merchant.country', messages: ['Country must be an ISO 3166 code'] },
        { field: 'items[1].name', messages: ['Item 2 name is required'] },
      ];
      const { body, headers } = toProblem(new ValidationProblem(fieldErrors), REQ);

      expect(body).toEqual({
        type: 'urn:crh:problem:validation_failed',
        title: 'Bad Request',
        status: 400,
        detail: 'The request has invalid fields; see errors.',
        instance: '/api/v1/cases/42',
        code: 'validation_failed',
        requestId: 'req-12345678',
        errors: fieldErrors,
      });
      expect(headers).toEqual({});
    });

    it('should use the detail a ValidationProblem was given', () => {
      const { body } = toProblem(
        new ValidationProblem([{ field: 'a', messages: ['x'] }], 'Check the amounts.'),
        REQ,
      );
      expect(body.detail).toBe('Check the amounts.');
    });

    it('should leave errors out when a ValidationProblem has none', () => {
      const { body } = toProblem(new ValidationProblem([]), REQ);
      expect(body).not.toHaveProperty('errors');
    });

    it('should report a ValidationProblem.field with that one field', () => {
      const { body } = toProblem(ValidationProblem.field('cursor', 'is not valid'), REQ);
      expect(body.errors).toEqual([{ field: 'cursor', messages: ['Cursor is not valid'] }]);
    });

    it('should report RecordNotFound as 404 without saying whether the record exists', () => {
      const { body } = toProblem(new RecordNotFound('case'), REQ);
      expect(body).toEqual({
        type: 'urn:crh:problem:not_found',
        title: 'Not Found',
        status: 404,
        detail: 'The case does not exist or you may not see it.',
        instance: '/api/v1/cases/42',
        code: 'not_found',
        requestId: 'req-12345678',
      });
    });

    it('should report a ConflictProblem with its own code and detail', () => {
      const { body } = toProblem(
        new ConflictProblem('email_taken', 'An account with this e-mail exists.'),
        REQ,
      );
      expect(body).toMatchObject({
        type: 'urn:crh:problem:email_taken',
        title: 'Conflict',
        status: 409,
        code: 'email_taken',
        detail: 'An account with this e-mail exists.',
      });
    });

    it('should send Retry-After with TooManyRequests', () => {
      const { body, headers } = toProblem(new TooManyRequests(30, 'Slow down.'), REQ);
      expect(headers).toEqual({ 'Retry-After': '30' });
      expect(body).toMatchObject({
        type: 'urn:crh:problem:rate_limited',
        title: 'Too Many Requests',
        status: 429,
        code: 'rate_limited',
        detail: 'Slow down.',
      });
    });

    it('should round Retry-After up to whole seconds, at least one', () => {
      expect(toProblem(new TooManyRequests(2.1, 'x'), REQ).headers['Retry-After']).toBe('3');
      expect(toProblem(new TooManyRequests(0, 'x'), REQ).headers['Retry-After']).toBe('1');
      expect(toProblem(new TooManyRequests(-5, 'x'), REQ).headers['Retry-After']).toBe('1');
    });

    it('should keep a custom TooManyRequests code', () => {
      const { body } = toProblem(new TooManyRequests(60, 'Locked.', 'account_locked'), REQ);
      expect(body.code).toBe('account_locked');
      expect(body.type).toBe('urn:crh:problem:account_locked');
    });

    it('should report Unauthenticated as 401', () => {
      const { body } = toProblem(new Unauthenticated(), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:unauthenticated',
        title: 'Unauthorized',
        status: 401,
        code: 'unauthenticated',
        detail: 'Authentication is required.',
      });
    });

    it('should keep the code of an Unauthenticated such as mfa_required', () => {
      const { body } = toProblem(new Unauthenticated('Enter your code.', 'mfa_required'), REQ);
      expect(body).toMatchObject({ status: 401, code: 'mfa_required', detail: 'Enter your code.' });
    });

    it('should report Forbidden as 403', () => {
      const { body } = toProblem(new Forbidden(), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:forbidden',
        title: 'Forbidden',
        status: 403,
        code: 'forbidden',
        detail: 'Your role may not do this.',
      });
    });

    it('should pass on the headers of a ProblemException', () => {
      const error = new ProblemException(401, {
        code: 'unauthenticated',
        detail: 'Sign in.',
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
      expect(toProblem(error, REQ).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    });
  });

  describe('plain Nest HttpExceptions', () => {
    it('should report a bare NotFoundException as not_found with the status phrase', () => {
      const { body } = toProblem(new NotFoundException(), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:not_found',
        title: 'Not Found',
        status: 404,
        code: 'not_found',
      });
      expect(body.detail).toBe('Not Found');
    });

    it('should not echo the path of an unknown route back', () => {
      const { body } = toProblem(
        new NotFoundException('Cannot GET /api/v1/secret-admin?token=abc'),
        REQ,
      );
      expect(body.detail).toBe('No such resource.');
      expect(JSON.stringify(body)).not.toContain('secret-admin');
      expect(JSON.stringify(body)).not.toContain('token=abc');
    });

    it('should keep the message of a NotFoundException raised by the code', () => {
      const { body } = toProblem(new NotFoundException('No such report.'), REQ);
      expect(body.detail).toBe('No such report.');
    });

    it('should report a JSON parse refusal as malformed_json', () => {
      const { body } = toProblem(
        new BadRequestException(
          "Body is not valid JSON but content-type is set to 'application/json'",
        ),
        REQ,
      );
      expect(body).toMatchObject({
        type: 'urn:crh:problem:malformed_json',
        title: 'Bad Request',
        status: 400,
        code: 'malformed_json',
        detail: 'The request body is not valid JSON.',
      });
    });

    it.each([
      'Unexpected token } in JSON at position 10',
      'Unexpected end of JSON input',
      'Expected property name or } in JSON at position 1',
    ])('should report the parser message %j as malformed_json', (message) => {
      const { body } = toProblem(new BadRequestException(message), REQ);
      expect(body.code).toBe('malformed_json');
      expect(body.detail).toBe('The request body is not valid JSON.');
    });

    it('should keep the message of any other BadRequestException', () => {
      const { body } = toProblem(new BadRequestException('Pick a date in the past.'), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:bad_request',
        status: 400,
        code: 'bad_request',
        detail: 'Pick a date in the past.',
      });
    });

    it('should fall back to the status phrase when the message is not a string', () => {
      const { body } = toProblem(
        new BadRequestException({ message: ['a is wrong', 'b is wrong'], statusCode: 400 }),
        REQ,
      );
      expect(body.detail).toBe('Bad Request');
      expect(body).not.toHaveProperty('errors');
    });

    it('should report PayloadTooLargeException as payload_too_large', () => {
      const { body } = toProblem(new PayloadTooLargeException('request entity too large'), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:payload_too_large',
        title: 'Payload Too Large',
        status: 413,
        code: 'payload_too_large',
        detail: 'The request body is larger than allowed.',
      });
    });

    it('should report UnsupportedMediaTypeException as unsupported_media_type', () => {
      const { body } = toProblem(new UnsupportedMediaTypeException(), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:unsupported_media_type',
        title: 'Unsupported Media Type',
        status: 415,
        code: 'unsupported_media_type',
        detail: 'This content type is not accepted here; send application/json.',
      });
    });

    it('should map the status of other 4xx exceptions to their code', () => {
      expect(toProblem(new ForbiddenException(), REQ).body).toMatchObject({
        status: 403,
        code: 'forbidden',
        title: 'Forbidden',
      });
      expect(toProblem(new MethodNotAllowedException(), REQ).body).toMatchObject({
        status: 405,
        code: 'method_not_allowed',
        title: 'Method Not Allowed',
      });
    });

    it('should use the code "error" for a status it has no name for', () => {
      const { body } = toProblem(new HttpException('I am a teapot', 418), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:error',
        title: "I'm a Teapot",
        status: 418,
        code: 'error',
        detail: 'I am a teapot',
      });
    });

    it('should not pass on the message of a 5xx HttpException', () => {
      const { body } = toProblem(
        new InternalServerErrorException('connection to db-primary:5432 refused for crh_admin'),
        REQ,
      );
      expect(body).toMatchObject({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        code: 'internal_error',
      });
      expect(JSON.stringify(body)).not.toContain('db-primary');
      expect(JSON.stringify(body)).not.toContain('crh_admin');
    });

    it('should report a ServiceUnavailableException as service_unavailable with a generic detail', () => {
      const { body } = toProblem(new ServiceUnavailableException('redis is down at 10.0.0.7'), REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:service_unavailable',
        title: 'Service Unavailable',
        status: 503,
        code: 'service_unavailable',
      });
      expect(JSON.stringify(body)).not.toContain('10.0.0.7');
    });
  });

  describe('Fastify errors', () => {
    it.each([
      [
        'FST_ERR_CTP_INVALID_JSON_BODY',
        400,
        'malformed_json',
        'The request body is not valid JSON.',
      ],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'malformed_json', 'The request body is not valid JSON.'],
      [
        'FST_ERR_CTP_BODY_TOO_LARGE',
        413,
        'payload_too_large',
        'The request body is larger than allowed.',
      ],
      [
        'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        415,
        'unsupported_media_type',
        'This content type is not accepted here; send application/json.',
      ],
      [
        'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
        400,
        'bad_request',
        'The Content-Length header does not match the body.',
      ],
    ] as const)('should map %s to %i %s', (fastifyCode, status, code, detail) => {
      const FastifyError = errorCodes[fastifyCode];
      const error = new FastifyError('some internal detail');
      expect(error.statusCode).toBe(status);

      const { body } = toProblem(error, REQ);

      expect(body).toEqual({
        type: `urn:crh:problem:${code}`,
        title: body.title,
        status,
        detail,
        instance: '/api/v1/cases/42',
        code,
        requestId: 'req-12345678',
      });
      expect(body.title).toBe(
        { 400: 'Bad Request', 413: 'Payload Too Large', 415: 'Unsupported Media Type' }[status],
      );
      expect(JSON.stringify(body)).not.toContain('some internal detail');
    });

    it('should map a Fastify-shaped plain object by its code', () => {
      const { body } = toProblem(
        { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'whatever' },
        REQ,
      );
      expect(body).toMatchObject({ status: 400, code: 'malformed_json' });
    });

    it('should read the status from `status` when `statusCode` is absent', () => {
      const { body } = toProblem({ status: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, REQ);
      expect(body).toMatchObject({ status: 413, code: 'payload_too_large' });
    });

    it('should report a JSON SyntaxError with status 400 as malformed_json', () => {
      const error = Object.assign(new SyntaxError('Unexpected token x in JSON at position 0'), {
        statusCode: 400,
      });
      const { body } = toProblem(error, REQ);
      expect(body).toMatchObject({
        status: 400,
        code: 'malformed_json',
        detail: 'The request body is not valid JSON.',
      });
    });

    it('should use the status phrase, not the message, for any other 4xx framework error', () => {
      const error = Object.assign(new Error('Route GET:/internal/thing?k=v not found'), {
        statusCode: 404,
        code: 'FST_ERR_NOT_FOUND',
      });
      const { body } = toProblem(error, REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:not_found',
        title: 'Not Found',
        status: 404,
        code: 'not_found',
        detail: 'Not Found',
      });
      expect(JSON.stringify(body)).not.toContain('/internal/thing');
    });

    it('should treat a framework error with a 5xx status as unknown', () => {
      const error = Object.assign(new Error('plugin crashed reading /etc/crh/key'), {
        statusCode: 500,
        code: 'FST_ERR_SOMETHING',
      });
      const { body } = toProblem(error, REQ);
      expect(body).toMatchObject({ status: 500, code: 'internal_error', type: 'about:blank' });
      expect(JSON.stringify(body)).not.toContain('/etc/crh/key');
    });

    it('should ignore a status that is not a number', () => {
      const { body } = toProblem({ statusCode: '400', code: 'FST_ERR_CTP_INVALID_JSON_BODY' }, REQ);
      expect(body.status).toBe(500);
      expect(body.code).toBe('internal_error');
    });
  });

  describe('a dependency that is briefly away', () => {
    it('should answer 503 with Retry-After and nothing from the error', () => {
      const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), {
        code: 'ECONNREFUSED',
      });
      const { body, headers } = toProblem(error, REQ);
      expect(body).toMatchObject({
        type: 'urn:crh:problem:service_unavailable',
        title: 'Service Unavailable',
        status: 503,
        code: 'service_unavailable',
      });
      expect(headers).toEqual({ 'Retry-After': '5' });
      expect(JSON.stringify(body)).not.toContain('10.0.0.7');
    });

    it('should answer 503 when the connection died in the middle of a transaction', () => {
      // What TypeORM throws for the next statement once it released the dead connection.
      const error = Object.assign(
        new Error('Query runner already released. Cannot run queries anymore.'),
        { name: 'QueryRunnerAlreadyReleasedError' },
      );
      const { body, headers } = toProblem(error, REQ);
      expect(body.status).toBe(503);
      expect(headers).toEqual({ 'Retry-After': '5' });
    });
  });

  describe('unknown errors', () => {
    it('should answer 500 with a generic detail and nothing from the error', () => {
      const secret = 'pg-password-Zx81!';
      const error = new Error(
        `SELECT * FROM users WHERE password_hash = '${secret}' failed: relation missing`,
      );
      error.stack = `Error: boom\n    at UsersRepository.find (/srv/app/${secret}/users.ts:10:5)`;
      Object.assign(error, { cause: new Error(`cause with ${secret}`) });

      const { body, headers } = toProblem(error, REQ);

      expect(body).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred. Quote the request id if you report it.',
        instance: '/api/v1/cases/42',
        code: 'internal_error',
        requestId: 'req-12345678',
      });
      expect(headers).toEqual({});
      const serialized = JSON.stringify({ body, headers });
      expect(serialized).not.toContain(secret);
      expect(serialized).not.toContain('SELECT');
      expect(serialized).not.toContain('UsersRepository');
      expect(serialized).not.toContain('users.ts');
    });

    it.each([
      ['a thrown string', 'secret string'],
      ['null', null],
      ['undefined', undefined],
      ['a number', 42],
      ['an object without a status', { message: 'secret object' }],
    ])('should answer 500 for %s', (_label, thrown) => {
      const { body } = toProblem(thrown, REQ);
      expect(body.status).toBe(500);
      expect(body.code).toBe('internal_error');
      expect(body.title).toBe('Internal Server Error');
      expect(JSON.stringify(body)).not.toContain('secret');
    });
  });
});
