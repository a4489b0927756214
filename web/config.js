/**
 * The runtime configuration: `./config.json` next to index.html (written by the deployment,
 * served by the local stack) gives at least `apiUrl`; without it the API is at `/api`.
 */
let loaded;

export function loadConfig() {
  loaded ??= fetch('./config.json', { cache: 'no-cache' })
    .then((res) => (res.ok ? res.json() : {}))
    .catch(() => ({}))
    .then((json) => ({ ...json, apiUrl: String(json.apiUrl ?? '/api').replace(/\/$/, '') }));
  return loaded;
}
