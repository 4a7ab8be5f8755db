from flask import Flask, redirect

import pages
import views


def create_app():
    app = Flask(__name__)
    app.register_blueprint(pages.bp, name="site")
    app.register_blueprint(views.bp)
    # No view: `/` serves and builds the endpoint `site.welcome`, whose first rule is `/welcome`.
    app.add_url_rule("/", endpoint="site.welcome")
    return app


def landing():
    return redirect("/")  # expect: FLK504
