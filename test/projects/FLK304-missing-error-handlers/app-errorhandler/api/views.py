from flask import Blueprint, jsonify
from werkzeug.exceptions import InternalServerError, NotFound

bp = Blueprint("views", __name__)


@bp.app_errorhandler(NotFound)
def not_found(error):
    return jsonify(error="not found"), 404


@bp.app_errorhandler(InternalServerError)
def internal(error):
    return jsonify(error="internal"), 500


@bp.get("/")
def index():
    return jsonify(ok=True)
