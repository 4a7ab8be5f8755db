"""Class-based views: a MethodView registered with app.add_url_rule(... as_view()),
and a View subclass with methods declared."""

from flask import Flask, jsonify
from flask.views import MethodView, View

app = Flask(__name__)


class ItemAPI(MethodView):
    items = ["apple", "pear"]

    def get(self):
        return jsonify(self.items)

    def post(self):
        return "", 201


class AboutView(View):
    methods = ["GET"]

    def dispatch_request(self):
        return "about (class-based)"


app.add_url_rule("/items", view_func=ItemAPI.as_view("items"))
app.add_url_rule("/about", view_func=AboutView.as_view("about"))
