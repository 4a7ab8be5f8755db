from flask import session  # expect: FLK104


def current_user_id():
    return session.get("user_id")
