from flask import Flask, redirect

public = Flask(__name__)


@public.route("/start")
def start():
    # The console app's route: url_for("home") raises BuildError in this app.
    return redirect("/console")  # ok: FLK504
