import { createRoot } from 'react-dom/client';
import { loadConfig } from '../app/config';
import { Explorer } from './Explorer';

const root = createRoot(document.getElementById('root')!);
loadConfig().then(
  (config) => root.render(<Explorer config={config} />),
  (error: Error) => root.render(<p role="alert">{error.message}</p>),
);
