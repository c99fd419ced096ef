// What a person can do about each conflict the server reports (docs/api.md, "Errors"). The
// server decides; this only explains its answer in the app's words.
const hints: Record<string, string> = {
  stale_write: 'Someone changed this draft after you opened it. Reload to see their version, then make your change again.',
  precondition_required: 'The edit was sent without the version it was based on. Reload and try again.',
  version_not_draft: 'Only a DRAFT can be changed. Add a new version (copying this one as its starter) to make changes.',
  version_not_published: 'Only a PUBLISHED version can be activated or deprecated. Publish the draft first.',
  version_active: 'This is the active version. Activate another version first, then deprecate this one.',
  version_has_executions: 'Executions ran on this version, so it is kept for their history.',
  template_has_executions: 'Executions ran on this workflow, so it cannot be deleted. Deprecate its versions instead.',
  duplicate_version: 'That version number is already used in this workflow. Pick the next one (for example bump the patch number).',
  duplicate_link: 'That identifier is already linked to a workflow. Edit or delete the existing link in Workflow Links.',
  already_exists: 'The name or key is taken. Choose another, or edit the existing one.',
  in_use: 'Something still uses it (a published definition or existing requests). Remove those uses first.',
  conflict: 'It conflicts with an existing record. Reload to see the current state.',
  no_active_version: 'The workflow has no active version. Publish and activate one first.',
  validation_failed: 'The definition has errors. Fix each issue listed and publish again.',
  legacy_config_invalid: 'Published definitions map onto groups or tasks this change would remove. Keep those keys, or change the definitions first.',
  forbidden: 'Your key’s role may not do this. Ask an administrator.',
  unauthorized: 'Your key is no longer valid. Sign in again.',
  body_too_large: 'The file or text is too large for the server (4 MiB for definitions).',
  network: 'Check that the wfb server is running and reachable, then retry.',
};

/** conflictHint says what to do about a problem code, when there is something to say. */
export function conflictHint(code: string | undefined): string | undefined {
  return code ? hints[code] : undefined;
}
