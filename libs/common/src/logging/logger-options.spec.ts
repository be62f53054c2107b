import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildLoggerParams } from './logger-options';

type LevelOf = (req: IncomingMessage, res: ServerResponse, err?: Error) => string;

function levelOf(threshold: string): (status: number, err?: Error) => string {
  const params = buildLoggerParams({ level: threshold, service: 'spec' });
  const customLogLevel = (params.pinoHttp as { customLogLevel: LevelOf }).customLogLevel;
  return (status, err) =>
    customLogLevel({} as IncomingMessage, { statusCode: status } as ServerResponse, err);
}

describe('request log level', () => {
  it('should log successes at info, refusals at warn and failures at error', () => {
    const at = levelOf('info');
    expect([at(200), at(404), at(500), at(200, new Error('x'))]).toEqual([
      'info',
      'warn',
      'error',
      'error',
    ]);
  });

  it('should skip building the lines the configured level drops', () => {
    const warn = levelOf('warn');
    expect([warn(200), warn(429), warn(503)]).toEqual(['silent', 'warn', 'error']);
    const fatal = levelOf('fatal');
    expect([fatal(200), fatal(401), fatal(500)]).toEqual(['silent', 'silent', 'silent']);
    expect(levelOf('silent')(500)).toBe('silent');
    expect(levelOf('debug')(200)).toBe('info');
  });
});
