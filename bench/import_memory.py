"""Peak memory of importing a zip of many large images, by the import_deck command.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talks_bench \\
        .venv/bin/python bench/import_memory.py [--images 20] [--project DIR]

The archive is the hostile one: 20 PNGs of about 9.5 MB each, stored
uncompressed inside the PNG so that the zip deflates them to a few hundred
KB; every file passes the per-file and total limits. Each run is a fresh
`manage.py import_deck` process; its peak resident memory (ru_maxrss) is
reported next to that of the same command importing a one-slide deck, so
the difference is what the images cost. `--project` runs another checkout
of the app (e.g. an older commit unpacked with `git archive`) with this
virtualenv, to measure before and after. The database is created, migrated
and left behind; use one of its own.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import psycopg
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def big_png(side, shade):
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (shade, 40, 40)).save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def write_zip(path, count, side):
    lines = ["#= Many large images"]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(count):
            name = f"big{number:02}.png"
            archive.writestr(f"talk/images/{name}", big_png(side, number))
            lines += ["---", f"@= {name}"]
        archive.writestr("talk/myslides.txt", "\n".join(lines) + "\n")
    with zipfile.ZipFile(path) as archive:
        sizes = [entry.file_size for entry in archive.infolist() if entry.filename.endswith(".png")]
    return sizes


def peak_rss_kib(command, env, cwd):
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--side", type=int, default=1780, help="pixels a side: 1780 makes 9.5 MB PNGs")
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    server, name = url.rsplit("/", 1)
    with psycopg.connect(server.replace("postgres://", "postgresql://") + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "k" * 50, "DJANGO_SETTINGS_MODULE": "talks_site.settings"}
    manage = [sys.executable, str(args.project / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=args.project, check=True)
    create = "from django.contrib.auth.models import User; User.objects.filter(username='bench').exists() or User.objects.create_user('bench')"
    subprocess.run([*manage, "shell", "-c", create], env=env, cwd=args.project, check=True)

    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.zip"
        write_zip(small, 0, 1)
        large = Path(folder) / "large.zip"
        sizes = write_zip(large, args.images, args.side)
        import_command = [*manage, "import_deck", "--owner", "bench", "--replace", "--slug"]
        baseline = peak_rss_kib([*import_command, "bench-small", str(small)], env, args.project)
        peak = peak_rss_kib([*import_command, "bench-large", str(large)], env, args.project)
        zipped = large.stat().st_size
    print(f"project: {args.project}")
    print(f"archive: {zipped / 1024:.0f} KiB zipped; "
          f"{len(sizes)} images of {max(sizes) / 2**20:.1f} MiB, {sum(sizes) / 2**20:.0f} MiB in all")
    print(f"peak RSS, one-slide deck: {baseline / 1024:.0f} MiB")
    print(f"peak RSS, {len(sizes)} large images: {peak / 1024:.0f} MiB ({(peak - baseline) / 1024:.0f} MiB more)")


if __name__ == "__main__":
    main()
