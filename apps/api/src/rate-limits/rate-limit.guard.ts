import { actorOf, AuditWriter } from '@app/audit';
import { apiKeyOf, type AuthUser } from '@app/auth';
import { errorForLog, requestMetaOf, TooManyRequests } from '@app/common';
import { UnitOfWork } from '@app/persistence';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitHeaders } from './rate-limit-headers';
import { routeKey, rulesFor, type RateLimitRule } from './rate-limit-rules';
import { RateLimiter, type RateLimitVerdict } from './rate-limiter.service';

type LimitedRequest = FastifyRequest & { user?: AuthUser };

/** The subject a rule counts this request against, or undefined when the rule does not apply. */
function subjectOf(rule: RateLimitRule, req: LimitedRequest): string | undefined {
  const key = apiKeyOf(req.user);
  switch (rule.by) {
    case 'ip':
      return req.ip ? `ip:${req.ip}` : undefined;
    case 'user':
      return req.user && !key ? `user:${req.user.id}` : undefined;
    case 'user_or_api_key':
      if (key) return `key:${key.id}`;
      return req.user ? `user:${req.user.id}` : undefined;
    case 'api_key':
      return key ? `key:${key.id}` : undefined;
  }
}

/**
 * Global, after authentication (so it knows the user or API key): applies the
 * rules of rate-limit-rules.ts to the route. Over a limit: 429 with
 * Retry-After, and one `rate_limit.exceeded` audit event per window per
 * subject. Every answer to a counted request (allowed or refused, whatever
 * its status) carries RateLimit-Policy and RateLimit for each rule that
 * counted it (rate-limit-headers.ts); none when Redis could not tell.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimits');

  constructor(
    private readonly limiter: RateLimiter,
    private readonly audit: AuditWriter,
    private readonly uow: UnitOfWork,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<LimitedRequest>();
    const pattern = req.routeOptions?.url;
    if (!pattern) return true;
    const checks = rulesFor(routeKey(req.method, pattern))
      .map((rule) => ({ rule, subject: subjectOf(rule, req) }))
      .filter((c): c is { rule: RateLimitRule; subject: string } => c.subject !== undefined);
    if (checks.length === 0) return true;

    const verdicts = (
      await Promise.all(checks.map((c) => this.limiter.consume(c.rule, c.subject)))
    ).filter((v): v is RateLimitVerdict => v !== undefined);
    if (verdicts.length === 0) return true;

    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const headers = rateLimitHeaders(
      verdicts.map((v) => ({
        name: v.rule.name,
        quota: v.limit,
        windowSeconds: v.rule.windowSeconds,
        remaining: v.remaining,
        msBeforeReset: v.msBeforeNext,
      })),
    );
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);

    const refused = verdicts.filter((v) => !v.allowed);
    if (refused.length === 0) return true;

    const retryAfter = Math.max(...refused.map((v) => v.msBeforeNext)) / 1000;
    for (const verdict of refused.filter((v) => v.firstRefusal)) {
      await this.recordExceeded(req, verdict);
    }
    throw new TooManyRequests(
      retryAfter,
      'Too many requests; try again after the time in Retry-After.',
    );
  }

  private async recordExceeded(req: LimitedRequest, verdict: RateLimitVerdict): Promise<void> {
    const key = apiKeyOf(req.user);
    try {
      await this.uow.run((tx) =>
        this.audit.record(tx, {
          actor: req.user ? actorOf(req.user) : null,
          origin: requestMetaOf(req),
          action: 'rate_limit.exceeded',
          outcome: 'denied',
          targetType: 'rate_limit',
          targetId: verdict.rule.name,
          details: {
            rule: verdict.rule.name,
            by: verdict.rule.by,
            limit: verdict.limit,
            windowSeconds: verdict.rule.windowSeconds,
            route: `${req.method} ${req.routeOptions?.url ?? ''}`,
            apiKeyId: key?.id ?? null,
          },
        }),
      );
    } catch (error) {
      // The refusal stands; only its record is missing.
      this.logger.error(
        { err: errorForLog(error), requestId: req.id },
        'Could not record a rate-limit refusal',
      );
    }
  }
}
