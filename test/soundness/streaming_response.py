"""Streaming: a generator wrapped in stream_with_context that reads request
arguments and app.config while it streams."""

from flask import Flask, Response, request, stream_with_context

app = Flask(__name__)
app.config["ROWS"] = 3


@app.route("/csv")
def csv():
    def generate():
        yield "id,name\n"
        for i in range(app.config["ROWS"]):
            yield f"{i},{request.args.get('prefix', 'row')}{i}\n"

    return Response(stream_with_context(generate()), mimetype="text/csv")
