#!/usr/bin/env node
// Runs before `npm start`, `npm test` and `npm run bench`: installs what a fresh clone is missing, so the two
// README commands are all a new machine needs. Plain Node (no dependencies): it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const installedMarker = join(modules, '.package-lock.json');

/**
 * Whether node_modules holds what package-lock.json pins, judged by content: a clone, a checkout or a new git worktree
 * gives the lockfile a new mtime without changing a version in it. npm's own record of what it installed
 * (node_modules/.package-lock.json) leaves out optional packages for other platforms.
 */
function dependenciesAreCurrent() {
  if (!existsSync(installedMarker)) return false;
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(installedMarker, 'utf8')).packages ?? {};
  return Object.entries(wanted).every(
    ([path, pinned]) => path === '' || (pinned.optional && !installed[path]) || installed[path]?.version === pinned.version,
  );
}

if (!dependenciesAreCurrent()) {
  // npm ci empties node_modules first: through a link, that is another checkout's install (and its running tests)
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    console.error('[setup] node_modules is a link to another checkout and differs from package-lock.json: run npm ci there.');
    process.exit(1);
  }
  console.log('[setup] installing dependencies (npm ci)...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
}

// DynamoDB Local is a Java program: say what to do instead of failing later with a stack trace.
const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
const version = /version "(\d+)/.exec(`${java.stderr ?? ''}${java.stdout ?? ''}`);
if (java.error || !version || Number(version[1]) < 17) {
  console.error(
    '[setup] DynamoDB Local needs Java 17 or newer and none was found on PATH.\n' +
      '        Install it with: apt-get install -y openjdk-17-jre-headless',
  );
  process.exit(1);
}

// The browser end-to-end tests drive Debian's Chromium through playwright-core (never a downloaded browser).
// Installed here only when missing, and only where we may: as root with apt. Elsewhere, say how and let the
// browser tests skip themselves.
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('[setup] installing Chromium from the distribution (apt-get install chromium) for the browser tests...');
    const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
    const installed = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], quiet).status === 0;
    if (!installed) spawnSync('apt-get', ['update'], quiet);
    if (!installed && spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], quiet).status !== 0) {
      console.warn('[setup] Chromium could not be installed; the browser tests will be skipped.');
    }
  } else {
    console.warn(
      `[setup] ${CHROMIUM} is missing and this is not a root shell with apt-get, so it is not installed here.\n` +
        '        The browser tests will be skipped. To run them: sudo apt-get install -y chromium',
    );
  }
}
