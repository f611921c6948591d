/** The strict schema check, now a tool of its own (`lib/validate/`, `npm run validate`); tests import it from here. */
export { validateK8sObject } from '../../lib/validate/kubernetes-schema';
