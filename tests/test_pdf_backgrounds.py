"""rules.Backgrounds (the fills painted so far, indexed by grid cell) says what colour_behind says
(every fill looked at, latest first), for boxes on, beside, across and far outside the fills."""

from __future__ import annotations

import math
import random

import pytest

from jixiao.extract.pdf.rules import Backgrounds, Box, Colour, colour_behind


def _box(rng: random.Random) -> Box:
    x, y = rng.choice([rng.uniform(-50, 700), 64.0, 128.0 - 0.5, 0.0]), rng.choice([rng.uniform(-50, 900), 64.0])
    w, h = rng.choice([0.0, 0.3, 1.0, rng.uniform(0, 80), rng.uniform(0, 900)]), rng.choice([0.0, 0.5, rng.uniform(0, 60)])
    return (x, y, x + w, y + h)


@pytest.mark.parametrize("seed", range(200))
def test_indexed_fills_give_the_colour_every_fill_gives(seed: int) -> None:
    rng = random.Random(seed)
    margin = rng.choice([0.0, 1.0, 3.0])
    index, fills = Backgrounds(margin), []
    for k in range(rng.randint(0, 60)):
        box = _box(rng)
        if rng.random() < 0.03:
            box = rng.choice([(0.0, 0.0, math.inf, 10.0), (-1e30, -1e30, 1e30, 1e30), (math.nan, 0.0, 5.0, 5.0)])
        colour: Colour = (k / 60, 0.5, 1.0)
        for _ in range(rng.randint(0, 4)):
            query = _box(rng) if rng.random() < 0.7 else (box[0] + rng.uniform(-2, 2), box[1] + rng.uniform(-2, 2),
                                                           box[2] + rng.uniform(-2, 2), box[3] + rng.uniform(-2, 2))
            query = (min(query[0], query[2]), min(query[1], query[3]), max(query[0], query[2]), max(query[1], query[3]))
            assert index.behind(query) == colour_behind(query, fills, margin)
        index.add(box, colour)
        fills.append((box, colour))
