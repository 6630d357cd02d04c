#!/usr/bin/env bash
# Runs the GPU proof on the lent GPU machine, from the repository root, with the bundle of pack.sh carried:
#   benchmarks/gpu/run-on-device.sh [BUNDLE_DIR] [extra GpuBench arguments]
# Everything is written under $OUT (run.log, torch.json, torch.log, gpubench.log) and echoed.
set -uo pipefail
bundle=${1:-.gpu-bundle}
shift || true
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/run.log") 2>&1
echo "== $(date -u) $(uname -m) $(nproc) CPUs, $(free -g | awk '/Mem/{print $2}') GiB"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,clocks.mem,power.limit --format=csv || true

work=/tmp/gpubench
rm -rf "$work" && mkdir -p "$work/data"
tar -C "$work" -xJf "$bundle/gpubench-linux-x64.tar.xz" 2>/dev/null \
    || python3 -c 'import tarfile,sys; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$bundle/gpubench-linux-x64.tar.xz" "$work"
for f in "$bundle"/data/*.xz; do
    python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$f" "$work/data/$(basename "$f" .xz)"
done
ls -la "$work/data"

# The CUDA driver library and cuBLAS. ILGPU 1.5.3's binding asks for libcublas.so.12/.11/.10; this CUDA 13 image
# ships libcublas.so.13 (PyTorch's nvidia-cublas wheel), which the backend loads in place of .12
# (CuBlasLibraryResolver) once its folder is on LD_LIBRARY_PATH; the app prints whether cuBLAS loaded and falls
# back to its tiled kernel otherwise.
roots="$(python3 -c 'import site; print(" ".join(site.getsitepackages()))' 2>/dev/null) /usr/local/cuda /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64"
echo "libcuda: $(ldconfig -p | grep -m3 'libcuda.so' | tr '\n' ' ')"
found=$(find $roots -name 'libcublas.so.*' 2>/dev/null | grep -v Lt | sort)
echo "cuBLAS libraries found: $found"
compat=/tmp/cublas-compat
mkdir -p "$compat"
# ILGPU imports the driver as "cuda", which .NET probes as libcuda.so: containers often have only libcuda.so.1.
cuda1=$(ldconfig -p | awk '/libcuda\.so\.1 /{print $NF; exit}')
[ -z "$cuda1" ] && cuda1=$(find /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 -name 'libcuda.so.1' 2>/dev/null | head -1)
if [ -n "$cuda1" ] && ! ldconfig -p | grep -q 'libcuda\.so '; then
    ln -sf "$cuda1" "$compat/libcuda.so"
    echo "linked $compat/libcuda.so -> $cuda1"
fi
libdirs=$(for f in $found; do dirname "$f"; done | sort -u | tr '\n' ':')
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && libdirs="$libdirs$d:"; done
export LD_LIBRARY_PATH="$compat:$libdirs${LD_LIBRARY_PATH:-}"

echo "== PyTorch reference"
PYTHONUNBUFFERED=1 timeout 150 python3 "$bundle/torch_gpu.py" "$work/data" "$OUT/torch.json" 4096 ${EXTRA_BATCH:-512} 2>&1 | tee "$OUT/torch.log"

echo "== GpuBench (device info: cuBLAS must load through libcublas.so.13, no .12 link)"
"$work/PipelineExtensions.GpuBench" --device cuda --sections info 2>&1 | grep -E "opened|GEMM:|FAILED" | tee "$OUT/cublas13.log"
lib13=$(echo "$found" | grep -m1 'libcublas.so.13' || true)
if ! grep -q "GEMM: cublas" "$OUT/cublas13.log" && [ -n "$lib13" ]; then
    ln -sf "$lib13" "$compat/libcublas.so.12"
    echo "resolver did not load cuBLAS; linked $compat/libcublas.so.12 -> $lib13 (the first run's workaround)"
fi

echo "== GpuBench"
timeout "${GPUBENCH_TIMEOUT:-400}" "$work/PipelineExtensions.GpuBench" --device cuda --data "$work/data" --torch "$OUT/torch.json" \
    --cpu-threads "$(nproc)" --epoch-cpu-threads "$(nproc),2" --extra-batch "${EXTRA_BATCH:-512}" "$@" 2>&1 | tee "$OUT/gpubench.log"
echo "== exit ${PIPESTATUS[0]} at $(date -u)"
