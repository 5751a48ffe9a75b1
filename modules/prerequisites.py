"""The prerequisite walk: modules in an order a group can take them, each after the modules
it needs first. One walk for every reader of the prerequisite graph (decision 0017): the
admin's loop check, the seed loader's, a country's level path and a group's recommended
training.

The graph is given as a function (`prerequisites_of`), so each reader decides what counts
as a prerequisite: the links of the latest drafts, those of published modules only, or
only the ones a group has not received yet.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class PrerequisiteWalk:
    # Every node reached, each after the prerequisites it needs.
    order: list = field(default_factory=list)
    # Node → the node that first needed it; the walk's starting nodes are not in it.
    needed_by: dict = field(default_factory=dict)
    # Each loop met and cut: the node met again, the nodes between, and that node again.
    loops: list[list] = field(default_factory=list)


def prerequisites_first(
    *, starts: Iterable[Hashable], prerequisites_of: Callable[[Hashable], Iterable[Hashable]]
) -> PrerequisiteWalk:
    """Walk from each of `starts` in turn, depth first: a node comes after the nodes
    `prerequisites_of(node)` gives, taken in their order, and every node comes once. A
    prerequisite that leads back to a node on the way is a loop: it is cut there and kept
    in `loops` (the admin refuses loops; data written around it must not hang the walk)."""
    walk = PrerequisiteWalk()
    placed: set = set()

    def place(node, path):  # `path`: the nodes that led here, ending with `node`
        for before in prerequisites_of(node):
            if before in path:
                walk.loops.append([*path[path.index(before) :], before])
            elif before not in placed:
                walk.needed_by.setdefault(before, node)
                place(before, (*path, before))
        placed.add(node)
        walk.order.append(node)

    for start in starts:
        if start not in placed:
            place(start, (start,))
    return walk


def prerequisite_path_back_to(*, start: Hashable, edges: Mapping) -> list:
    """A path of prerequisites from `start` that leads back to it (a loop), or []."""
    walk = prerequisites_first(starts=[start], prerequisites_of=lambda node: edges.get(node, ()))
    return next((loop for loop in walk.loops if loop[0] == start), [])
