import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { i18nReady } from './i18n';
import './styles.css';
import { App } from './App';
import { SessionProvider } from './features/auth/SessionProvider';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing in index.html');
// A Portuguese or French browser waits for its (lazy) strings instead of flashing English first.
void i18nReady.then(() =>
  createRoot(container).render(
    <StrictMode>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </StrictMode>,
  ),
);
