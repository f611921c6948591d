/**
 * DAG files shipped in a ConfigMap (`DagSource.files`). A ConfigMap volume is a folder of symlinks
 * into a hidden, timestamped folder (`..data -> ..2026_...`); Airflow walks the DAG folder
 * following symlinks and stops with "Detected recursive loop" when it meets that folder twice
 * (checked against Airflow 3.3's `_find_path_from_directory`). The `.airflowignore` shipped next
 * to the files hides every `..*` entry, so only the files themselves are parsed.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { FileDags } from '../../model/dags';
import { DAG_IGNORE_FILE, dagFilesConfigMapName } from '../../resolve/dags';
import { AirflowContext, metadataFor } from '../context';

/**
 * The ignore file: gitignore-style globs (`[core] dag_ignore_file_syntax = glob`, Airflow's
 * default; another syntax is rejected with `DagSource.files`).
 */
export const DAG_FILES_IGNORE = '# The ConfigMap volume\'s own folders (..data, ..<timestamp>): parse only the files.\n..*\n';

/** The ConfigMap holding the DAG files and the ignore file, keys sorted. */
export class DagFilesConfigMap extends Construct {
  constructor(scope: Construct, id: string, ctx: AirflowContext, dags: FileDags) {
    super(scope, id);
    const data: Record<string, string> = { [DAG_IGNORE_FILE]: DAG_FILES_IGNORE };
    for (const name of Object.keys(dags.files).sort()) data[name] = dags.files[name];
    new k8s.KubeConfigMap(this, 'config-map', {
      metadata: metadataFor(ctx, 'dags', dagFilesConfigMapName(ctx.instance)),
      data,
    });
  }
}
