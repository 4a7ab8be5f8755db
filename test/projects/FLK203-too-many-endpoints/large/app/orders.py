from flask import Blueprint
from flask_restful import Api, Resource

api_bp = Blueprint("orders", __name__)
api = Api(api_bp)


class Order(Resource):
    def get(self, order_id):
        return {"id": order_id}


class OrderList(Resource):
    def get(self):
        return []


class Invoice(Resource):
    def get(self, order_id):
        return {"order": order_id}


api.add_resource(Order, "/orders/<int:order_id>")
api.add_resource(OrderList, "/orders")
api.add_resource(Invoice, "/orders/<int:order_id>/invoice")
api.add_resource(Invoice, "/invoices/<int:order_id>", endpoint="invoice_alias")
api.add_resource(OrderList, "/v2/orders", endpoint="orders_v2")
api.add_resource(Order, "/v2/orders/<int:order_id>", endpoint="order_v2")
