# Loading the locally built images into the cluster's containerd. e2e/images/build.sh (the stand-in
# images) builds OCI archives into the cache and names each one with `--tar REF`; images stay in
# containerd's content store across runs, so an unchanged tar is imported once.

# CDK8S_AIRFLOW_E2E_IMAGES_SCRIPT points at another checkout's script (e.g. before a merge).
IMAGES_SCRIPT=${CDK8S_AIRFLOW_E2E_IMAGES_SCRIPT:-$E2E_DIR/images/build.sh}

# Every image the scenarios or the synthesized manifests name, pause first.
wanted_images() {
  { echo "$PAUSE_IMAGE"; echo "python:3.12.8-slim-bookworm"
    grep -ho 'image: *[^ ]*' "$REPO_DIR"/dist/*/*.k8s.yaml 2>/dev/null | sed 's/image: *//'; } | awk '!seen[$0]++'
}

import_images() {
  local ref tar tars=()
  if [ -x "$IMAGES_SCRIPT" ]; then
    for ref in $(wanted_images); do
      tar=$("$IMAGES_SCRIPT" --tar "$ref" 2>/dev/null) || true
      [ -n "$tar" ] && [ -f "$tar" ] && tars+=("$tar")
    done
  else
    log "warning: $IMAGES_SCRIPT not found; no stand-in images to import"
  fi
  # Extra archives built elsewhere (debugging aid): colon-separated paths.
  local extra
  IFS=: read -r -a extra <<< "${CDK8S_AIRFLOW_E2E_IMAGE_TARS:-}"
  tars+=("${extra[@]}")
  for tar in "${tars[@]}"; do [ -n "$tar" ] && import_tar "$tar"; done
  image_present "$PAUSE_IMAGE" ||
    die "the sandbox image $PAUSE_IMAGE is not in containerd; build it with e2e/images/build.sh $PAUSE_IMAGE"
}

# (Not `ctr ... | grep -q`: grep stops reading early and pipefail reports ctr's SIGPIPE.)
image_present() { local names; names=$(ctr_e2e images ls -q); grep -qxF "$1" <<< "$names"; }

# The name an OCI archive's index.json gives its image.
tar_image_name() { tar -xOf "$1" index.json | grep -o '"io.containerd.image.name": *"[^"]*"' | head -n1 | sed 's/.*: *"//; s/"$//'; }

# Skips a tar whose size and modification time match the last import, if its image is still there.
import_tar() {
  local tar=$1 stamp key
  key=$(stat -c '%s %Y' "$tar")
  stamp="$CONTAINERD_DIR/imported/$(echo "$tar" | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && image_present "$(tar_image_name "$tar")"; then return 0; fi
  log "importing $(basename "$tar")"
  ctr_e2e images import --all-platforms "$tar" >/dev/null
  mkdir -p "$(dirname "$stamp")"; echo "$key" > "$stamp"
}
