// What the numbers were measured on: a latency table means little without the CPU and the disk.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import Database from 'better-sqlite3';

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux: fall through to what Node reports
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** The filesystem under `dir` (ext4, tmpfs, …): fsync cost depends on it more than on anything else. */
function filesystemOf(dir: string): string {
  try {
    const lines = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n');
    const cols = lines[lines.length - 1]!.split(/\s+/);
    return `${cols[1]} (${cols[0]})`;
  } catch {
    return 'unknown';
  }
}

export function machineLines(dir: string): string[] {
  const db = new Database(':memory:');
  const sqlite = (db.prepare('select sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return [
    `cpu: ${cpuModel()}, ${cpus().length} cores`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node: ${process.version}, sqlite: ${sqlite} (better-sqlite3)`,
    `temp dir: ${dir}, filesystem ${filesystemOf(dir)}`,
  ];
}
