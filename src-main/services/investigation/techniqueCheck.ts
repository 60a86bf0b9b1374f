import { AppError, type AttackCatalogue } from '../../contract';
import { heldTechniqueIds, readAttackCatalogue } from '../../store/attackRepo';
import type { ServiceContext } from '../context';

function catalogueName(catalogue: AttackCatalogue): string {
  const version = catalogue.version ? `v${catalogue.version}` : 'version unknown';
  return `the imported ATT&CK catalogue (${version}, ${catalogue.techniques.toLocaleString('en-US')} techniques)`;
}

/**
 * Technique ids are checked by format in the contract. With a catalogue imported, an id it does
 * not hold is refused here (naming its parent when the catalogue holds that); without one, every
 * well-formed id is accepted. Deprecated techniques are still held, so still accepted.
 */
export function checkTechniques(ctx: ServiceContext, ids: readonly string[], field = 'techniques'): void {
  if (!ids.length) return;
  const catalogue = readAttackCatalogue(ctx.db);
  if (!catalogue) return;
  const wanted = [...new Set(ids)];
  const parents = wanted.filter((id) => id.includes('.')).map((id) => id.slice(0, id.indexOf('.')));
  const held = heldTechniqueIds(ctx.db, [...wanted, ...parents]);
  const missing = ids.map((id, index) => ({ id, index })).filter(({ id }) => !held.has(id));
  if (!missing.length) return;
  const fields = missing.map(({ id, index }) => {
    const parent = id.includes('.') ? id.slice(0, id.indexOf('.')) : null;
    const hint = parent && held.has(parent) ? ` (it holds ${parent})` : '';
    return { field: ids.length > 1 ? `${field}.${index}` : field, message: `${id} is not in ${catalogueName(catalogue)}${hint}` };
  });
  throw new AppError('invalid-input', fields.map((issue) => issue.message).join('; '), fields);
}
