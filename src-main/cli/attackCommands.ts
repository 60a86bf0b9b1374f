import type { Command } from 'commander';
import type { OutputMode } from './output';

type Finish = (code: number) => void;

// Not built yet: the `attack` commands land with their service.
export function registerAttackCommands(_program: Command, _mode: () => OutputMode, _finish: Finish): void {}
