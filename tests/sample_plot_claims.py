"""A claim whose obligation draws a plot (used by the cluster test: plots travel back from the workers)."""
from checkers import numeric, outputs
from checkers.claims import Obligation, Paper

PAPER = Paper(key="plot", title="A plotted experiment", authors="Test")


def slope(claimed="-1"):
    """The line y = -x has slope -1; the plot goes to the output folder."""
    plt = outputs.pyplot()
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, -1])
    artifact = outputs.save_figure(fig, "plot_slope.png")
    return numeric.experiment({"slope": -1.0}, -1.0 == float(claimed), what="slope", seed=0,
                              criterion=f"slope == {claimed}", artifacts=[artifact])


PAPER.claim(id="plot.slope", theorem="-", statement="y = -x has slope -1.",
            obligations=[Obligation("fit", slope)], negative_controls=[Obligation("slope 1", slope, {"claimed": "1"})])
