"""Where a run writes what it makes: the reports, the evidence cache and the plots.

The output folder is `--out DIR` on the command line; without it, `build/` of the source
checkout (when the package runs from one) or `./build` of the current folder (an installed
package, whose own folder may be read-only). The command line exports it to the workers as
LANDSCAPE_BUILD, so an obligation that draws a plot saves it there:

    plt = outputs.pyplot()
    fig, ax = plt.subplots()
    ...
    artifact = outputs.save_figure(fig, "zlm22_phase_diagram.png")   # -> Evidence(artifacts=[artifact])

An artifact is named by its file name inside the output folder; the reports link it from there.
"""
from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT = "LANDSCAPE_BUILD"
ROOT = Path(__file__).resolve().parent.parent


def default_build() -> Path:
    """build/ of the source checkout, else ./build."""
    if (ROOT / "pyproject.toml").exists() and os.access(ROOT, os.W_OK):
        return ROOT / "build"
    return Path.cwd() / "build"


def build_dir() -> Path:
    folder = os.environ.get(ENVIRONMENT)
    return Path(folder) if folder else default_build()


def pyplot():
    """matplotlib.pyplot with the non-interactive Agg backend (workers have no screen)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save_figure(fig, name: str, **options) -> str:
    """Save and close the figure as <output folder>/<name>; return the artifact name for Evidence."""
    if Path(name).name != name:
        raise ValueError(f"an artifact is a plain file name, not a path: {name!r}")
    folder = build_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / name, **{"dpi": 90, **options})
    pyplot().close(fig)
    return name


def artifact_file(artifact: str, build: Path) -> Path:
    """The file of an artifact: a plain name lives in the output folder; an older 'build/...' path
    is relative to the repository."""
    return build / artifact if Path(artifact).name == artifact else ROOT / artifact
