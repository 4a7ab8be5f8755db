from . import db  # ok: FLK105


def describe():
    from . import app as application  # expect: FLK105

    return application.name + str(db)


def helper():
    from app import db as database, app  # expect: FLK105

    return database, app
