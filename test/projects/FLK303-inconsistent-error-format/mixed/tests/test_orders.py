# Test code is not part of the application: its payloads do not make the format.
def fake_view():
    return {"message": "a"}, 400  # ok: FLK303


def other_fake_view():
    return {"message": "b"}, 400  # ok: FLK303


def third_fake_view():
    return {"message": "c"}, 400  # ok: FLK303
