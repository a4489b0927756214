/**
 * vitest globalSetup of the integration project: builds the local model (a CDK synthesis, 7–11 s)
 * once, before the test processes start, so that none of them synthesizes it again, and they
 * never race to.
 */
import { loadLocalModel } from '../local/model-cache.js';

export default async function warmModelCache(): Promise<void> {
  await loadLocalModel();
}
