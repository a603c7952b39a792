// The consumer master imported from the console (issue 17 #4): the upload is kept in a private
// temporary file, checked whole first (every bad record reported, up to a limit, with its number
// and field), and only a clean file is imported — all or nothing, in one transaction, admin-logged
// as the console user. Each job reports its phase and how far through the file it is, so a 600,000
// row import shows progress; jobs live in this process (one reference server), the newest kept.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportJob } from '../../shared/console-api.js';
import { csvRecordsChecked, ImportError, importConsumersCsv } from '../consumers.js';
import type { Sql } from '../store.js';

/** How many bad records a report lists (all are counted). */
export const IMPORT_ERRORS_LISTED = 100;
const JOBS_KEPT = 20;

export class ConsumerImports {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(private readonly sql: Sql, private readonly now: () => Date) {}

  /** A private folder for one upload (0700 by mkdtemp), removed when its job ends. */
  static uploadDir(): string {
    return mkdtempSync(join(tmpdir(), 'counterfoil-consumer-upload-'));
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Starts checking then importing `file` (in `dir`, removed at the end); returns the job at once. */
  start(file: string, dir: string, name: string, bytes: number, by: string): ImportJob {
    const job: ImportJob = {
      id: randomBytes(9).toString('base64url'), name, by, bytes, startedAt: this.now().toISOString(),
      phase: 'checking', bytesDone: 0, records: 0, errorCount: 0, errors: [], changed: null, message: null, finishedAt: null,
    };
    this.jobs.set(job.id, job);
    for (const old of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - JOBS_KEPT))) this.jobs.delete(old);
    void this.run(job, file).finally(() => rmSync(dir, { recursive: true, force: true }));
    return job;
  }

  private async run(job: ImportJob, file: string): Promise<void> {
    const finish = (phase: ImportJob['phase'], message: string | null) => Object.assign(job, { phase, message, finishedAt: this.now().toISOString() });
    try {
      for await (const r of csvRecordsChecked(file, (b) => (job.bytesDone = b), job.name)) {
        job.records++;
        if (r.ok) continue;
        job.errorCount++;
        if (job.errors.length < IMPORT_ERRORS_LISTED) job.errors.push({ record: r.record, field: r.field, message: r.message });
      }
      if (job.errorCount > 0) {
        finish('refused', `${job.errorCount} of ${job.records} records are not right: nothing was imported`);
        return;
      }
      if (job.records === 0) {
        finish('refused', 'the file holds no records: nothing was imported');
        return;
      }
      Object.assign(job, { phase: 'importing', bytesDone: 0 });
      const r = await importConsumersCsv(this.sql, file, job.by, { name: job.name, onBytes: (b) => (job.bytesDone = b) });
      job.changed = r.changed;
      finish('done', null);
    } catch (e) {
      finish(e instanceof ImportError ? 'refused' : 'failed', e instanceof ImportError ? e.message : `the centre could not import the file: ${(e as Error).message}`);
    }
  }
}
