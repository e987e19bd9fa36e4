/**
 * The app's runtime configuration: `/config.json`, written by whoever serves the build (the local engine's CLI from
 * the running stack; on AWS, from the stack's outputs), so one build runs anywhere without editing.
 */
import { configureApi, type ApiSettings } from '../api/client';

export interface AppConfig extends ApiSettings {
  /** present only when served by the local engine: the developer tools and their settings */
  local?: {
    /** the seeded users, for the GraphQL explorer's "sign in as" */
    users: Array<{ username: string; password: string; groups: string[] }>;
    /** the local developer's IAM keys, for the explorer's IAM mode */
    iam: { accessKeyId: string; secretAccessKey: string };
  };
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The app's configuration could not be loaded (${response.status}).`);
  const config = (await response.json()) as AppConfig;
  if (config.local) {
    // Amplify forces wss:// for custom endpoints; the local engine serves ws:// on loopback
    const { installLoopbackWebSocket } = await import('../dev/local-websocket');
    installLoopbackWebSocket(window, window.WebSocket);
  }
  configureApi(config);
  return config;
}
