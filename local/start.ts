/** `npm start`: the whole service on this machine. */
import './sdk-warning.js';
import { DEMO_REFERENTIEL } from '../shared/domain/referentiel.js';
import { DEMO_PASSWORD } from './oidc/demo-accounts.js';
import { defaultDataDir, startLocalStack } from './stack.js';

const port = Number(process.env.PORT ?? 3000);
const s3Port = Number(process.env.S3_PORT ?? port + 1);
const stack = await startLocalStack({ dataDir: defaultDataDir(), port, s3Port, logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' });

const lines = [
  `Service de dépôt Ségur — vague 2, couloir Hôpital : ${stack.url}  (page des fournisseurs ; connexion avec un fournisseur de démonstration)`,
  `  API : ${stack.apiUrl}   S3 local : ${stack.s3Url}   données : ${stack.dataDir}${stack.firstStart ? ' (créées, avec le référentiel de démonstration)' : ''}`,
  `  Fournisseur OpenID local : ${stack.oidc.issuer}  (fournisseurs de démonstration, mot de passe « ${DEMO_PASSWORD} », pile locale seulement)`,
  '',
  'Pour agir comme un fournisseur de démonstration, prenez un jeton :',
  ...DEMO_REFERENTIEL.fournisseurs.map(
    (f) => `  ${f.siret} (${f.statutEnrolement}, ${f.solutions.map((s) => s.numeroAns).join(', ')}) : npm run --silent segur -- jeton ${f.siret}`,
  ),
  `puis : curl -H "Authorization: Bearer $JETON" ${stack.apiUrl}/referentiel/solutions`,
  '',
  'Ctrl+C pour arrêter.',
];
console.log(lines.join('\n'));

const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
