// The server decides what a valid version is (docs/api.md: semver MAJOR.MINOR.PATCH[-pre][+build],
// no "v"); this mirrors it only to say so while typing.
const semver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** semverHint says what is wrong with a version string as typed, or nothing. */
export function semverHint(value: string): string | undefined {
  if (!value) return undefined;
  if (/^v\d/.test(value)) return 'Leave out the “v”: for example 1.0.0.';
  if (!semver.test(value)) return 'Use MAJOR.MINOR.PATCH, for example 1.0.0 or 1.1.0-rc.1.';
  return undefined;
}

/** nextPatch suggests the version after the highest one given (1.2.3 -> 1.2.4). */
export function nextVersion(existing: string[]): string {
  let best: number[] | null = null;
  for (const v of existing) {
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
    if (!m) continue;
    const n = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!best || n[0] > best[0] || (n[0] === best[0] && (n[1] > best[1] || (n[1] === best[1] && n[2] > best[2])))) best = n;
  }
  return best ? `${best[0]}.${best[1]}.${best[2] + 1}` : '1.0.0';
}
