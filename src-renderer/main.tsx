import type { FirebreakBridge } from '../src-main/contract';
import { createHttpApi } from './api/httpApi';
import { createIpcApi } from './api/ipcApi';
import { prefetching } from './api/prefetch';
import { firstListInput } from './stores/listRequests';

declare global {
  interface Window {
    firebreak?: FirebreakBridge;
  }
}

// Browser mode: the server sends this page only to a browser holding the session cookie.
const transport = window.firebreak ? createIpcApi(window.firebreak) : createHttpApi();
// The dashboard's list is asked for before the rest of the console's script is even read: the
// server works on it while the page loads.
const api = prefetching(transport, [['incident.list', firstListInput]]);

// Start-up marks (User Timing): the start-up bench splits the console's own time by them.
performance.mark('firebreak:entry');
import('./boot').then(
  ({ boot }) => boot(api),
  () => {
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = window.firebreak
      ? 'The console could not load its script. Restart Firebreak.'
      : 'The console could not load its script. Is `firebreak serve` still running? Reload the page to try again.';
    document.getElementById('root')?.replaceChildren(message);
  },
);
