"""Type stubs for the compiled PDQ kernel."""

def hash(
    pixels: bytes,
    rows: int,
    cols: int,
    channels: int,
    window_rows: int,
    window_cols: int,
    variants: int,
) -> tuple[bytes, int]: ...
