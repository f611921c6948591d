/** Strict, offline schema validation of Kubernetes manifests (`npm run validate` and the tests). */
export * from './crd-schema';
export * from './kubernetes-schema';
export * from './manifests';
