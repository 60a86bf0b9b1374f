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
// The server may have drawn the dashboard's first screen into the page (src-main/server/firstScreen):
// then the console's script is fetched only once that screen is painted, so it never delays it.
const root = document.getElementById('root');
const onDashboard = /^(#\/?)?$/.test(window.location.hash);
const firstScreen = root?.hasAttribute('data-first-screen') === true && onDashboard;
// Another screen asked for by its address (a reload on an incident): the dashboard drawn would only flash.
if (!firstScreen) root?.replaceChildren();

function loadConsole(): void {
  // The dashboard's list is asked for before the rest of the console's script is even read: the
  // server works on it while the script loads. Not before: under a first screen, that request is what
  // has `firebreak serve` load its services, which would hold up the page's own stylesheet and scripts.
  const api = prefetching(transport, [['incident.list', firstListInput]]);
  import('./boot').then(
    ({ boot }) => boot(api, { firstScreen }),
    () => {
      const message = document.createElement('p');
      message.setAttribute('role', 'alert');
      message.textContent = window.firebreak
        ? 'The console could not load its script. Restart Firebreak.'
        : 'The console could not load its script. Is `firebreak serve` still running? Reload the page to try again.';
      document.getElementById('root')?.replaceChildren(message);
    },
  );
}

/**
 * After `load`, then two frames: the first has painted the page by then. A page opened in a
 * background tab gets no frames until it is shown: a timer loads the console there all the same.
 */
function afterFirstPaint(then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  const frames = () => {
    requestAnimationFrame(() => requestAnimationFrame(once));
    setTimeout(once, 500);
  };
  if (document.readyState === 'complete') frames();
  else window.addEventListener('load', frames, { once: true });
}

// Start-up marks (User Timing): the start-up bench splits the console's own time by them.
performance.mark('firebreak:entry');
if (firstScreen) afterFirstPaint(loadConsole);
else loadConsole();
