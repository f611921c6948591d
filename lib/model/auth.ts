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

/** The first administrator of the FAB auth manager, created by the migration Job if missing. */
export interface FabAdminProps {
  /**
   * Login name.
   *
   * @default 'admin'
   */
  readonly username?: string;
  /** Email address (FAB requires one), e.g. `airflow-admins@example.com`. */
  readonly email: string;
  /** @default 'Airflow' */
  readonly firstName?: string;
  /** @default 'Admin' */
  readonly lastName?: string;
  /**
   * The password. The user is created once; a later change of this Secret does not change the
   * password of an existing user (use the UI or `airflow users reset-password`).
   *
   * @default AirflowSecret.generated() - read it with
   *   `kubectl get secret <instance>-fab-admin -o jsonpath='{.data.password}' | base64 -d`
   */
  readonly password?: AirflowSecret;
}

/** The FAB auth manager: users, roles and permissions in the metadata database. */
export interface FabAuthProps {
  /**
   * The first administrator, created after the migrations when no user of that name exists.
   *
   * @default - no user is created (add users with the CLI, or sign-in through OAuth/LDAP configured in `webserver_config.py`)
   */
  readonly admin?: FabAdminProps;
}

/** Class path of the FAB auth manager (provider `apache-airflow-providers-fab`, in the official image). */
export const FAB_AUTH_MANAGER = 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager';

/** How users log in to the UI (Airflow 3). */
export abstract class AirflowAuth {
  /** Airflow's simple auth manager with shared, in-cluster generated passwords (the default). */
  public static simple(props: SimpleAuthProps = {}): AirflowAuth {
    return new SimpleAuth(props);
  }

  /**
   * The FAB auth manager, documented for production: users in the metadata database (roles,
   * permissions, OAuth/LDAP through `webserver_config.py`). The migration Job also runs
   * `airflow fab-db migrate` and creates the first admin from a Secret.
   */
  public static fab(props: FabAuthProps = {}): AirflowAuth {
    return new FabAuth(props);
  }

  /**
   * Another auth manager, e.g. the Keycloak provider's. Its provider must be in the image;
   * configure it with `config`.
   *
   * @param className the auth manager's Python class path
   */
  public static manager(className: string): AirflowAuth {
    return new CustomAuthManager(className);
  }

  /** Discriminates the auth kinds. */
  public abstract readonly kind: 'simple' | 'fab' | 'manager';
}

/** See `AirflowAuth.simple()`. */
export class SimpleAuth extends AirflowAuth {
  public readonly kind = 'simple' as const;
  constructor(public readonly props: SimpleAuthProps) {
    super();
  }
}

/** See `AirflowAuth.fab()`. */
export class FabAuth extends AirflowAuth {
  public readonly kind = 'fab' as const;
  constructor(public readonly props: FabAuthProps) {
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
