#!/bin/sh
# test-install.sh — `meson install` installs a working app: what `meson introspect --installed`
# lists for the build tree holds the executable, the desktop file, the metainfo, the settings
# schema, the scalable and symbolic icons, and the demo traces where the installed app looks
# for them (PKGDATADIR/demo).
#
# Copyright 2026 The vmscope authors
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-install.sh MESON BUILD_DIR SOURCE_DIR PREFIX PKGDATADIR APP_ID
set -eu

meson=$1 build=$2 source=$3 prefix=$4 pkgdatadir=$5 app_id=$6

installed=$("$meson" introspect --installed "$build") || {
  echo "# meson introspect --installed failed on $build"
  exit 1
}

exec python3 - "$installed" "$source" "$prefix" "$pkgdatadir" "$app_id" <<'PY'
import json, os, sys

installed, source, prefix, pkgdatadir, app_id = sys.argv[1:]
dests = set(json.loads(installed).values())
failures = 0

def expect(path, why):
    global failures
    if path in dests:
        print("ok   %s (%s)" % (path, why))
    else:
        print("FAIL %s is not installed (%s)" % (path, why))
        failures += 1

share = os.path.join(prefix, "share")
expect(os.path.join(prefix, "bin", "vmscope"), "the executable")
expect(os.path.join(share, "applications", app_id + ".desktop"), "the desktop file")
expect(os.path.join(share, "metainfo", app_id + ".metainfo.xml"), "the AppStream metainfo")
expect(os.path.join(share, "glib-2.0", "schemas", app_id + ".gschema.xml"), "the settings schema")
expect(os.path.join(share, "icons", "hicolor"), "the icons")
# The icons directory is installed whole: both icons must be in it.
for icon in ("scalable/apps/%s.svg" % app_id, "symbolic/apps/%s-symbolic.svg" % app_id):
    path = os.path.join(source, "data", "icons", "hicolor", icon)
    if os.path.isfile(path):
        print("ok   icons/hicolor/%s" % icon)
    else:
        print("FAIL icons/hicolor/%s is missing from data/icons" % icon)
        failures += 1
# The installed app looks for the demo in PKGDATADIR/demo (vms_application_dup_demo_dir()).
if os.path.isdir(os.path.join(source, "data", "demo")):
    expect(os.path.join(pkgdatadir, "demo"), "the demo traces, where the app looks for them")
else:
    print("# data/demo is not in the tree: the demo is not installed")
sys.exit(1 if failures else 0)
PY
