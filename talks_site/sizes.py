"""Byte sizes as people read them, in every message that names one (a limit or a file's size)."""

MIB = 1024 * 1024


def size_text(size: int) -> str:
    """`3,390 bytes` below a mebibyte; `2 MiB`, `3.39 MiB` or `1,024 MiB` from there on."""
    if size < MIB:
        return f"{size:,} bytes"
    number = f"{size / MIB:,.2f}".rstrip("0").rstrip(".")
    return f"{number} MiB"
