/**
 * Who may log in to the UI (Airflow 3 auth managers).
 *
 * Airflow's default, the simple auth manager, reads users from `[core] simple_auth_manager_users`
 * and their passwords from a JSON file. Left alone, each api-server pod writes that file itself
 * with random passwords, so two replicas (or one pod after a restart) have different passwords
 * and logins fail at random behind a Service. Here the file is a Secret, generated once inside the
 * cluster by default, which every api-server pod copies in before it starts.
 */
import { AirflowSecret } from './secrets';

/** Roles of the simple auth manager, from least to most privileged. */
export type SimpleAuthRole = 'viewer' | 'user' | 'op' | 'admin';

/** A user of the simple auth manager. */
export interface SimpleAuthUser {
  /** Login name: letters, digits, `.`, `_`, `-` and `@`. */
  readonly username: string;
  /** What the user may do. */
  readonly role: SimpleAuthRole;
}

/** The simple auth manager: users and roles, with passwords every api-server replica shares. */
export interface SimpleAuthProps {
  /**
   * The users who may log in.
   *
   * @default [{ username: 'admin', role: 'admin' }]
   */
  readonly users?: readonly SimpleAuthUser[];

  /**
   * The passwords file: a Secret key holding a JSON object that maps each username to its
   * password. When generated, users added later get a password on the next sync and existing
   * passwords never change.
   *
   * @default AirflowSecret.generated() - read it with
   *   `kubectl get secret <instance>-ui-passwords -o jsonpath='{.data.passwords\.json}' | base64 -d`
   */
  readonly passwords?: AirflowSecret;
}

/** How users log in to the UI (Airflow 3). */
export abstract class AirflowAuth {
  /** Airflow's simple auth manager with shared, in-cluster generated passwords (the default). */
  public static simple(props: SimpleAuthProps = {}): AirflowAuth {
    return new SimpleAuth(props);
  }

  /**
   * Another auth manager, e.g. `airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager`
   * or the Keycloak provider's. Its provider must be in the image; configure it with `config`.
   *
   * @param className the auth manager's Python class path
   */
  public static manager(className: string): AirflowAuth {
    return new CustomAuthManager(className);
  }

  /** Discriminates the auth kinds. */
  public abstract readonly kind: 'simple' | 'manager';
}

/** See `AirflowAuth.simple()`. */
export class SimpleAuth extends AirflowAuth {
  public readonly kind = 'simple' as const;
  constructor(public readonly props: SimpleAuthProps) {
    super();
  }
}

/** See `AirflowAuth.manager()`. */
export class CustomAuthManager extends AirflowAuth {
  public readonly kind = 'manager' as const;
  constructor(public readonly className: string) {
    super();
  }
}

/** Class path of Airflow 3's simple auth manager. */
export const SIMPLE_AUTH_MANAGER = 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager';
