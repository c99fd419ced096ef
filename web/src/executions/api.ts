// The runs feature's calls. JSON routes go through the typed client (`api.GET`); the byte
// routes (an upload with progress, a download handed to the browser) and the event stream
// cannot be openapi-fetch calls, so they are made here with the same bearer token and the same
// error handling (`call`: ApiError, sign-out on 401).
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { readToken } from '../auth/session';

export type Execution = components['schemas']['Execution'];
export type ExecutionDetail = components['schemas']['ExecutionDetail'];
export type ExecutionNode = components['schemas']['ExecutionNode'];
export type RuntimeStep = components['schemas']['RuntimeStep'];
export type RuntimeView = components['schemas']['RuntimeView'];

/** BatchCounts are a sub-workflow step's children by state (the runtime view's childCounts). */
export type BatchCounts = components['schemas']['ChildCounts'];

/** RunStep is a runtime step (with its childCounts for a sub-workflow step). */
export type RunStep = RuntimeStep;

/**
 * FileRef is a stored document: the POST /v1/files answer, or an entry of a doc_upload output
 * (which carries only fileId, name, size, sha256 and contentType).
 */
export type FileRef = Pick<components['schemas']['File'], 'fileId' | 'name' | 'size'> & Partial<components['schemas']['File']>;

export interface Page<T> {
  items: T[] | null;
  nextCursor?: string;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** batchChildren pages a BATCH (or SINGLE) step's child executions, with their counts. */
export function batchChildren(executionId: string, stepId: string, cursor?: string, limit = 25) {
  return call(api.GET('/v1/executions/{id}/steps/{stepId}/children', { params: { path: { id: executionId, stepId }, query: { cursor, limit } } }));
}

/** executionFiles lists the documents uploaded to an execution. */
export function executionFiles(executionId: string) {
  return call(api.GET('/v1/executions/{id}/files', { params: { path: { id: executionId } } }));
}

/** fileUrl is where a file's bytes are (GET needs the bearer header: see downloadFile). */
export function fileUrl(fileId: string): string {
  return `/v1/files/${encodeURIComponent(fileId)}`;
}

/**
 * downloadFile fetches a file with the bearer token and hands it to the browser as a download
 * (a plain link cannot carry the Authorization header).
 */
export async function downloadFile(file: Pick<FileRef, 'fileId' | 'name'>): Promise<void> {
  const res = await fetch(fileUrl(file.fileId), { headers: authHeaders() });
  if (!res.ok) {
    await call(Promise.resolve({ error: await res.json().catch(() => undefined), response: res }));
    return;
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = file.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * uploadFile streams one file to POST /v1/files for a step's document, reporting progress
 * (XMLHttpRequest: fetch has no upload progress). Rejects with the server's problem.
 */
export function uploadFile(args: { executionId: string; stepId: string; key: string; file: File; onProgress?: (fraction: number) => void }): Promise<FileRef> {
  const url = withQuery('/v1/files', { executionId: args.executionId, stepId: args.stepId, key: args.key, name: args.file.name });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', args.file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && args.onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('The upload was interrupted: the server did not answer.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = xhr.responseText;
      }
      const response = new Response(null, { status: xhr.status, statusText: xhr.statusText });
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as FileRef);
      else call(Promise.resolve({ error: body, response })).catch(reject);
    };
    xhr.send(args.file);
  });
}

/** eventsUrl is an execution's change stream (GET /v1/executions/{id}/events). */
export function eventsUrl(executionId: string): string {
  return `/v1/executions/${encodeURIComponent(executionId)}/events`;
}

export { authHeaders };
