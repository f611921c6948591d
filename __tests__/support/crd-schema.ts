/** The CRD schema check, now part of `lib/validate/`; tests import it from here. */
export * from '../../lib/validate/crd-schema';
