"""A background job: threading.Thread(target=refresh_report) where the target
opens `with app.app_context():` to read the config, started and joined by a view."""

import threading

from flask import Flask

app = Flask(__name__)
app.config["REPORT_TITLE"] = "Weekly report"

reports = []


def refresh_report():
    with app.app_context():
        reports.append(app.config["REPORT_TITLE"].upper())


@app.route("/refresh")
def refresh():
    worker = threading.Thread(target=refresh_report, daemon=True)
    worker.start()
    worker.join(timeout=5)
    return reports[-1] if reports else "no report"
