from flask import Flask, redirect

public = Flask(__name__)


@public.route("/start")
def start():
    return redirect("/console")  # expect: FLK504
