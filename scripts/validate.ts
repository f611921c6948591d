// `npm run validate [FILES or FOLDERS...]`: the strict schema check of the tests, offline, on any
// manifest file (default: every manifest of dist/). Unknown fields are rejected and custom
// resources are checked against the CRDs in imports/crds/; each problem names file, object and
// field. Exits non-zero when anything is invalid.
import { manifestPaths, validateManifestFiles } from '../lib/validate';

const targets = process.argv.slice(2);
try {
  const files = manifestPaths(targets.length > 0 ? targets : ['dist']);
  if (files.length === 0) throw new Error(`no manifest files in ${targets.join(', ') || 'dist/'}`);
  const report = validateManifestFiles(files);
  for (const problem of report.problems) console.error(problem);
  const summary = `${report.objects} object${report.objects === 1 ? '' : 's'} in ${report.files} file${report.files === 1 ? '' : 's'}`;
  if (report.problems.length > 0) {
    console.error(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${summary}.`);
    process.exitCode = 1;
  } else {
    console.log(`${summary}: valid (Kubernetes schema, unknown fields rejected; custom resources against imports/crds/).`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
