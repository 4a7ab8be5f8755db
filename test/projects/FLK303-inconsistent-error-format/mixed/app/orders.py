from http import HTTPStatus

from flask import Blueprint, jsonify, make_response

bp = Blueprint("orders", __name__, url_prefix="/orders")
ORDERS = {}


@bp.get("/<int:order_id>")
def get_order(order_id):
    if order_id not in ORDERS:
        return jsonify({"message": "order not found"}), HTTPStatus.NOT_FOUND  # expect: FLK303
    return jsonify(ORDERS[order_id])


@bp.delete("/<int:order_id>")
def delete_order(order_id):
    if order_id not in ORDERS:
        return make_response(jsonify(detail="order not found"), 404)  # expect: FLK303
    if ORDERS[order_id] == "shipped":
        # No message key at all: which key is its message cannot be told.
        return {"status": "shipped"}, 409  # ok: FLK303
    del ORDERS[order_id]
    return "", 204
