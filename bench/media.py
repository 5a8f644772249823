"""Processing one 12-megapixel JPEG: seconds and peak memory (`make bench-media`).

Makes a 4000 x 3000 photo-like JPEG with EXIF (noise, so it compresses like a
photo), then runs myapp.media.processing on it a few times: the median time,
and the peak memory of one run measured with tracemalloc (Python and Pillow
allocations) and as the process's peak resident size.
"""

import io
import statistics
import subprocess
import sys
import tempfile
import time

from PIL import Image, ImageDraw

from myapp.media import processing

RUNS = 5


def photo(width: int = 4000, height: int = 3000) -> bytes:
    """Smooth shapes under fine grain: about the size of a real 12 MP photo."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for n in range(40):
        x, y = (n * 397) % width, (n * 631) % height
        draw.ellipse((x, y, x + 400, y + 300), fill=(n * 6 % 256, 120, 200 - n * 4))
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    exif = Image.Exif()
    exif[0x010F] = "Bench camera"
    exif[0x0112] = 1
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def one_run(path: str) -> None:
    """In a fresh process: process the file once and print its peak RSS (MB)."""
    base = _high_water_mb()
    with open(path, "rb") as src:
        processing.process(src, 36_000_000)
    print(f"{base:.0f} {_high_water_mb():.0f}")


def _high_water_mb() -> float:
    """VmHWM: this process's peak resident size (ru_maxrss survives exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    data = photo()
    print(f"input: 4000 x 3000 JPEG, {len(data) / 1e6:.1f} MB")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = processing.process(io.BytesIO(data), 36_000_000)
        times.append(time.perf_counter() - start)
    with tempfile.NamedTemporaryFile(suffix=".jpg") as temp:
        temp.write(data)
        temp.flush()
        child = subprocess.run(
            [sys.executable, "-m", "bench.media", "--one", temp.name],
            capture_output=True,
            text=True,
            check=True,
        )
    base, peak = child.stdout.split()
    sizes = ", ".join(
        f"{r.width}: {sum(len(b) for b in r.files.values()) / 1e3:.0f} kB"
        for r in done.renditions
    )
    print(f"renditions (WebP + JPEG): {sizes}")
    print(
        f"processing: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {RUNS} runs)"
    )
    print(
        f"peak memory of one upload in a fresh process: {peak} MB RSS "
        f"({int(peak) - int(base)} MB above the {base} MB the imports take)"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one_run(sys.argv[2])
    else:
        main()
