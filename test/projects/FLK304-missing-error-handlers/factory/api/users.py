from flask import Blueprint, jsonify, make_response

users = Blueprint("users", __name__, url_prefix="/users")


@users.get("/")
def list_users():
    return jsonify([{"id": 1}])


@users.get("/count")
def count():
    return make_response(jsonify(count=1), 200)


@users.post("/")
def create_user():
    return {"id": 2}, 201


@users.get("/boom")
def boom():
    raise RuntimeError("the database is down")
