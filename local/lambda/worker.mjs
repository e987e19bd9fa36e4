// One Lambda execution environment: loads the bundled handler once (the init phase, reported to the runner as
// `{ init }`), then runs invocations one at a time.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { codePath, handler } = workerData;
const [moduleName, exportName] = [handler.slice(0, handler.lastIndexOf('.')), handler.slice(handler.lastIndexOf('.') + 1)];
const file = ['.mjs', '.js', '.cjs'].map((ext) => path.join(codePath, moduleName + ext)).find((candidate) => existsSync(candidate));
const loaded = file ? import(pathToFileURL(file).href) : Promise.reject(new Error(`Cannot find module '${moduleName}' in ${codePath}`));
// a failed init is reported by the first invocation, as Lambda does (Runtime.ImportModuleError and the like)
void loaded.then(
  () => parentPort.postMessage({ init: 'done' }),
  () => parentPort.postMessage({ init: 'failed' }),
);

// Fire-and-forget on purpose: invoke catches every failure and reports it to the runner as the invocation's result.
parentPort.on('message', (message) => void invoke(message));

async function invoke({ id, event, context }) {
  try {
    const module = await loaded;
    const fn = module[exportName] ?? module.default?.[exportName];
    if (typeof fn !== 'function')
      throw Object.assign(new Error(`${moduleName}.${exportName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
    const result = await fn(event, { ...context, getRemainingTimeInMillis: () => context.deadline - Date.now() });
    parentPort.postMessage({ id, ok: true, result: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, errorType: error?.name ?? 'Error', errorMessage: error?.message ?? String(error) });
  }
}
