"""Builds the C kernels; everything else about the package lives in pyproject.toml."""

import platform

from setuptools import Extension, setup

# x86-64-v2 (every x86-64 CPU since about 2009) brings POPCNT, which the matcher lives on.
# It has no FMA, so it cannot change the PDQ kernel's rounding.
TARGET = ["-march=x86-64-v2"] if platform.machine() in ("x86_64", "AMD64") else []

# IEEE float semantics are what make the PDQ kernel bit-identical to the reference:
# no fast-math (no reassociation) and no fused multiply-add contraction.
PDQ_FLAGS = ["-O3", "-std=c99", "-fno-fast-math", "-ffp-contract=off", "-fno-strict-aliasing"]

setup(
    ext_modules=[
        Extension(
            "meldpunt.core.hashing._pdqkernel",
            sources=["src/meldpunt/core/hashing/_pdqkernel.c"],
            extra_compile_args=PDQ_FLAGS + TARGET,
        ),
        Extension(
            "meldpunt.core.matching._mihkernel",
            sources=["src/meldpunt/core/matching/_mihkernel.c"],
            extra_compile_args=["-O3", "-std=c99", *TARGET],
        ),
    ]
)
