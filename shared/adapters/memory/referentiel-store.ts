import type { Solution, Fournisseur } from '../../domain/referentiel.js';
import type { ReferentielStore } from '../../ports/referentiel-store.js';
import { snapshot } from './snapshot.js';

interface Profile {
  raisonSociale: string;
  statutEnrolement: string;
  solutions: Map<string, Solution>;
}

/**
 * Reference data in memory, loaded as the DynamoDB adapter loads it: an upsert by SIRET and by
 * numéro ANS; a solution absent from a later load is kept, one given to another supplier leaves
 * its previous owner.
 */
export class MemoryReferentielStore implements ReferentielStore {
  readonly #profiles = new Map<string, Profile>();
  /** The SIRET that owns each numéro ANS. */
  readonly #owners = new Map<string, string>();

  async findFournisseur(siret: string): Promise<Fournisseur | undefined> {
    const profile = this.#profiles.get(siret);
    if (!profile) return undefined;
    const solutions = [...profile.solutions.values()].sort((a, b) => a.numeroAns.localeCompare(b.numeroAns)).map(snapshot);
    return { siret, raisonSociale: profile.raisonSociale, statutEnrolement: profile.statutEnrolement, solutions };
  }

  async upsertFournisseurs(suppliers: readonly Fournisseur[]): Promise<void> {
    for (const s of suppliers) {
      const profile = this.#profiles.get(s.siret) ?? { raisonSociale: '', statutEnrolement: '', solutions: new Map<string, Solution>() };
      profile.raisonSociale = s.raisonSociale;
      profile.statutEnrolement = s.statutEnrolement;
      this.#profiles.set(s.siret, profile);
      for (const solution of s.solutions) {
        const previous = this.#owners.get(solution.numeroAns);
        this.#owners.set(solution.numeroAns, s.siret);
        if (previous && previous !== s.siret) this.#profiles.get(previous)?.solutions.delete(solution.numeroAns);
        profile.solutions.set(solution.numeroAns, snapshot(solution));
      }
    }
  }
}
