"""The entry table answers as a dict of entry id -> label would, in a fraction of the memory."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldpunt.core.hashlists.entries import Classification
from meldpunt.core.hashlists.entry_table import EntryTable

LABELS = [(1, None), (1, Classification.BASELINE), (2, None), (3, Classification.A1)]


def test_bulk_loaded_entries_keep_their_labels_whatever_the_order():
    table = EntryTable([(30, LABELS[3]), (10, LABELS[0]), (20, LABELS[1])])
    assert len(table) == 3
    assert [table.label(n) for n in (10, 20, 30)] == [LABELS[0], LABELS[1], LABELS[3]]
    assert 20 in table and 15 not in table
    with pytest.raises(KeyError):
        table.label(15)


def test_an_entry_loaded_twice_is_refused():
    with pytest.raises(ValueError, match="entry 7 is loaded twice"):
        EntryTable([(7, LABELS[0]), (8, LABELS[0]), (7, LABELS[2])])


def test_an_empty_table_takes_additions():
    table = EntryTable()
    assert len(table) == 0 and not table.remove(1)
    table.add(1, LABELS[2])
    assert table.label(1) == LABELS[2] and len(table) == 1


operations = st.lists(
    st.tuples(st.sampled_from(["add", "remove"]), st.integers(0, 12), st.sampled_from(LABELS)),
    max_size=60,
)


@given(
    st.dictionaries(st.integers(0, 12), st.sampled_from(LABELS), max_size=10),
    operations,
)
def test_it_behaves_as_a_dict_through_additions_and_removals(loaded, steps):
    table, model = EntryTable(loaded.items()), dict(loaded)
    for operation, entry_id, label in steps:
        if operation == "add":
            table.add(entry_id, label)
            model[entry_id] = label
        else:
            assert table.remove(entry_id) == (model.pop(entry_id, None) is not None)
        assert len(table) == len(model)
    for entry_id in range(13):
        assert (entry_id in table) == (entry_id in model)
        if entry_id in model:
            assert table.label(entry_id) == model[entry_id]
