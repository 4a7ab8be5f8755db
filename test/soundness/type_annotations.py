"""Type annotations throughout: an annotated app (`app: Flask = Flask(...)`),
annotated module constants, helpers and views with return types."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify

app: Flask = Flask(__name__)
app.config["PAGE_SIZE"] = 2

BOOKS: list[dict[str, Any]] = [
    {"id": 1, "title": "Dune"},
    {"id": 2, "title": "Emma"},
    {"id": 3, "title": "Ulysses"},
]


def page(items: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    return items[:size]


@app.route("/books")
def books() -> Response:
    return jsonify(page(BOOKS, app.config["PAGE_SIZE"]))


@app.get("/books/count")
def book_count() -> tuple[str, int]:
    return str(len(BOOKS)), 200
