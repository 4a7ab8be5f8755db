from flask import Flask
from flask_restful import Api, Resource

ITEMS = {}


class Item(Resource):
    def get(self, item_id):
        if item_id not in ITEMS:
            return {"message": "item not found"}, 404  # ok: FLK303
        return ITEMS[item_id]

    def delete(self, item_id):
        if item_id not in ITEMS:
            return {"message": "item not found", "code": "missing"}, 404  # ok: FLK303
        del ITEMS[item_id]
        return "", 204


def create_app():
    app = Flask(__name__)
    api = Api(app)
    api.add_resource(Item, "/items/<int:item_id>")
    from api.errors import bp

    app.register_blueprint(bp)
    return app
