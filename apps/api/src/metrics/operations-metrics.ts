import { AppConfig, withTimeout } from '@app/common';
import { OperationsFiguresRepository, UnitOfWork, type OperationsFigures } from '@app/persistence';
import { QueueInspector } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How long figures read from PostgreSQL and Redis are reused: many scrapers, one read. */
export const FIGURES_CACHE_MS = 10_000;
const QUEUE_TIMEOUT_MS = 2_000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

type QueueCounts = { queue: string; state: string; count: number }[];

interface Figures {
  database: OperationsFigures | null;
  queues: QueueCounts | null;
}

/**
 * The API process's Prometheus registry. Labels carry only route templates,
 * methods, status classes, queue names and fixed result words: never an id,
 * an address or anything a person typed. Request figures are this process's
 * own (sum them over replicas); the queue, outbox, SLA and delivery figures
 * are read from PostgreSQL and Redis, so every replica reports the same
 * (take one, e.g. `max`).
 */
@Injectable()
export class OperationsMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status_class'>;
  private readonly durations: Histogram<'method' | 'route' | 'status_class'>;
  private cached?: { at: number; figures: Promise<Figures> };

  constructor(
    private readonly uow: UnitOfWork,
    private readonly operations: OperationsFiguresRepository,
    private readonly inspector: QueueInspector,
    private readonly config: AppConfig,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'crh_api_' });
    this.requests = new Counter({
      name: 'crh_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status class.',
      labelNames: ['method', 'route', 'status_class'],
      registers,
    });
    this.durations = new Histogram({
      name: 'crh_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route template and status class.',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.figureGauges(registers);
  }

  /** One answered request. `route` is the route's template (`/api/v1/cases/:id`), never the URL. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status_class: `${Math.floor(status / 100)}xx` };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** The shared figures, read at most once per FIGURES_CACHE_MS however many scrapes ask. */
  private figures(): Promise<Figures> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= FIGURES_CACHE_MS) {
      this.cached = { at: now, figures: this.read() };
    }
    return this.cached.figures;
  }

  private async read(): Promise<Figures> {
    const [database, queues] = await Promise.all([
      this.operations
        .read(this.uow.autocommit, this.config.get('MAIL_MAX_ATTEMPTS'))
        .catch(() => null),
      this.queueCounts().catch(() => null),
    ]);
    return { database, queues };
  }

  private async queueCounts(): Promise<QueueCounts> {
    const counts = await withTimeout(
      Promise.all(
        this.inspector.all().map(async (queue) => ({
          name: queue.name,
          counts: await queue.getJobCounts(...QUEUE_STATES),
        })),
      ),
      QUEUE_TIMEOUT_MS,
      'reading the queue counts',
    );
    return counts.flatMap(({ name, counts: c }) =>
      QUEUE_STATES.map((state) => ({ queue: name, state, count: c[state] ?? 0 })),
    );
  }

  private figureGauges(registers: Registry[]): void {
    // A gauge's collect() runs on each scrape; each reads the cached figures.
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (g: Gauge<L>, f: Figures) => void,
    ): void => {
      const figures = () => this.figures();
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          fill(this, await figures());
        },
      });
    };
    gauge(
      'crh_figures_up',
      'Whether the last read of a shared source worked (1) or not (0).',
      ['source'],
      (g, f) => {
        g.set({ source: 'database' }, f.database ? 1 : 0);
        g.set({ source: 'queues' }, f.queues ? 1 : 0);
      },
    );
    gauge('crh_queue_jobs', 'Jobs per BullMQ queue and state.', ['queue', 'state'], (g, f) => {
      for (const q of f.queues ?? []) g.set({ queue: q.queue, state: q.state }, q.count);
    });
    gauge('crh_outbox_unpublished', 'Outbox rows not yet published to a queue.', [], (g, f) => {
      if (f.database) g.set(f.database.outbox.unpublished);
    });
    gauge(
      'crh_outbox_oldest_due_age_seconds',
      'Seconds since the oldest unpublished outbox row became due (0 when none is).',
      [],
      (g, f) => {
        if (f.database) g.set(f.database.outbox.oldestDueAgeSeconds);
      },
    );
    gauge(
      'crh_alerts_open',
      'Alerts not yet acknowledged, by kind (sla_breach: open SLA breaches).',
      ['kind'],
      (g, f) => {
        for (const a of f.database?.alerts ?? []) g.set({ kind: a.kind }, a.open);
      },
    );
    gauge(
      'crh_alerts_raised_last_24h',
      'Alerts raised in the last 24 hours, by kind.',
      ['kind'],
      (g, f) => {
        for (const a of f.database?.alerts ?? []) g.set({ kind: a.kind }, a.raisedLast24h);
      },
    );
    gauge(
      'crh_webhook_deliveries_last_24h',
      'Webhook delivery attempts in the last 24 hours (delivered, failed) and dispatches given up (given_up).',
      ['result'],
      (g, f) => {
        if (!f.database) return;
        for (const result of ['delivered', 'failed', 'given_up']) g.set({ result }, 0);
        for (const r of f.database.webhookDeliveries) g.set({ result: r.result }, r.count);
      },
    );
    gauge('crh_mail_delivered_last_24h', 'E-mails sent in the last 24 hours.', [], (g, f) => {
      if (f.database) g.set(f.database.mailDelivered);
    });
    gauge(
      'crh_mail_unsent',
      'E-mails not sent: pending (not tried yet), retrying (failed, will retry), given_up (out of attempts).',
      ['state'],
      (g, f) => {
        if (!f.database) return;
        for (const state of ['pending', 'retrying', 'given_up']) g.set({ state }, 0);
        for (const r of f.database.mailUnsent) g.set({ state: r.result }, r.count);
      },
    );
  }
}
