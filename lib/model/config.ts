/** Free-form Airflow settings, by section and key, as users give them in the `config` prop. */

/** A setting value as written in `airflow.cfg`. */
export type AirflowSettingValue = string | number | boolean;

/**
 * Airflow settings by section and key, exactly as in `airflow.cfg`:
 * `{ core: { parallelism: 64 }, logging: { logging_level: 'INFO' } }`.
 */
export type AirflowSettings = Readonly<Record<string, Readonly<Record<string, AirflowSettingValue>>>>;
