import type { ServiceContext } from '../context';

/**
 * Technique ids are checked by format in the contract. With a catalogue imported, an id it does
 * not hold is refused here (with the closest ids it does hold); without one, every well-formed id
 * is accepted.
 */
export function checkTechniques(_ctx: ServiceContext, _ids: readonly string[], _field = 'techniques'): void {
  // Not built yet: the catalogue lands with attack.import.
}
