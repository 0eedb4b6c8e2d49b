"""Builds the PDQ kernel; everything else about the package lives in pyproject.toml."""

from setuptools import Extension, setup

# IEEE float semantics are what make the kernel bit-identical to the reference:
# no fast-math (no reassociation) and no fused multiply-add contraction.
PDQ_FLAGS = ["-O3", "-std=c99", "-fno-fast-math", "-ffp-contract=off", "-fno-strict-aliasing"]

setup(
    ext_modules=[
        Extension(
            "meldpunt.core.hashing._pdqkernel",
            sources=["src/meldpunt/core/hashing/_pdqkernel.c"],
            extra_compile_args=PDQ_FLAGS,
        )
    ]
)
