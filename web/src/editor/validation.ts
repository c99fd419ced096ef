/** ValidationIssue is one issue of the server's validation (SPEC §4); path is a JSON Pointer. */
export interface ValidationIssue {
  code: string;
  severity: string;
  message: string;
  path: string;
}
