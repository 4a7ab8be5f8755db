from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask_sqlalchemy.pagination import Pagination  # ok: FLK104


def page_of_users(query, page: int) -> Pagination:
    return query.paginate(page=page, per_page=20)
