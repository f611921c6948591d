# registry.k8s.io/git-sync/git-sync:v4.x stand-in: Debian bookworm's git and openssh-client and our
# own /git-sync script implementing git-sync v4's GITSYNC_* contract (see the script's header). The
# Go module k8s.io/git-sync, which the brief named, is refused by the Go module proxy this project
# reaches ("403 Forbidden: This module version is not available", for @v4.4.2, for the tag's commit
# and for the version list), so the real binary cannot be built here. User git-sync 65533:65533.
RECIPE_BASE=debian
RECORD_PACKAGES="git openssh-client"
IMAGE_CONFIG='{
  "Entrypoint": ["/git-sync"],
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "HOME=/tmp"],
  "User": "65533:65533",
  "WorkingDir": "/tmp",
  "Labels": {"org.opencontainers.image.description": "cdk8s-airflow e2e stand-in: our git-sync script (GITSYNC_* env contract) on Debian git 2.39 and openssh-client"}
}'

build_rootfs() {
  local root=$1
  in_chroot "$root" groupadd --system --gid 65533 git-sync
  in_chroot "$root" useradd --system --uid 65533 --gid 65533 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin git-sync
  chroot_apt_install "$root" git openssh-client
  install -m 0755 "$RECIPE_DIR/git-sync" "$root/git-sync"
  install -d -m 0775 -o 65533 -g 65533 "$root/git"
}
