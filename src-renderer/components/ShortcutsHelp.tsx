import { Modal } from './Modal';

const shortcuts: [string, string][] = [
  ['n', 'Declare a new incident'],
  ['/', 'Search incidents'],
  ['g', 'Go to the dashboard'],
  ['?', 'Show this help'],
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
