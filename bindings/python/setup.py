"""Builds the wheel from the CMake build (pyproject.toml says how to run it).

The compiled core is not built by setuptools: the project's CMake builds the target _cartoffre
(the library is static and carried whole), and this copies it into the wheel with the pure
Python files and the tables of the source tree's data/.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]


def version() -> str:
    text = (REPO / "CMakeLists.txt").read_text()
    return re.search(r"project\(cartoffre VERSION ([0-9.]+)", text).group(1)


def tables() -> list:
    """data/ as data files under <prefix>/share/cartoffre, where the package looks for them."""
    out = {}
    for file in sorted((REPO / "data").rglob("*")):
        if file.is_file():
            target = pathlib.Path("share/cartoffre") / file.parent.relative_to(REPO / "data")
            out.setdefault(str(target), []).append(os.path.relpath(file, HERE))
    return sorted(out.items())


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = pathlib.Path(os.environ.get("CARTOFFRE_BUILD_DIR") or REPO / "build-python")
        if not build.is_absolute():
            build = REPO / build
        if not (build / "CMakeCache.txt").exists():
            subprocess.run(["cmake", "-S", str(REPO), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                            "-DCARTOFFRE_TOOLS=OFF", "-DCARTOFFRE_BENCH=OFF", "-DBUILD_TESTING=OFF",
                            f"-DCARTOFFRE_PYTHON_EXECUTABLE={sys.executable}"], check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "_cartoffre",
                        "-j", str(os.cpu_count() or 1)], check=True)
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = build / "bindings" / "python" / "cartoffre" / ("_cartoffre" + suffix)
        if not built.exists():
            sys.exit(f"{built} not found: {build} was configured for another interpreter "
                     f"than {sys.executable} (CARTOFFRE_PYTHON_EXECUTABLE)")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)
        if shutil.which("strip"):  # the build's debug information is no part of a wheel
            subprocess.run(["strip", "--strip-unneeded", str(target)], check=True)


setup(
    version=version(),
    packages=["cartoffre"],
    package_data={"cartoffre": ["py.typed", "_cartoffre.pyi"]},
    ext_modules=[Extension("cartoffre._cartoffre", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    data_files=tables(),
    zip_safe=False,
)
