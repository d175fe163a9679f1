#!/usr/bin/env bash
# Build Dotstorm's Linux packages, then try them as a user would:
#   1. the one-folder bundle (PyInstaller, installers/dotstorm.spec) with every licence text;
#   2. dist/dotstorm-VERSION-linux-ARCH.tar.gz of it, and dist/dotstorm_VERSION_ARCH.deb;
#   3. the smoke test (installers/smoke.py) of the bundle, run from another folder with this
#      checkout hidden; then the .deb installed on this machine, the same smoke test through
#      the installed commands, and the package removed again.
# `bash scripts/bundle.sh --no-install` skips step 3's .deb part (it needs root).
# Sets up what it needs first (scripts/setup.sh), like the Quick start's commands.
set -euo pipefail
install_deb=1
if [ "${1:-}" = "--no-install" ]; then
  install_deb=0
  shift
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh" --bundle
cd "$root"
say() { printf 'dotstorm bundle: %s\n' "$*" >&2; }

# What the archives may weigh before this says so and fails: a bundle that suddenly
# doubles has picked up something it should not carry.
budget_folder_mb=420
budget_archive_mb=170

version="$(.venv/bin/python -c 'import app; print(app.__version__)')"
arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
name="dotstorm-$version-linux-$(uname -m)"
dist="$root/dist"
bundle="$dist/$name"

say "building the bundle with PyInstaller (a minute or two)"
rm -rf "$root/build/pyinstaller" "$dist/dotstorm" "$bundle"
.venv/bin/pyinstaller --noconfirm --log-level ERROR --distpath "$dist" \
  --workpath "$root/build/pyinstaller" installers/dotstorm.spec
mv "$dist/dotstorm" "$bundle"
say "gathering the licence texts"
.venv/bin/python scripts/licences.py "$bundle/licences" --bundle "$bundle"
cp LICENSE "$bundle/LICENSE"

say "packing $name.tar.gz and the .deb"
tar -C "$dist" -czf "$dist/$name.tar.gz" "$name"
deb="$dist/dotstorm_${version}_$arch.deb"
.venv/bin/python installers/deb.py "$bundle" "$version" "$deb"

megabytes() { du -sm "$1" | cut -f1; }
folder_mb="$(megabytes "$bundle")"
tar_mb="$(megabytes "$dist/$name.tar.gz")"
deb_mb="$(megabytes "$deb")"
say "sizes: bundle folder ${folder_mb} MB (budget $budget_folder_mb), $name.tar.gz ${tar_mb} MB," \
    "$(basename "$deb") ${deb_mb} MB (budget $budget_archive_mb each)"
if [ "$folder_mb" -gt "$budget_folder_mb" ] || [ "$tar_mb" -gt "$budget_archive_mb" ] \
   || [ "$deb_mb" -gt "$budget_archive_mb" ]; then
  say "over the size budget: see what the bundle picked up (du -sh $bundle/_internal/*)"
  exit 1
fi

# The smoke test runs from a folder of its own with this checkout hidden behind an empty
# folder (a private mount namespace), so nothing of it can be imported by mistake.
smoke_dir="$(mktemp -d "${TMPDIR:-/tmp}/dotstorm-smoke.XXXXXX")"
trap 'rm -rf "$smoke_dir"' EXIT
cp installers/smoke.py tests/fixtures/example-session.json "$smoke_dir/"
tar -C "$smoke_dir" -xzf "$dist/$name.tar.gz"  # the archive as a user unpacks it
python_for_smoke="$(command -v python3)"
smoke() {  # smoke LABEL COMMAND WINDOW_COMMAND
  local label="$1" work="$smoke_dir/work-$1"
  say "smoke test of the $label, from $smoke_dir with the checkout hidden"
  local run=("$python_for_smoke" "$smoke_dir/smoke.py" --command "$2" --window-command "$3"
             --session "$smoke_dir/example-session.json" --work "$work")
  if [ "$(id -u)" -eq 0 ] && unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private \
      bash -c 'mount -t tmpfs -o size=1m dotstorm-hidden "$0" && cd / && exec "$@"' \
      "$root" env -u PYTHONPATH -u VIRTUAL_ENV "${run[@]}"
  else
    say "(not root: the checkout stays visible; the bundle runs from $smoke_dir)"
    (cd / && env -u PYTHONPATH -u VIRTUAL_ENV "${run[@]}")
  fi
}
case "$python_for_smoke" in
  "$root"/*) say "python3 comes from the checkout ($python_for_smoke): run this outside .venv"; exit 1 ;;
esac
smoke bundle "$smoke_dir/$name/dotstorm" "$smoke_dir/$name/dotstorm-window"

if [ "$install_deb" -eq 0 ]; then
  say "done (the .deb was not installed: --no-install)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  say "done; installing the .deb needs root (run as root, or pass --no-install)"
  exit 1
fi
if dpkg-query -W -f='${Status}' dotstorm 2>/dev/null | grep -q "install ok installed"; then
  say "a dotstorm package is installed on this machine already: remove it first (dpkg -r dotstorm)"
  exit 1
fi
say "installing $(basename "$deb")"
dpkg -i "$deb" >/dev/null
remove_package() { dpkg -r dotstorm >/dev/null 2>&1 || true; rm -rf "$smoke_dir"; }
trap remove_package EXIT
for installed in /usr/bin/dotstorm /usr/bin/dotstorm-window \
                 /usr/share/applications/dotstorm.desktop \
                 /usr/share/icons/hicolor/scalable/apps/dotstorm.svg \
                 /usr/share/doc/dotstorm/copyright /opt/dotstorm/licences/README.txt; do
  [ -e "$installed" ] || { say "the installed package has no $installed"; exit 1; }
done
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate /usr/share/applications/dotstorm.desktop
fi
smoke package /usr/bin/dotstorm /usr/bin/dotstorm-window
say "removing the package"
# dpkg warns that /opt stays when other things live there: not ours to remove.
dpkg -r dotstorm 2>&1 | { grep -v "directory '/opt' not empty" || true; } >&2
for gone in /usr/bin/dotstorm /opt/dotstorm /usr/share/applications/dotstorm.desktop; do
  [ ! -e "$gone" ] || { say "removing the package left $gone"; exit 1; }
done
say "done: $dist/$name.tar.gz and $deb built, tried and (the .deb) removed again"
