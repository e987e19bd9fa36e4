/**
 * A development page that follows one subscription with the app's client module and lists every payload it
 * receives (the browser tests drive it). Parameters come from the URL: endpoint, apiKey, region, query, variables.
 */
import { CONNECTION_STATE_CHANGE, type ConnectionState } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { configureApi, subscribe } from '../api/client';
import { installLoopbackWebSocket } from './local-websocket';

installLoopbackWebSocket(window, window.WebSocket);

const params = new URLSearchParams(location.search);
const status = document.getElementById('connection')!;
const events = document.getElementById('events')!;

Hub.listen('api', ({ payload }) => {
  if (payload.event === CONNECTION_STATE_CHANGE)
    status.textContent = (payload.data as { connectionState: ConnectionState }).connectionState;
});

configureApi({ endpoint: params.get('endpoint')!, region: params.get('region') ?? 'us-east-1', apiKey: params.get('apiKey') ?? undefined });
subscribe<unknown>(params.get('query')!, JSON.parse(params.get('variables') ?? '{}'), {
  next(data) {
    const item = document.createElement('li');
    item.textContent = JSON.stringify(data);
    events.append(item);
  },
  error(error) {
    const item = document.createElement('li');
    item.className = 'error';
    item.textContent = JSON.stringify(error);
    events.append(item);
  },
});
