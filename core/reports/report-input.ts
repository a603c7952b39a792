// What every export of the day summary (PDF, XLSX, CSV) is made from: the summary model, its
// payment lines and the instant the export was made, passed in so the same input gives the
// same file.
import type { DaySummary, PaymentLine } from '../../shared/day-summary.js';

export interface ReportInput {
  summary: DaySummary;
  lines: PaymentLine[];
  generatedAt: Date;
}
