"""HELD from the records: which catalogue entries can be held (`tdkt.rules.held`), and the bulk columns for it.

The catalogue decides: a yearly title (`CatalogueEntry.yearly`) is held for its year; an entry given once per
subject (`CatalogueEntry.once`: the medals and the orders of one class, each with its `once_source` in
`records/data/catalogue.json`) from its year on; nothing else is ever held (a Bằng khen or Giấy khen may be
given again for another achievement, Luật TĐKT 2022 Đ5 [C]).
"""

import numpy as np
from django.db.models import Q

from tdkt.eligibility.columns import _title_masks
from tdkt.records.models import CatalogueEntry
from tdkt.rules.columns import Columns
from tdkt.rules.held import EVER, YEAR, Holding

# Why a held entry is not proposed again, with its label.
YEARLY_SOURCE = (
    "Danh hiệu xét tặng hằng năm, mỗi năm một lần (Luật TĐKT 2022 Đ5: không khen thưởng nhiều lần cho một thành tích)"
    " [C]"
)
ONCE_UNSOURCED = "Danh mục khen thưởng: mỗi đối tượng được tặng một lần (chưa ghi căn cứ) [U]"


def holdings() -> dict[str, Holding]:
    """code -> how an award of that entry is held, for every entry that can be (one query)."""
    found = {}
    for code, name, yearly, source in CatalogueEntry.objects.filter(Q(yearly=True) | Q(once=True)).values_list(
        "code", "name", "yearly", "once_source"
    ):
        found[code] = (
            Holding(code, YEAR, name, YEARLY_SOURCE) if yearly else Holding(code, EVER, name, source or ONCE_UNSOURCED)
        )
    return found


def add_held_columns(cols: Columns, *, column: str, ids: np.ndarray, year: int, scope, codes) -> None:
    """Fill `cols.held` for the codes that can be held: awards in force of any kind, in the facts' horizon."""
    if codes and len(ids):
        cols.held = _title_masks(column, ids, year, scope, sorted(codes), frozenset())
