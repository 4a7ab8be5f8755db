from flask import abort, request  # expect: FLK104
import json, flask.json as fjson  # expect: FLK104
from dataclasses import dataclass  # ok: FLK104

# from flask import session  (a comment is no import)


@dataclass
class User:
    name: str


def rename(users, user_id):
    import flask_login  # expect: FLK104

    user = users.get(user_id)
    if user is None:
        abort(404)
    user.name = request.json["name"]
    return user, json, fjson, flask_login
