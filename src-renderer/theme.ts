/**
 * The colour theme: the system's preference unless the responder chose one (kept in localStorage,
 * per browser profile). Applied as data-theme on <html>, which styles.css reads.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const storageKey = 'firebreak.theme';
const lightQuery = '(prefers-color-scheme: light)';

export function parseThemeChoice(stored: string | null): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function resolveTheme(choice: ThemeChoice, systemPrefersLight: boolean): Theme {
  if (choice !== 'system') return choice;
  return systemPrefersLight ? 'light' : 'dark';
}

function storedChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(storageKey));
  } catch {
    return 'system'; // storage refused (a locked-down profile): follow the system
  }
}

let choice: ThemeChoice = 'system';

function apply(): void {
  document.documentElement.dataset.theme = resolveTheme(choice, window.matchMedia(lightQuery).matches);
}

/** Once, before the first render: the stored choice, and a follow-up whenever the system switches. */
export function startTheme(): void {
  choice = storedChoice();
  apply();
  window.matchMedia(lightQuery).addEventListener('change', apply);
}

export function themeChoice(): ThemeChoice {
  return choice;
}

export function chooseTheme(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, next);
  } catch {
    // Not kept across reloads, but applied now.
  }
  apply();
}
