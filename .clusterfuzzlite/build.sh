#!/bin/bash -eu
# ClusterFuzzLite build: the OSS-Fuzz build script, unchanged.
exec "$SRC/fsfuzz/fuzz/oss-fuzz/build.sh"
