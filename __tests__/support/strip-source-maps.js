/**
 * Jest transform for the construct packages in node_modules: removes their inline source maps
 * (cdk8s-plus-27's generated `k8s.js` is 2.5 MB, 2 MB of it a source-map comment). Every test
 * file loads these packages afresh, and V8 reads the whole text each time; Jest caches this
 * transform's output, so the comment is stripped once.
 */
module.exports = {
  process(source) {
    return { code: source.replace(/\n\/\/# sourceMappingURL=data:[^\n]*\s*$/, '\n') };
  },
};
