import { AppError, type OperationName, type ParsedInput } from '../../contract';
import type { ServiceContext } from '../context';

// Placeholder handlers: the supply-chain service replaces each of these.
function notBuilt(name: OperationName): never {
  throw new AppError('invalid-input', `${name} is not built yet`);
}

export const importAdvisories = (_ctx: ServiceContext, _input: ParsedInput<'advisories.import'>) => notBuilt('advisories.import');
export const advisoryStatus = (_ctx: ServiceContext, _input: ParsedInput<'advisories.status'>) => notBuilt('advisories.status');
export const scanDeps = (_ctx: ServiceContext, _input: ParsedInput<'scan.deps'>) => notBuilt('scan.deps');
export const scanLockDiff = (_ctx: ServiceContext, _input: ParsedInput<'scan.lockdiff'>) => notBuilt('scan.lockdiff');
export const generateSbom = (_ctx: ServiceContext, _input: ParsedInput<'sbom.generate'>) => notBuilt('sbom.generate');
export const diffSboms = (_ctx: ServiceContext, _input: ParsedInput<'sbom.diff'>) => notBuilt('sbom.diff');
export const integritySnapshot = (_ctx: ServiceContext, _input: ParsedInput<'integrity.snapshot'>) => notBuilt('integrity.snapshot');
export const integrityCheck = (_ctx: ServiceContext, _input: ParsedInput<'integrity.check'>) => notBuilt('integrity.check');
export const listSupplyChecks = (_ctx: ServiceContext, _input: ParsedInput<'supply.list'>) => notBuilt('supply.list');
export const getSupplyCheck = (_ctx: ServiceContext, _input: ParsedInput<'supply.get'>) => notBuilt('supply.get');
