import { Modal } from '../common/Modal';

const shortcuts: [string, string][] = [
  ['n', 'Declare a new incident'],
  ['/', 'Search incidents'],
  ['g', 'Go to the dashboard'],
  ['Shift+D', 'Go to tabletop drills'],
  ['Ctrl+K', 'Command palette: jump to an incident or action'],
  ['?', 'Show this help'],
  ['↑ / ↓', 'Dashboard: previous / next incident (Home, End: first, last; Enter opens it)'],
  ['j / k', 'Checklist: next / previous step'],
  ['x', 'Checklist: mark the step done (again to reopen)'],
  ['s', 'Checklist: skip the step, with a reason'],
  ['e', 'Checklist: add a note to the step'],
  ['c', 'Checklist: copy the step\'s command'],
  ['Esc', 'Close a dialog, leave a field, or go back'],
  ['Ctrl+Enter', 'Submit the form or note you are typing'],
];

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {shortcuts.map(([key, action]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
