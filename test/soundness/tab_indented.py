"""Indented with tabs, as some editors save it: a helper, a decorator stack,
an if/else inside a view."""

from flask import Flask, request

app = Flask(__name__)
app.config["DEFAULT_NAME"] = "tab"


def name_from(args):
	return args.get("name") or app.config["DEFAULT_NAME"]


@app.route("/")
def index():
	name = name_from(request.args)
	if name == "tab":
		return "hello, tab user"
	else:
		return "hello, " + name
