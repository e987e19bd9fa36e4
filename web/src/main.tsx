import '@aws-amplify/ui-react/styles.css';
import './app/app.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadConfig } from './app/config';

const root = createRoot(document.getElementById('root')!);
loadConfig().then(
  (config) => root.render(<App config={config} />),
  (error: Error) => root.render(<p role="alert">{error.message}</p>),
);
