// Names for the generated types the screens use, derived from the routes that answer them, so
// they follow the OpenAPI document whatever its schemas are called.
import type { paths } from './schema';

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer C }
      ? JsonOf<C>
      : never
  : never;
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

export type Template = Ok<'/v1/templates/{id}', 'get'>;
export type TemplateCreate = Body<'/v1/templates', 'post'>;
export type TemplateUpdate = Body<'/v1/templates/{id}', 'patch'>;
export type Version = Ok<'/v1/versions/{id}', 'get'>;
export type VersionSummary = NonNullable<Ok<'/v1/templates/{id}/versions', 'get'>['items']>[number];
export type VersionCreate = Body<'/v1/templates/{id}/versions', 'post'>;
export type Link = NonNullable<Ok<'/v1/links', 'get'>['items']>[number];
export type LinkCreate = Body<'/v1/links', 'post'>;
export type LinkUpdate = Body<'/v1/links/{id}', 'patch'>;
export type DataSource = Ok<'/v1/data-sources/{id}', 'get'>;
export type DataSourceInput = Body<'/v1/data-sources', 'post'>;
export type RequestType = Ok<'/v1/service-request-types/{type}', 'get'>;
export type RequestTypeInput = Body<'/v1/service-request-types', 'post'>;
export type AuditEntry = NonNullable<Ok<'/v1/audit', 'get'>['items']>[number];
export type AuditQuery = NonNullable<paths['/v1/audit']['get']['parameters']['query']>;
export type Task = NonNullable<Ok<'/v1/tasks', 'get'>['items']>[number];
export type ApiKey = NonNullable<Ok<'/v1/api-keys', 'get'>['items']>[number];
export type ApiKeyCreate = Body<'/v1/api-keys', 'post'>;
export type ApiKeyCreated = Ok<'/v1/api-keys', 'post'>;
export type Example = NonNullable<Ok<'/v1/examples', 'get'>['items']>[number];
