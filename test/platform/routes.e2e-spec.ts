import { listRoutes, RequirePermission, undeclaredRoutes } from '@app/auth';
import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { RouteDeclarationsCheck } from '../../apps/api/src/route-declarations.check';
import { startTestApi, type TestApi } from '../support/test-app';

/** Deny by default: every route says who may call it, or it does not ship. */
describe('Route declarations (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('should find that every registered route declares @Public() or @RequirePermission()', () => {
    const routes = listRoutes(
      api.app.get(DiscoveryService),
      api.app.get(MetadataScanner),
      api.app.get(Reflector),
    );
    expect(routes.length).toBeGreaterThanOrEqual(14);
    expect(undeclaredRoutes(routes)).toEqual([]);
    const publicRoutes = routes
      .filter((r) => r.isPublic)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    // Public routes are a short, reviewed list.
    // The single sign-on steps are public: a person has no session until they finish.
    expect(publicRoutes).toEqual([
      'GET /auth/sso/callback',
      'GET /health',
      'POST /auth/login',
      'POST /auth/refresh',
      'POST /auth/sso/session',
      'POST /auth/sso/start',
    ]);
  });

  it('should refuse to boot an app with a route that declares neither', async () => {
    @Controller('forgotten')
    class ForgottenController {
      @Get()
      list(): string {
        return 'exposed';
      }
    }
    @Controller('declared')
    class DeclaredController {
      @RequirePermission('session.self')
      @Get()
      list(): string {
        return 'fine';
      }
    }
    @Module({
      imports: [DiscoveryModule],
      controllers: [ForgottenController, DeclaredController],
      providers: [RouteDeclarationsCheck],
    })
    class RogueModule {}
    const moduleRef = await Test.createTestingModule({ imports: [RogueModule] }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter(), {
      abortOnError: false,
      logger: false,
    });
    await expect(app.init()).rejects.toThrow(
      /Routes without @Public\(\) or @RequirePermission\(\): GET \/forgotten \(ForgottenController\.list\)/,
    );
    await app.close().catch(() => undefined);
  });
});
