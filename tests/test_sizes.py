"""Byte sizes in messages: one format for limits and file sizes alike."""

from talks_site.sizes import MIB, size_text


def test_sizes_read_as_bytes_below_a_mebibyte_and_as_mebibytes_from_there():
    sizes = [0, 999, 3_390, MIB - 1, MIB, 2 * MIB, 3_555_000, 50 * MIB, 1024 * MIB]
    assert [size_text(size) for size in sizes] == [
        "0 bytes",
        "999 bytes",
        "3,390 bytes",
        "1,048,575 bytes",
        "1 MiB",
        "2 MiB",
        "3.39 MiB",
        "50 MiB",
        "1,024 MiB",
    ]
