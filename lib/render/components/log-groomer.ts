/**
 * The log groomer: a sidecar in the components that write log files. Every few minutes it deletes
 * log files older than the retention, and, on an emptyDir, the oldest files while the volume is
 * fuller than its budget (80% of its size limit), so the kubelet never evicts the pod for log
 * growth. Airflow 3.3 has no local log retention of its own (only `delete_local_logs` after a
 * remote upload), hence a sidecar, as in the official chart; unlike the chart's `/clean-logs` it
 * also bounds the size, and needs only bash and GNU findutils/coreutils from the Airflow image.
 */
import { k8s } from 'cdk8s-plus-27';
import { LOG_GROOMER_RESOURCES } from '../../model/defaults';
import { AIRFLOW_IDENTITY } from '../../model/identity';
import { ResolvedLocalLogs } from '../../resolve/logs';
import { toResourceRequirements } from '../resources';
import { restrictedContainerSecurityContext } from '../security';

/** Seconds between grooming passes. */
export const LOG_GROOMING_INTERVAL_SECONDS = 300;

/**
 * The groomer program (bash). Env: `LOG_DIR`, `RETENTION_MINUTES`, `BUDGET_KIB` (empty: no size
 * bound), `INTERVAL_SECONDS` (0: one pass, then exit). Errors of one pass (a file
 * removed meanwhile by Airflow) never stop the loop.
 */
export const LOG_GROOMER_SCRIPT = String.raw`set -u
trap 'exit 0' TERM INT
groom() {
  # Retention: files older than the retention go first.
  find "$LOG_DIR" -mindepth 1 -type f ! -path '*/lost+found/*' -mmin "+$RETENTION_MINUTES" -delete 2>/dev/null
  # Size: while the volume is fuller than its budget, the oldest files go.
  if [ -n "$BUDGET_KIB" ]; then
    used=$(du -sk "$LOG_DIR" 2>/dev/null | cut -f1)
    [ -n "$used" ] || used=0
    if [ "$used" -gt "$BUDGET_KIB" ]; then
      find "$LOG_DIR" -mindepth 1 -type f ! -path '*/lost+found/*' -printf '%T@ %k %p\n' 2>/dev/null | sort -n |
        while read -r _ kib path; do
          [ "$used" -le "$BUDGET_KIB" ] && break
          rm -f -- "$path" && used=$((used - kib))
        done
    fi
  fi
  find "$LOG_DIR" -mindepth 1 -type d -empty ! -name lost+found -delete 2>/dev/null
  return 0
}
while true; do
  groom
  [ "$INTERVAL_SECONDS" -eq 0 ] && exit 0
  sleep "$INTERVAL_SECONDS" & wait $!
done
`;

/** The log groomer container for a pod whose `logs` volume is mounted at `logDir`. */
export function logGroomerContainer(image: string, logDir: string, local: ResolvedLocalLogs): k8s.Container {
  return {
    name: 'log-groomer',
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['bash', '-c', LOG_GROOMER_SCRIPT],
    env: [
      { name: 'LOG_DIR', value: logDir },
      { name: 'RETENTION_MINUTES', value: String(local.retentionMinutes) },
      { name: 'BUDGET_KIB', value: local.budgetKiB !== undefined ? String(local.budgetKiB) : '' },
      { name: 'INTERVAL_SECONDS', value: String(LOG_GROOMING_INTERVAL_SECONDS) },
    ],
    resources: toResourceRequirements(LOG_GROOMER_RESOURCES),
    securityContext: restrictedContainerSecurityContext(AIRFLOW_IDENTITY),
    volumeMounts: [{ name: 'logs', mountPath: logDir }],
  };
}
