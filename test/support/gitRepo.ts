import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** A fresh repository at `dir` with its own author, and `git` bound to it (returns trimmed stdout). */
export function initRepo(dir: string, author = { name: 'Dana Ops', email: 'dana@example.org' }): (...args: string[]) => string {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.email', author.email);
  git('config', 'user.name', author.name);
  return git;
}
