/** Our example deployments: starting points for your own `main.ts`, and fixtures for the tests. */
export * from './argocd-apps';
export * from './celery';
export * from './example-app';
export * from './extensions';
export * from './kubernetes';
export * from './migration';
export * from './production';
export * from './shared';
