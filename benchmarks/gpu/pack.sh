#!/usr/bin/env bash
# Builds the bundle for the GPU machine (no .NET SDK, no network there): GpuBench published self-contained for
# linux-x64 (untrimmed: ILGPU emits and reflects at run time) and the Fashion-MNIST training set, xz-compressed.
#   benchmarks/gpu/pack.sh [BUNDLE_DIR]        default: .gpu-bundle in the repository root
#   benchmarks/gpu/pack.sh [BUNDLE_DIR] --verify   also unpacks it to a temp folder and runs it on ILGPU's CPU
#                                                  accelerator with a tiny configuration
# The device tool carries only the session's checkout (/work/main), so the bundle goes to /work/main/.gpu-bundle
# (listed in .git/info/exclude) and the device call names it in `carry`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bundle=${1:-$root/.gpu-bundle}
verify=${2:-}
dataset=${DATASET:-/usr/share/datasets/fashion-mnist}
mkdir -p "$bundle/data"
bundle=$(cd "$bundle" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$root/benchmarks/PipelineExtensions.GpuBench" -c Release -r linux-x64 --self-contained true \
    -p:PublishTrimmed=false -p:DebugType=none -p:GenerateDocumentationFile=false -o "$work/app" | tail -1
# Debugger-support libraries: never loaded by a plain run.
rm -f "$work/app/libmscordaccore.so" "$work/app/libmscordbi.so" "$work/app/createdump"
tar -C "$work/app" -cf - . | xz -6 -T0 > "$bundle/gpubench-linux-x64.tar.xz"

# Raw IDX recompressed with xz (22.6 MB instead of gzip's 26.4 MB for the images); made once.
for f in train-images-idx3-ubyte train-labels-idx1-ubyte; do
    [ -s "$bundle/data/$f.xz" ] || zcat "$dataset/$f.gz" | xz -9 -T0 > "$bundle/data/$f.xz"
done
cp "$root/benchmarks/gpu/torch_gpu.py" "$bundle/"
du -b "$bundle"/* "$bundle"/data/* | sort -n
total=$(du -sb "$bundle" | cut -f1)
echo "bundle: $((total / 1048576)) MiB in $bundle (the device call's whole working tree must stay under 64 MiB)"

if [ "$verify" = "--verify" ]; then
    check=$(mktemp -d)
    tar -C "$check" -xJf "$bundle/gpubench-linux-x64.tar.xz"
    mkdir -p "$check/data"
    for f in "$bundle"/data/*.xz; do xz -dc "$f" > "$check/data/$(basename "$f" .xz)"; done
    "$check/PipelineExtensions.GpuBench" --device ilgpu-cpu --sections info,ptx,gemm,epoch,profile --gemm-size 48 \
        --data "$check/data" --batch 8 --epoch-rows 64 --epoch-steps 2 --warmup 1 --skip-cpu-epoch --profile-steps 1
    rm -rf "$check"
fi
