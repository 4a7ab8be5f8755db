from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException

bp = Blueprint("errors", __name__)


@bp.app_errorhandler(HTTPException)
def handle_http_error(error):
    response = {"error": error.description}  # expect: FLK303
    response["status"] = error.code
    return jsonify(response), error.code


@bp.app_errorhandler(ValueError)
def handle_value_error(error):
    return jsonify(message=str(error)), 400  # ok: FLK303


def helper_not_a_handler():
    # Not an error handler and no error status: not an error payload.
    return jsonify({"detail": "fine"})  # ok: FLK303
