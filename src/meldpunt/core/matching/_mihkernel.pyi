"""Type stubs for the compiled multi-index-hashing search kernel."""

from collections.abc import Sequence

def search(
    hashes: bytes | memoryview,
    offsets: bytes | memoryview,
    ids: bytes | memoryview,
    widths: Sequence[int],
    queries: bytes | memoryview,
    radius: int,
) -> tuple[bytes, bytes, bytes]: ...
