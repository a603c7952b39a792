// What a newcomer reads first must hold: the README's `counterfoil` lines give every option the
// command's own usage (counterfoil --help) requires, and a skipped suite points to a page that
// says how to run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronMissing } from '../support/electron.js';
import { counterfoil } from '../support/launcher.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The command words of a usage text ("cheque return", "key"), before its first option or argument. */
const commandWords = (text: string) => {
  const words: string[] = [];
  for (const w of text.trim().split(/\s+/)) {
    if (!/^[a-z][a-z-]*$/.test(w)) break;
    words.push(w);
  }
  return words.join(' ');
};

/** Options the usage requires: groups of alternatives (`--a X | --b`), outside [ … ] and comments. */
function requiredOptions(usage: string): string[][] {
  let text = usage.replace(/#.*$/gm, '');
  while (/\[[^[\]]*\]/.test(text)) text = text.replace(/\[[^[\]]*\]/g, ' ');
  const groups: string[][] = [];
  for (const m of text.matchAll(/--[a-z0-9-]+/g)) {
    const before = text.slice(0, m.index).trimEnd();
    if (before.endsWith('|') && groups.length) groups[groups.length - 1]!.push(m[0]);
    else groups.push([m[0]]);
  }
  return groups;
}

/** `counterfoil --help`: one entry per command, continuation lines joined. */
function usageEntries(help: string): Map<string, string> {
  const entries = new Map<string, string>();
  let current: string | null = null;
  for (const line of help.split('\n')) {
    if (/^ {2}[a-z]/.test(line)) {
      current = line.trim();
      entries.set(commandWords(current), current);
    } else if (current && /^ {3,}[[-]/.test(line)) {
      entries.set(commandWords(current), `${entries.get(commandWords(current))} ${line.trim()}`);
    }
  }
  return entries;
}

describe('README', () => {
  it('gives each counterfoil example the options its usage requires (lines ending in ... are shorthand)', () => {
    const help = counterfoil('--help');
    expect(help.code).toBe(0);
    const usage = usageEntries(help.out);
    const examples = README.split('\n')
      .map((l) => /^ {4}counterfoil (?:--data DIR )?(.*)$/.exec(l)?.[1])
      .filter((l): l is string => l !== undefined && !/\.\.\./.test(l));
    expect(examples.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const example of examples) {
      const words = commandWords(example);
      const entry = usage.get(words);
      if (!entry) {
        wrong.push(`${example}: no such command in counterfoil --help`);
        continue;
      }
      const given = example.replace(/#.*$/, '');
      for (const group of requiredOptions(entry)) {
        if (!group.some((o) => new RegExp(`${o}(?![a-z0-9-])`).test(given))) wrong.push(`${example}: lacks ${group.join(' or ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the Electron suite\'s skip line', () => {
  it.skipIf(electronMissing() === null)('names a page that exists and says how to get the binary', () => {
    const line = electronMissing()!;
    const pages = [...line.matchAll(/[\w./-]+README\.md/g)].map((m) => m[0]);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const file = fileURLToPath(new URL(`../../${page}`, import.meta.url));
      expect(existsSync(file), page).toBe(true);
      expect(readFileSync(file, 'utf8'), page).toMatch(/binary/);
    }
  });
});

describe('issue 16 #14: npm start on a fresh machine', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  /** tools/dev/build-tools.sh --check with a PATH holding only bash and the given tools. */
  function check(tools: string[]) {
    const bin = mkdtempSync(join(tmpdir(), 'counterfoil-path-'));
    try {
      symlinkSync(execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim(), join(bin, 'bash'));
      for (const tool of tools) {
        writeFileSync(join(bin, tool), '#!/bin/sh\n');
        chmodSync(join(bin, tool), 0o755);
      }
      return spawnSync(join(bin, 'bash'), [join(root, 'tools/dev/build-tools.sh'), '--check'], { env: { PATH: bin }, encoding: 'utf8' });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }

  it('without python3, make or g++ says in one line what to install, before npm ci compiles anything', () => {
    const r = check(['python3']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['error: better-sqlite3 is compiled from source on this machine and needs make g++: apt-get install make g++']);
    expect(readFileSync(join(root, 'tools/dev/start.sh'), 'utf8')).toMatch(/bash tools\/dev\/build-tools\.sh\n\s+echo "Installing npm dependencies/);
  });

  it('with them, goes on quietly', () => {
    const r = check(['python3', 'make', 'g++']);
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('the README says that options after -- go to the web shell, and the web shell takes them', () => {
    expect(README).toContain('npm start -- --no-open --port 8090');
    const usage = readFileSync(join(root, 'web-shell/main.ts'), 'utf8');
    expect(usage).toMatch(/\[--port N\] \[--no-open\]/);
  });
});
