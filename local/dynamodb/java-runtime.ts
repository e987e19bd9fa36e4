/**
 * DynamoDB Local is a Java program; checking `java` up front turns a cryptic spawn failure or JVM
 * "UnsupportedClassVersionError" into one actionable sentence.
 */
import { execFile } from 'node:child_process';
import { JavaRuntimeError } from './errors.js';

/** DynamoDB Local 3.x is compiled for Java 17. */
export const MINIMUM_JAVA_MAJOR = 17;

const INSTALL_HINT = 'install it with `apt-get install -y openjdk-17-jre-headless` (or put a JDK 17+ `java` on PATH)';

export interface JavaRuntime {
  /** e.g. "17.0.15" */
  version: string;
  major: number;
}

/** Resolves with the version of the `java` on PATH, or rejects with a JavaRuntimeError saying how to fix it. */
export function checkJava(command = 'java'): Promise<JavaRuntime> {
  return new Promise((resolve, reject) => {
    execFile(command, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new JavaRuntimeError(
            `DynamoDB Local needs Java ${MINIMUM_JAVA_MAJOR} or newer, but no \`${command}\` was found on PATH: ${INSTALL_HINT}`,
          ),
        );
        return;
      }
      const output = `${stderr}\n${stdout}`;
      // `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_392"` on stderr
      const match = /version "([^"]+)"/.exec(output);
      if (error || !match) {
        const detail = error ? error.message : output.trim().split('\n')[0];
        reject(
          new JavaRuntimeError(
            `DynamoDB Local needs Java ${MINIMUM_JAVA_MAJOR} or newer, but \`${command} -version\` failed (${detail}): ${INSTALL_HINT}`,
          ),
        );
        return;
      }
      const version = match[1];
      const parts = version.split(/[._-]/).map(Number);
      const major = parts[0] === 1 ? parts[1] : parts[0];
      if (!(major >= MINIMUM_JAVA_MAJOR)) {
        reject(
          new JavaRuntimeError(
            `DynamoDB Local needs Java ${MINIMUM_JAVA_MAJOR} or newer, but \`${command}\` is Java ${version}: ${INSTALL_HINT}`,
          ),
        );
        return;
      }
      resolve({ version, major });
    });
  });
}
