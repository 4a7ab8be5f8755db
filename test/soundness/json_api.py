"""A small JSON API: app.json.sort_keys turned off, jsonify, request.get_json in a
POST route, 201 responses and a JSON 404."""

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
app.json.sort_keys = False

TASKS = [{"title": "write", "done": False, "id": 1}]


@app.route("/api/tasks", methods=["GET"])
def list_tasks():
    return jsonify(TASKS)


@app.route("/api/tasks", methods=["POST"])
def add_task():
    task = request.get_json() or abort(400)
    TASKS.append(task)
    return jsonify(task), 201


@app.route("/api/tasks/<int:task_id>")
def get_task(task_id):
    for task in TASKS:
        if task["id"] == task_id:
            return jsonify(task)
    return jsonify(error="no such task"), 404
