import { AppError, type ParsedInput, type Playbook, type PlaybookProblem, type PlaybookSummary } from '../../contract';
import type { ServiceContext } from '../context';
import { loadPlaybooks, summarize } from './playbooks';

export function listPlaybooks(ctx: ServiceContext): { playbooks: PlaybookSummary[]; problems: PlaybookProblem[] } {
  const { playbooks, problems } = loadPlaybooks(ctx);
  return { playbooks: playbooks.map(summarize), problems };
}

export function getPlaybook(ctx: ServiceContext, input: ParsedInput<'playbook.get'>): Playbook {
  const found = loadPlaybooks(ctx).playbooks.find((playbook) => playbook.id === input.id);
  if (!found) throw new AppError('not-found', `no playbook '${input.id}'`);
  return found;
}
