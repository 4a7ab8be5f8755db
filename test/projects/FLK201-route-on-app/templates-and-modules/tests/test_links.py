from flask import url_for


def test_about(app):
    with app.test_request_context():
        assert url_for("about") == "/about"
