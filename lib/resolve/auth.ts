/**
 * Resolves the `auth` prop: the auth manager settings it owns and, for the simple auth manager,
 * the passwords Secret every api-server replica copies in.
 */
import { ValidationProblems, show } from '../errors';
import { AirflowAuth, CustomAuthManager, FAB_AUTH_MANAGER, FabAuth, SIMPLE_AUTH_MANAGER, SimpleAuth, SimpleAuthUser } from '../model/auth';
import { AirflowSettings } from '../model/config';
import { AirflowSecret } from '../model/secrets';
import { AirflowCapabilities } from '../model/version';
import { ResolvedSecret, checkSecret, resolveSecret } from './secrets';

/** Where the api-server reads the simple auth manager's passwords (a writable emptyDir). */
export const SIMPLE_AUTH_PASSWORDS_FILE = '/tmp/simple_auth_manager_passwords.json.generated';

/** Settings the `auth` prop owns, with the hint shown when users set them in `config`. */
export const AUTH_SETTINGS: Readonly<Record<string, string>> = {
  'core.auth_manager': 'set the "auth" prop (AirflowAuth.simple(...), AirflowAuth.fab(...) or AirflowAuth.manager(...))',
  'core.simple_auth_manager_users': 'set the users with AirflowAuth.simple({ users })',
  'core.simple_auth_manager_passwords_file': 'set the passwords with AirflowAuth.simple({ passwords })',
};

/** The `auth` prop resolved to settings and, for the simple auth manager, its passwords Secret. */
export interface ResolvedAuth {
  /** Settings written into `airflow.cfg`. */
  readonly settings: AirflowSettings;
  /** The passwords file the api-server copies in (simple auth manager only). */
  readonly passwords?: ResolvedSecret;
  /** Whether the FAB auth manager's tables are migrated with the metadata database. */
  readonly fab?: boolean;
  /** The first FAB administrator, created by the migration Job when missing. */
  readonly fabAdmin?: ResolvedFabAdmin;
}

/** The first FAB administrator, resolved. */
export interface ResolvedFabAdmin {
  readonly username: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password: ResolvedSecret;
}

const DEFAULT_USERS: readonly SimpleAuthUser[] = [{ username: 'admin', role: 'admin' }];
const ROLES: readonly string[] = ['viewer', 'user', 'op', 'admin'];
// `[core] simple_auth_manager_users` is "name:role,name:role": no ':' or ',' in names.
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
const CLASS_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** Validates the `auth` prop and resolves it to settings and a passwords Secret. */
export function resolveAuth(
  problems: ValidationProblems,
  auth: AirflowAuth | undefined,
  caps: AirflowCapabilities,
  instance: string,
): ResolvedAuth {
  if (!caps.hasAuthManager) {
    if (auth !== undefined) {
      problems.add('auth', 'applies to Airflow 3 auth managers; the Airflow 2 webserver logs in with FAB users (`airflow users create`): remove the prop');
    }
    return { settings: {} };
  }
  const chosen = auth ?? AirflowAuth.simple();
  if (chosen instanceof CustomAuthManager) {
    if (typeof chosen.className !== 'string' || !CLASS_PATH.test(chosen.className)) {
      problems.add('auth.className', `must be a Python class path such as "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager", got ${show(chosen.className)}`);
    }
    return { settings: { core: { auth_manager: chosen.className } } };
  }
  if (chosen instanceof FabAuth) {
    return { settings: { core: { auth_manager: FAB_AUTH_MANAGER } }, fab: true, fabAdmin: resolveFabAdmin(problems, chosen, instance) };
  }
  if (!(chosen instanceof SimpleAuth)) {
    problems.add('auth', 'must be created with AirflowAuth.simple(...), AirflowAuth.fab(...) or AirflowAuth.manager(...)');
    return { settings: {} };
  }

  const users = chosen.props.users ?? DEFAULT_USERS;
  if (users.length === 0) problems.add('auth.users', 'must list at least one user, or nobody can log in');
  const seen = new Set<string>();
  users.forEach((user, i) => {
    if (typeof user.username !== 'string' || !USERNAME.test(user.username)) {
      problems.add(`auth.users[${i}].username`, `must be 1-64 letters, digits, '.', '_', '-' or '@', got ${show(user.username)}`);
    } else if (seen.has(user.username)) {
      problems.add(`auth.users[${i}].username`, `"${user.username}" is listed twice: give each user one entry`);
    }
    seen.add(user.username);
    if (!ROLES.includes(user.role)) {
      problems.add(`auth.users[${i}].role`, `must be one of ${ROLES.join(', ')}, got ${show(user.role)}`);
    }
  });
  const source = chosen.props.passwords ?? AirflowSecret.generated();
  checkSecret(problems, 'auth.passwords', source, true);
  const passwords: ResolvedSecret = {
    ...resolveSecret(source, instance, `${instance}-ui-passwords`, 'passwords.json', 'password-file'),
    usernames: users.map((u) => u.username),
  };
  return {
    settings: {
      core: {
        auth_manager: SIMPLE_AUTH_MANAGER,
        simple_auth_manager_users: users.map((u) => `${u.username}:${u.role}`).join(','),
        simple_auth_manager_passwords_file: SIMPLE_AUTH_PASSWORDS_FILE,
      },
    },
    passwords,
  };
}

const EMAIL = /^[^\s@'"]+@[^\s@'"]+$/;
// Names end up as command arguments of `airflow users create`: no quotes, no shell characters.
const PERSON_NAME = /^[\p{L}\p{M} .-]{1,64}$/u;

/** Validates and resolves the first FAB administrator. */
function resolveFabAdmin(problems: ValidationProblems, auth: FabAuth, instance: string): ResolvedFabAdmin | undefined {
  const admin = auth.props.admin;
  if (!admin) return undefined;
  const username = admin.username ?? 'admin';
  if (!USERNAME.test(username)) problems.add('auth.admin.username', `must be 1-64 letters, digits, '.', '_', '-' or '@', got ${JSON.stringify(username)}`);
  if (typeof admin.email !== 'string' || !EMAIL.test(admin.email)) problems.add('auth.admin.email', `must be an email address such as "airflow-admins@example.com", got ${JSON.stringify(admin.email)}`);
  const firstName = admin.firstName ?? 'Airflow';
  const lastName = admin.lastName ?? 'Admin';
  for (const [prop, value] of [['firstName', firstName], ['lastName', lastName]] as const) {
    if (!PERSON_NAME.test(value)) problems.add(`auth.admin.${prop}`, `must be 1-64 letters, spaces, '.' or '-', got ${JSON.stringify(value)}`);
  }
  const source = admin.password ?? AirflowSecret.generated();
  checkSecret(problems, 'auth.admin.password', source, true);
  const password = resolveSecret(source, instance, `${instance}-fab-admin`, 'password', 'hex-token');
  return { username, email: admin.email, firstName, lastName, password };
}
