import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbClient } from '../../local/dynamodb/client.js';
import { DynamoDbLocalStartError, JavaRuntimeError } from '../../local/dynamodb/errors.js';
import { startDynamoDbLocal } from '../../local/dynamodb/launcher.js';
import { dynamoDbLocalProcesses } from './support.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'loyalty-ddb-launcher-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `body` with one environment variable replaced (PATH decides which `java` runs). */
async function withEnv<T>(name: string, value: string, body: () => Promise<T>): Promise<T> {
  const original = process.env[name];
  process.env[name] = value;
  try {
    return await body();
  } finally {
    if (original === undefined) delete process.env[name];
    else process.env[name] = original;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('startDynamoDbLocal', () => {
  it('keeps data across stop and start with a data folder, and leaves no JVM behind', async () => {
    const dataDir = path.join(scratch, 'persisted', 'dynamodb'); // created on demand
    const table = {
      TableName: 'loyalty-ledger',
      KeySchema: [{ AttributeName: 'memberId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'memberId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    };
    const first = await startDynamoDbLocal({ dataDir });
    const writer = new DynamoDbClient({ endpoint: first.endpoint });
    await writer.call('CreateTable', table);
    await writer.call('PutItem', { TableName: 'loyalty-ledger', Item: { memberId: { S: 'member-7' }, balance: { N: '1500' } } });
    writer.close();
    await first.stop();
    expect(dynamoDbLocalProcesses().filter((line) => line.includes(dataDir))).toEqual([]);

    const second = await startDynamoDbLocal({ dataDir });
    const reader = new DynamoDbClient({ endpoint: second.endpoint, region: 'eu-central-1' }); // -sharedDb: region does not matter
    try {
      const { Item } = await reader.call<{ Item?: unknown }>('GetItem', {
        TableName: 'loyalty-ledger',
        Key: { memberId: { S: 'member-7' } },
      });
      expect(Item).toEqual({ memberId: { S: 'member-7' }, balance: { N: '1500' } });
    } finally {
      reader.close();
      await second.stop();
      await second.stop(); // idempotent
    }
  });

  it('says clearly when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const failure = startDynamoDbLocal({ dataDir: null, port });
      await expect(failure).rejects.toBeInstanceOf(DynamoDbLocalStartError);
      await expect(failure).rejects.toThrow(`Cannot start DynamoDB Local on port ${port}: it is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('reports a JVM that dies during start-up with the tail of its output', async () => {
    // passes `java -version` but leaves DynamoDB Local too little class metadata space to start
    const failure = withEnv('JAVA_TOOL_OPTIONS', '-XX:MaxMetaspaceSize=6m', () => startDynamoDbLocal({ dataDir: null }));
    await expect(failure).rejects.toBeInstanceOf(DynamoDbLocalStartError);
    await expect(failure).rejects.toThrow(
      /did not start on port \d+: the JVM exited with code 1 before listening\n--- DynamoDB Local output \(tail\) ---\nPicked up JAVA_TOOL_OPTIONS/,
    );
  });

  it('explains how to install Java when there is none on PATH', async () => {
    const failure = withEnv('PATH', path.join(scratch, 'no-java-here'), () => startDynamoDbLocal({ dataDir: null }));
    await expect(failure).rejects.toBeInstanceOf(JavaRuntimeError);
    await expect(failure).rejects.toThrow(
      'DynamoDB Local needs Java 17 or newer, but no `java` was found on PATH: install it with `apt-get install -y openjdk-17-jre-headless`',
    );
  });

  it('explains that an old Java is too old', async () => {
    const bin = path.join(scratch, 'java8-bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n');
    chmodSync(path.join(bin, 'java'), 0o755);
    const failure = withEnv('PATH', bin, () => startDynamoDbLocal({ dataDir: null }));
    await expect(failure).rejects.toThrow(
      'DynamoDB Local needs Java 17 or newer, but `java` is Java 1.8.0_392: install it with `apt-get install -y openjdk-17-jre-headless`',
    );
  });

  it.concurrent.each(['SIGKILL', 'SIGTERM'] as const)('takes the JVM down when its parent dies by %s', async (signal) => {
    const holder = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/hold-dynamodb-local.ts')], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { port } = JSON.parse(
      await new Promise<string>((resolve) => createInterface({ input: holder.stdout }).once('line', resolve)),
    ) as { port: number };
    const jvm = () => dynamoDbLocalProcesses().filter((line) => line.includes(`-port ${port} `));
    expect(jvm()).toHaveLength(1);
    holder.kill(signal);
    expect(await waitUntil(() => jvm().length === 0, 5000)).toBe(true);
  });
});
