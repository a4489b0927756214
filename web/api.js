/**
 * Every call of the page to the service: JSON calls with the session's token, uploads with
 * progress (the presigned POST, through XMLHttpRequest for its upload progress events), file
 * downloads, and one polling helper that survives transient failures. Every error thrown is an
 * ApiError with a French message.
 */
import { loadConfig } from './config.js';
import { fileSize } from './format.js';

let tokenOf = () => null;
let onUnauthorized = () => {};

/** The session tells the API module how to get the token and what to do on a 401. */
export function useSession(getToken, unauthorized) {
  tokenOf = getToken;
  onUnauthorized = unauthorized;
}

export class ApiError extends Error {
  constructor(status, code, message, data = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.data = data;
  }
  /** Worth trying again: no answer, or the service momentarily unavailable. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const NETWORK = 'Le service est injoignable : vérifiez votre connexion à Internet, puis réessayez.';

function failure(status, data) {
  if (data?.code && data?.message) return new ApiError(status, data.code, data.message, data);
  if (status >= 500) return new ApiError(status, 'INDISPONIBLE', `Le service est momentanément indisponible (erreur ${status}) : réessayez dans un instant.`);
  return new ApiError(status, 'ERREUR', `Le service a refusé la demande (erreur ${status}).`);
}

function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function send(path, init, { token = tokenOf(), query } = {}) {
  const { apiUrl } = await loadConfig();
  const headers = { ...(init.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  try {
    return await fetch(`${apiUrl}${path}${queryString(query)}`, { ...init, headers });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'RESEAU', NETWORK);
  }
}

/**
 * A JSON call. Resolves with { status, data } for 2xx and for the statuses listed in `accept`
 * (e.g. 409 of terminer, whose body says what is missing); throws an ApiError otherwise.
 */
export async function request(method, path, { body, query, accept = [], token, signal } = {}) {
  const init = { method, signal, headers: body === undefined ? {} : { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await send(path, init, { token: token ?? tokenOf(), query });
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  if (res.ok || accept.includes(res.status)) return { status: res.status, data };
  if (res.status === 401 && !token) onUnauthorized();
  throw failure(res.status, data);
}

/**
 * What the page asks of a download route: the file itself, or — past 4 MB — its short-lived link
 * as JSON (the API would otherwise answer 303, and a cross-origin fetch that follows it sends
 * `Origin: null`, which the bucket refuses). Same name as shared/http/responses.ts LINK_MEDIA_TYPE.
 */
const LINK_MEDIA_TYPE = 'application/vnd.segur.lien+json';

/**
 * Downloads a file of the API (return file, CSV export) and hands it to the browser under its
 * name: small files from the answer's body, large ones by going to their short-lived link (the
 * bucket names the file; the page stays).
 */
export async function download(path, { query, fallbackName }) {
  const res = await send(path, { method: 'GET', headers: { accept: `${LINK_MEDIA_TYPE}, */*;q=0.8` } }, { query });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const data = type.includes('json') ? await res.json().catch(() => null) : null;
    if (res.status === 401) onUnauthorized();
    throw failure(res.status, data);
  }
  if (type.startsWith(LINK_MEDIA_TYPE)) {
    const { url } = await res.json();
    clickLink(url);
    return { name: fallbackName, size: null };
  }
  const name = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  clickLink(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: blob.size };
}

function clickLink(href, name) {
  const link = document.createElement('a');
  link.href = href;
  if (name) link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

function fileNameOf(disposition) {
  if (!disposition) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/**
 * Uploads `file` with the presigned POST of `televersement` (every field of `champs`, then the
 * file as `file`), reporting progress as onProgress(sent, total).
 */
export function upload(televersement, file, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(televersement.champs)) form.append(k, v);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', televersement.url);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else reject(uploadRefusal(xhr.status, xhr.responseText, televersement.tailleMax));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'RESEAU', `L'envoi du fichier a été interrompu. ${NETWORK}`)));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'ANNULE', "L'envoi du fichier a été annulé.")));
    xhr.send(form);
  });
}

function uploadRefusal(status, body, tailleMax) {
  const code = /<Code>([^<]+)<\/Code>/.exec(body ?? '')?.[1];
  if (code === 'EntityTooLarge') {
    return new ApiError(status, 'TROP_VOLUMINEUX', `Le fichier dépasse la taille maximale autorisée (${fileSize(tailleMax)}).`);
  }
  if (code === 'AccessDenied' && /expired/i.test(body)) return new ApiError(status, 'EXPIRE', "L'autorisation d'envoi a expiré : recommencez le dépôt.");
  if (status >= 500) return new ApiError(status, 'INDISPONIBLE', `Le stockage des fichiers est momentanément indisponible (erreur ${status}) : réessayez.`);
  return new ApiError(status, 'REFUSE', `L'envoi du fichier a été refusé (erreur ${status}) : vérifiez sa taille et recommencez.`);
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('Abandonné', 'AbortError'));
    }, { once: true });
  });

/**
 * Polls `load()` until `isDone(value)`. Transient failures (no network, 5xx, 429) do not stop
 * it: it waits longer each time (backoff up to 10 s) and reports { reconnecting: true }.
 * Every attempt reports { value?, reconnecting, attempt, elapsedMs } to onUpdate. After
 * `giveUpAfter` transient failures in a row, the last one is thrown (by default it never gives up).
 */
export async function poll(load, isDone, { onUpdate = () => {}, signal, timeoutMs = 15 * 60_000, intervalMs = 250, giveUpAfter = Infinity } = {}) {
  const start = Date.now();
  let failures = 0;
  let interval = intervalMs;
  for (;;) {
    if (signal?.aborted) throw new DOMException('Abandonné', 'AbortError');
    try {
      const value = await load();
      failures = 0;
      onUpdate({ value, reconnecting: false, attempt: 0, elapsedMs: Date.now() - start });
      if (isDone(value)) return value;
      interval = Math.min(interval * 1.25, 1500);
    } catch (error) {
      if (!(error instanceof ApiError) || !error.transient) throw error;
      failures += 1;
      if (failures >= giveUpAfter) throw error;
      onUpdate({ reconnecting: true, attempt: failures, elapsedMs: Date.now() - start });
      interval = Math.min(intervalMs * 2 ** failures, 10_000);
    }
    if (Date.now() - start > timeoutMs) {
      throw new ApiError(0, 'DELAI', 'Le traitement est plus long que prévu : retrouvez-le plus tard dans « Mes dépôts ».');
    }
    await sleep(interval, signal);
  }
}
