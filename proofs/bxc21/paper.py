"""The BXC21 paper record shared by its claim modules: the `Paper` and what could be read of its text."""
from __future__ import annotations

from checkers.claims import Paper

PAPER = Paper(key="bxc21", title="A Dynamical View on Optimization Algorithms of Overparameterized Neural Networks",
              authors="Bu, Xu, Chen", arxiv="2010.13165", venue="AISTATS 2021", module="proofs.bxc21")

PAPER_TEXT = ("Only the abstract of arXiv 2010.13165 could be reached with the search tool (arXiv, "
              "paperswithcode, deepai pages): it confirms HB converges linearly and NAG 'may only "
              "converge sublinearly' on MSE via the NTK/ODE view and strong convexity in the prediction "
              "error. The theorem numbers and constants of the body could not be read; ")
