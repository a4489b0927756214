import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Solution, Fournisseur } from '../../domain/referentiel.js';
import type { ReferentielStore } from '../../ports/referentiel-store.js';
import { unlessRefused } from './conditional-write.js';

/**
 * Reference data in DynamoDB (table `Referentiel`): one item per supplier (key `siret`, `cle` =
 * `FOURNISSEUR`) holding its solutions in a map by numéro ANS, so that one read answers ENT-03;
 * and per numéro ANS, the SIRET that owns it (key `ANS#<numeroAns>`, `PROPRIETAIRE`). Loading is
 * an upsert by SIRET and by numéro ANS: a solution absent from a later file is kept; one now given
 * to another supplier leaves its previous owner.
 */
const PROFILE = 'FOURNISSEUR';
const OWNER = 'PROPRIETAIRE';
const ownerKey = (numeroAns: string) => ({ siret: `ANS#${numeroAns}`, cle: OWNER });

interface StoredSupplier {
  siret: string;
  cle: string;
  raisonSociale: string;
  statutEnrolement: string;
  solutions?: Record<string, Solution>;
}

export class DynamoReferentielStore implements ReferentielStore {
  constructor(
    private readonly dynamo: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findFournisseur(siret: string): Promise<Fournisseur | undefined> {
    const out = await this.dynamo.send(new GetCommand({ TableName: this.table, Key: { siret, cle: PROFILE } }));
    const item = out.Item as StoredSupplier | undefined;
    if (!item) return undefined;
    const solutions = Object.values(item.solutions ?? {}).sort((a, b) => a.numeroAns.localeCompare(b.numeroAns));
    return { siret, raisonSociale: item.raisonSociale, statutEnrolement: item.statutEnrolement, solutions };
  }

  async upsertFournisseurs(suppliers: readonly Fournisseur[]): Promise<void> {
    for (const s of suppliers) {
      const key = { siret: s.siret, cle: PROFILE };
      // first the supplier and an empty map of solutions if it has none yet, then each solution in it
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET raisonSociale = :raison, statutEnrolement = :statut, solutions = if_not_exists(solutions, :none)',
          ExpressionAttributeValues: { ':raison': s.raisonSociale, ':statut': s.statutEnrolement, ':none': {} },
        }),
      );
      if (s.solutions.length === 0) continue;
      for (const solution of s.solutions) await this.moveOwnership(solution.numeroAns, s.siret);
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = s.solutions.map((solution, i) => {
        names[`#a${i}`] = solution.numeroAns;
        values[`:v${i}`] = solution;
        return `solutions.#a${i} = :v${i}`;
      });
      await this.dynamo.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    }
  }

  /** Records the new owner of a solution and takes it off its previous owner's list. */
  private async moveOwnership(numeroAns: string, siret: string): Promise<void> {
    const out = await this.dynamo.send(
      new UpdateCommand({
        TableName: this.table,
        Key: ownerKey(numeroAns),
        UpdateExpression: 'SET proprietaire = :siret',
        ExpressionAttributeValues: { ':siret': siret },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    const previous = out.Attributes?.proprietaire as string | undefined;
    if (!previous || previous === siret) return;
    // the previous owner may be gone: nothing to take off then
    await unlessRefused(
      () =>
        this.dynamo.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { siret: previous, cle: PROFILE },
            UpdateExpression: 'REMOVE solutions.#ans',
            ConditionExpression: 'attribute_exists(siret)',
            ExpressionAttributeNames: { '#ans': numeroAns },
          }),
        ),
      undefined,
    );
  }
}
