#!/usr/bin/env bash
# Assembles Switchboard's offline base image, for builds that reach no container registry: a Java runtime made
# by jlink from the JDK running the build, the shared libraries that runtime links against (found with ldd), a
# non-root user, CA certificates and a writable /tmp. The result is a docker-archive tar (manifest.json,
# config.json, one layer) that Jib takes as its base with tar://. Production images are built on the configurable
# base switchboard.image.base instead (docs/operations.md, "Images").
#
# usage: assemble-base.sh JAVA_HOME OUTPUT_DIR MODULES
set -euo pipefail

java_home=$1
out=$2
modules=$3
root=$out/rootfs
runtime=$root/opt/java/openjdk

if [[ ! -d $java_home/jmods ]]; then
  echo "assemble-base: $java_home has no jmods/ (jlink needs a full JDK; Debian: openjdk-17-jdk-headless)" >&2
  exit 1
fi

# The same JDK, modules and script make the same base: keep it (a build after the first costs nothing here).
stamp="$("$java_home/bin/java" -version 2>&1 | head -2 | tr '\n' ' ')|$modules|$(sha256sum "$0" | cut -d' ' -f1)"
if [[ -f $out/switchboard-base.tar && -f $out/stamp && $(cat "$out/stamp") == "$stamp" ]]; then
  echo "assemble-base: $out/switchboard-base.tar is up to date"
  exit 0
fi

rm -rf "$out"
mkdir -p "$root"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$runtime"

# Desktop libraries (windows, sound, fonts, splash screen) need X11 and friends; a headless server never loads them.
rm -f "$runtime"/lib/{libawt_xawt,libjawt,libjsound,libsplashscreen,libfontmanager}.so

# Every shared library the runtime needs, with the dynamic loader, copied (links resolved) into the same paths.
# The runtime's own libraries find each other through the launcher; ldd is told where they are.
linked() {
  find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | LD_LIBRARY_PATH=$runtime/lib:$runtime/lib/server xargs -0 ldd 2>/dev/null
}
libraries=$(linked \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u)
for library in $libraries; do
  case $library in "$runtime"/*) continue ;; esac
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
missing=$(linked | grep 'not found' || true)
if [[ -n $missing ]]; then
  echo "assemble-base: unresolved libraries: $missing" >&2
  exit 1
fi

# The user the services run as (distroless' nonroot), name lookups through files then DNS, a sticky /tmp.
mkdir -p "$root/etc" "$root/tmp" "$root/deployments"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
printf 'ID=switchboard-base\nNAME="Switchboard base (jlink runtime)"\n' > "$root/etc/os-release"

# One reproducible layer: sorted names, root-owned, a fixed time.
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 -cf "$out/layer.tar" -C "$root" .
diff_id=sha256:$(sha256sum "$out/layer.tar" | cut -d' ' -f1)
java_version=$("$runtime/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { print $2 }')

cat > "$out/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"65532:65532","WorkingDir":"/deployments",
  "Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.title":"switchboard-base","dev.switchboard.java.runtime":"$java_version",
   "dev.switchboard.java.modules":"$modules"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/assemble-base.sh"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["switchboard-base:local"],"Layers":["layer.tar"]}]\n' > "$out/manifest.json"
tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 -cf "$out/switchboard-base.tar" -C "$out" \
  manifest.json config.json layer.tar
rm -rf "$root" "$out/layer.tar"
printf '%s' "$stamp" > "$out/stamp"
echo "assemble-base: $out/switchboard-base.tar (Java $java_version, $(du -h "$out/switchboard-base.tar" | cut -f1))"
