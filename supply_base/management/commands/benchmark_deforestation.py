"""Times the deforestation check: plots against a forest-loss layer (issue 20, point 3).

    manage.py benchmark_deforestation                   # 100,000 plots, 10,000 loss polygons
    manage.py benchmark_deforestation --plots 1000 --losses 100

The data is synthetic, made in memory (square-ish plots of about a hectare and loss
patches of up to ~30 ha, scattered over a region of Ghana), and the check is the
one the site runs (`supply_base.deforestation.overlaps`): an STRtree over the loss,
bulk-queried with every plot, then each overlap measured geodesically. It prints figures;
it asserts nothing about them (tests run it tiny).
"""

import random
import time

import shapely
from django.core.management.base import BaseCommand

from supply_base.deforestation import overlaps
from supply_base.geometry import geodesic_area_ha

# A region of about 110 km by 110 km in Ghana's cocoa belt.
WEST, SOUTH, SPAN = -2.5, 6.0, 1.0
PLOT_DEGREES = 0.0009  # about 100 m: a hectare


class Command(BaseCommand):
    help = "Times flagging plots that overlap forest loss (synthetic data; prints figures)."

    def add_arguments(self, parser):
        parser.add_argument("--plots", type=int, default=100_000)
        parser.add_argument("--losses", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=20)

    def handle(self, *args, plots, losses, seed, **options):
        rng = random.Random(seed)
        started = time.perf_counter()
        plot_shapes = [self._plot(rng) for _ in range(plots)]
        loss_shapes = [self._loss(rng) for _ in range(losses)]
        made = time.perf_counter() - started

        started = time.perf_counter()
        area = sum(geodesic_area_ha(each) for each in plot_shapes[: min(plots, 10_000)])
        measured = time.perf_counter() - started

        started = time.perf_counter()
        found = overlaps(plot_shapes, loss_shapes)
        checked = time.perf_counter() - started

        write = self.stdout.write
        write(f"plots: {plots:,}; loss polygons: {losses:,}")
        write(f"synthetic data made in {made:.2f} s")
        write(
            f"geodesic area of {min(plots, 10_000):,} plots: {measured:.2f} s "
            f"({area:,.0f} ha in all)"
        )
        write(f"deforestation check (STRtree + overlaps): {checked:.2f} s")
        write(f"plots flagged: {len(found):,}; overlap: {sum(found.values()):,.1f} ha")
        if plots:
            write(f"per 1,000 plots: {checked / plots * 1000 * 1000:.1f} ms")

    def _plot(self, rng):
        lon, lat = WEST + rng.random() * SPAN, SOUTH + rng.random() * SPAN
        side_x = PLOT_DEGREES * rng.uniform(0.6, 1.6)
        side_y = PLOT_DEGREES * rng.uniform(0.6, 1.6)
        # A slightly uneven quadrilateral, as walked boundaries are.
        jitter = PLOT_DEGREES * 0.1
        return shapely.Polygon(
            [
                (lon, lat),
                (lon + side_x, lat + rng.uniform(-jitter, jitter)),
                (lon + side_x + rng.uniform(-jitter, jitter), lat + side_y),
                (lon + rng.uniform(-jitter, jitter), lat + side_y),
            ]
        )

    def _loss(self, rng):
        lon, lat = WEST + rng.random() * SPAN, SOUTH + rng.random() * SPAN
        size = PLOT_DEGREES * rng.uniform(1, 6)
        return shapely.Point(lon, lat).buffer(size / 2, quad_segs=4)
