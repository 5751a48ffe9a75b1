"""The prerequisite walk every reader of the prerequisite graph shares (decision 0017)."""

from modules.prerequisites import prerequisite_path_back_to, prerequisites_first


def test_each_module_comes_after_what_it_needs_in_the_order_given():
    needs = {"C": ["B", "A"], "B": ["A"], "D": []}

    walk = prerequisites_first(starts=["D", "C"], prerequisites_of=lambda m: needs.get(m, []))

    assert walk.order == ["D", "A", "B", "C"]
    assert walk.needed_by == {"B": "C", "A": "B"}
    assert walk.loops == []


def test_a_loop_is_cut_where_it_closes_and_named():
    needs = {"A": ["B"], "B": ["C"], "C": ["A"]}

    walk = prerequisites_first(starts=["A"], prerequisites_of=needs.get)

    assert walk.order == ["C", "B", "A"]
    assert walk.loops == [["A", "B", "C", "A"]]
    assert prerequisite_path_back_to(start="A", edges=needs) == ["A", "B", "C", "A"]
    assert prerequisite_path_back_to(start="A", edges={"A": ["B"], "B": []}) == []
