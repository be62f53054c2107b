import { ALL_QUEUES } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How a run of a job ended: done, failed with a retry to come, or failed for good. */
export type JobOutcome = 'completed' | 'retried' | 'failed';

/** Work the reconciler replays, one word per kind of owed record. */
export type ReplayedKind = 'referral' | 'dispatch' | 'clock' | 'mail' | 'event';

/**
 * The worker process's Prometheus registry, served on its health port (see
 * health-server.ts). Every figure is this process's own: sum them over
 * replicas. Labels carry only queue names, job names, outcomes and fixed
 * words: never a job id, a record id or anything a person typed.
 */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly jobs: Counter<'queue' | 'job' | 'outcome'>;
  private readonly durations: Histogram<'queue'>;
  private readonly active: Gauge<'queue'>;
  private readonly published: Counter<'queue'>;
  private readonly publishFailures: Counter<'queue'>;
  private readonly replayed: Counter<'kind'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'crh_worker_' });
    this.jobs = new Counter({
      name: 'crh_jobs_total',
      help: 'Job runs finished by this worker, by queue, job name and outcome (completed, retried, failed).',
      labelNames: ['queue', 'job', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'crh_job_duration_seconds',
      help: 'Time a job run took in this worker, from start to completion or failure, by queue.',
      labelNames: ['queue'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.active = new Gauge({
      name: 'crh_jobs_active',
      help: 'Jobs this worker is running now, by queue.',
      labelNames: ['queue'],
      registers,
    });
    this.published = new Counter({
      name: 'crh_outbox_published_total',
      help: 'Outbox rows this worker published to their queue, by queue.',
      labelNames: ['queue'],
      registers,
    });
    this.publishFailures = new Counter({
      name: 'crh_outbox_publish_failures_total',
      help: 'Outbox rows this worker could not publish (Redis away, or an unknown queue), by queue.',
      labelNames: ['queue'],
      registers,
    });
    this.replayed = new Counter({
      name: 'crh_reconciler_replayed_total',
      help: 'Work the reconciler replayed because its job was missing from the queue, by kind.',
      labelNames: ['kind'],
      registers,
    });
    // Every queue's series from the start, so a rate() has a zero to start from.
    for (const queue of ALL_QUEUES) {
      this.active.set({ queue }, 0);
      this.published.inc({ queue }, 0);
      this.publishFailures.inc({ queue }, 0);
    }
    for (const kind of ['referral', 'dispatch', 'clock', 'mail', 'event'] as const) {
      this.replayed.inc({ kind }, 0);
    }
  }

  jobStarted(queue: string): void {
    this.active.inc({ queue });
  }

  /** A run ended; `seconds` is how long it took, when known. */
  jobFinished(queue: string, job: string, outcome: JobOutcome, seconds?: number): void {
    this.active.dec({ queue });
    this.jobs.inc({ queue, job, outcome });
    if (seconds !== undefined && seconds >= 0) this.durations.observe({ queue }, seconds);
  }

  outboxPublished(queue: string): void {
    this.published.inc({ queue });
  }

  /** A row not published; a queue name the worker does not know counts as `unknown`. */
  outboxPublishFailed(queue: string): void {
    this.publishFailures.inc({
      queue: (ALL_QUEUES as readonly string[]).includes(queue) ? queue : 'unknown',
    });
  }

  reconcilerReplayed(kind: ReplayedKind, count: number): void {
    if (count > 0) this.replayed.inc({ kind }, count);
  }

  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
