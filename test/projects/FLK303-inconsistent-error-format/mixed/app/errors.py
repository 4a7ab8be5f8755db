from flask import jsonify


def register_error_handlers(app):
    @app.errorhandler(500)
    def internal_error(error):
        return jsonify(error="internal server error")  # ok: FLK303

    @app.errorhandler(405)
    def not_allowed(error):
        return jsonify({"msg": "method not allowed"}), 405  # expect: FLK303

    @app.errorhandler(403)
    def forbidden(error):
        response = jsonify({"message": "forbidden"})  # expect: FLK303
        response.status_code = 403
        return response
