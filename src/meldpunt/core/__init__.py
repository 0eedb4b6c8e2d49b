"""The domain core: pure Python, no Django, usable as a library."""
