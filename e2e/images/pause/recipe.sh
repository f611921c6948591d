# registry.k8s.io/pause: one static binary, nothing else. Upstream runs it as 65535:65535.
RECIPE_BASE=none
IMAGE_CONFIG='{"Entrypoint":["/pause"],"User":"65535:65535","WorkingDir":"/","Env":["PATH=/"]}'

build_rootfs() {
  local rootfs=$1
  command -v gcc >/dev/null && [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || apt_install gcc libc6-dev
  gcc -static -O2 -Wall -Werror -s -o "$rootfs/pause" "$RECIPE_DIR/pause.c"
  chmod 0755 "$rootfs/pause"
}
