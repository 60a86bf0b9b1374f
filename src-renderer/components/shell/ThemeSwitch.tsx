import { useState } from 'react';
import { chooseTheme, themeChoice, type ThemeChoice } from '../../theme';

/** System / Light / Dark, in the top bar. */
export function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>(themeChoice);
  return (
    <select
      className="theme-switch"
      aria-label="Theme"
      title="Colour theme: Auto follows the system setting"
      value={choice}
      onChange={(event) => {
        const next = event.target.value as ThemeChoice;
        chooseTheme(next);
        setChoice(next);
      }}
    >
      <option value="system">Auto</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
