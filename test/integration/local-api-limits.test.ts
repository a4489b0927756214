/** The local API's body limit (issue 9): 413 for a body over 1 MB, and the connection still serves the next request. */
import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DPI_SIRET } from '../fixtures/deposit-files.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await h.token(DPI_SIRET);
}, 60_000);
afterAll(() => h?.stop());

/** One request on the agent's single socket: status, body and whether the socket was reused. */
function send(agent: Agent, method: string, path: string, body?: Buffer): Promise<{ status: number; body: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.stack.apiUrl}${path}`, { method, agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local API body limit', () => {
  it('answers 413 in French past 1 MB and serves the next request on the same connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
      const refused = await send(agent, 'POST', '/imports', big);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'TROP_VOLUMINEUX', message: expect.stringMatching(/1 Mo/) });
      const next = await send(agent, 'GET', '/referentiel/solutions');
      expect(next.status).toBe(200);
      expect(next.reused).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
