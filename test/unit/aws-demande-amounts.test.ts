/**
 * The requests' amounts in DynamoDB (aws-sdk-client-mock): written as strings, their exact text
 * (a Number would round past 38 digits and refuse 1e400); a request stored before, with Number
 * amounts, reads back with the text its doubles print as.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDemandeStore } from '../../shared/adapters/aws/demande-store.js';
import { demandeRecord } from '../adapters/store-records.js';

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }));
const dynamoMock = mockClient(DynamoDBDocumentClient);
const demandes = new DynamoDemandeStore(dynamo, 'Demandes');

beforeEach(() => dynamoMock.reset());

describe('DemandeStore (DynamoDB): amounts', () => {
  it('writes the amounts as strings, the exact text', async () => {
    dynamoMock.on(PutCommand).resolves({});
    const record = demandeRecord({ montantSegurHT: '1e+400', montantSegurTTC: '1.2e+400', commande: { numeroBonCommande: 'BC-1', montantSegurHT: '1e+400' } });
    await demandes.createMany([record]);
    expect(dynamoMock).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ montantSegurHT: '1e+400', montantSegurTTC: '1.2e+400', commande: { numeroBonCommande: 'BC-1', montantSegurHT: '1e+400' } }),
    });
  });

  it('reads a request stored with Number amounts as their text, by every read', async () => {
    const current = demandeRecord({ montantSegurHT: '1250.5', montantSegurTTC: '1500.6', commande: { numeroBonCommande: 'BC-1', montantSegurHT: '1250.5' } });
    const legacy = { ...current, cle: 'k', montantSegurHT: 1250.5, montantSegurTTC: 1500.6, commande: { numeroBonCommande: 'BC-1', montantSegurHT: 1250.5 } };
    dynamoMock.on(GetCommand).resolves({ Item: legacy });
    dynamoMock.on(BatchGetCommand).resolves({ Responses: { Demandes: [legacy] } });
    dynamoMock.on(QueryCommand).resolves({ Items: [legacy] });
    expect(await demandes.get(current.numeroDossier)).toEqual(current);
    expect(await demandes.getMany([current.numeroDossier])).toEqual([current]);
    expect(await demandes.listByImport(current.identifiantImport)).toEqual([current]);
    expect((await demandes.list(current.siret, {}, 10)).elements).toEqual([current]);
  });

  it('reads a request stored with text amounts as it is', async () => {
    const current = demandeRecord({ montantSegurHT: '12345678901234567.89', montantSegurTTC: '14814814681481481.47' });
    dynamoMock.on(GetCommand).resolves({ Item: { ...current, cle: 'k' } });
    expect(await demandes.get(current.numeroDossier)).toEqual(current);
  });
});
