from flask import Flask
from flask_restful import Api, Resource

app = Flask(__name__)  # ok: FLK204
api = Api(app)


class Health(Resource):
    def get(self):
        return {"status": "ok"}


api.add_resource(Health, "/health")
