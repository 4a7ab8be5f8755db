from flask import jsonify


def register_error_handlers(app):
    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="Resource not found"), 404

    def internal(error):
        return jsonify(error="Internal server error"), 500

    app.register_error_handler(500, internal)
