#!/usr/bin/env sh
# Builds lungseg's container images from the repository root and bakes the model into the
# function's images, so that pods start offline.
#
#   infra/images/build.sh --model DIR [--registry REGISTRY] [--version VERSION] [--push] [VARIANT...]
#
# DIR holds model.onnx (e.g. the pick step's /runs/<run>/model, copied down from the models
# bucket). VARIANT is jvm, gpu, native or trainer (default: all four). Image names come from
# each Dockerfile's org.opencontainers.image.title label, so the manifests and this script
# cannot disagree. Uses `docker buildx`, or `podman` when ENGINE=podman.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
registry=registry.example.com/lungseg
version=0.1.0
model=""
push=""
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=$2; shift 2 ;;
    --registry) registry=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --push) push=1; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
variants=${*:-jvm gpu native trainer}
engine=${ENGINE:-docker}
for v in $variants; do
  file="$here/Dockerfile.$v"
  [ -f "$file" ] || { echo "no Dockerfile for variant '$v'" >&2; exit 2; }
  name=$(sed -n 's/^LABEL org.opencontainers.image.title="\([^"]*\)".*/\1/p' "$file")
  tag="$registry/$name:$version"
  set -- -f "$file" -t "$tag"
  if grep -q -- '--from=model' "$file"; then
    [ -n "$model" ] && [ -f "$model/model.onnx" ] || { echo "$v bakes the model in: give --model DIR holding model.onnx" >&2; exit 2; }
    set -- "$@" --build-context "model=$model"
  fi
  echo "building $tag"
  if [ "$engine" = podman ]; then
    podman build "$@" "$root"
    [ -z "$push" ] || podman push "$tag"
  else
    if [ -n "$push" ]; then output=--push; else output=--load; fi
    docker buildx build "$@" "$output" "$root"
  fi
done
